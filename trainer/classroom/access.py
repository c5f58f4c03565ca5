"""Who may do what in a classroom, and how a person proves who they are.

A trainee is their staff number: the first sign-in sets a PIN and every later one needs it, so a
browser tab can never become somebody else by typing their number. The trainer proves the role
with a password set on the server or a one-time code ``trainer serve`` prints for their own tab.
Secrets are kept as scrypt hashes with a random salt (the store never sees one in clear), and a
staff number locks after repeated wrong PINs until the trainer resets it, so four digits cannot be
guessed by opening tab after tab. Every screen asks ``allows`` instead of deciding for itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from enum import Enum

from trainer.store import Store, Trainee

TRAINER_PASSWORD, TRAINER_CODE = "trainer-password", "trainer-code"
PIN_DIGITS = (4, 8)
MIN_PASSWORD = 8
MAX_SECRET = 256
MAX_FAILURES = 10
MAX_NAME, MAX_STAFF_NO = 40, 32
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 8
# scrypt at 16 MiB and ~50 ms: slow for a guesser, quick for one sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32


class Role(Enum):
    TRAINEE = "trainee"
    TRAINER = "trainer"


class Permission(Enum):
    """What only a trainer may open; self-study, one's own history and debriefs need none."""

    DRILLS = "drills"
    REPORTS = "reports"
    EXPORTS = "exports"


ROLE_NAMES = {Role.TRAINEE: "学员", Role.TRAINER: "培训师"}
GRANTS = {Role.TRAINEE: frozenset(), Role.TRAINER: frozenset(Permission)}
REFUSED = "这项功能需要培训师身份。"


class SignInError(ValueError):
    """A refusal the person reads as it is, in Chinese."""


def allows(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def verify_secret(secret: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        derived = _derive(secret, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, base64.b64decode(key))


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret[:MAX_SECRET].encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * n * r)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def pin_subject(staff_no: str) -> str:
    return f"pin:{staff_no}"


def check_pin_format(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise SignInError(f"PIN 应为 {low} 到 {high} 位数字。")


def sign_in(store: Store, name: str, staff_no: str, pin: str, *, pin_required: bool = True,
            remember: bool = False) -> Trainee:
    """The trainee with this staff number, if the PIN is theirs; a first sign-in sets the PIN.

    Without a staff number the name alone identifies (the terminal's own user only: the caller
    passes ``pin_required=False`` there). A name differing from the one on record is refused,
    never written over it: a typo must not rename somebody else's history.
    """
    name, staff_no = name.strip(), staff_no.strip()
    if len(name) > MAX_NAME or len(staff_no) > MAX_STAFF_NO:
        raise SignInError(f"姓名最多 {MAX_NAME} 个字,工号最多 {MAX_STAFF_NO} 个字符。")
    if not staff_no:
        if pin_required:
            raise SignInError("请填写工号。")
        if not name:
            raise SignInError("请先填写姓名,练习记录会按学员保存。")
        return store.upsert_trainee(name, None, remember=remember)
    known = store.find_trainee(staff_no)
    if known is not None and name and name != known.name:
        raise SignInError(f"工号 {staff_no} 登记的姓名不是「{name}」。请核对工号,姓名有误请找培训师更正。")
    if known is None and not name:
        raise SignInError("第一次登录请填写姓名。")
    subject = pin_subject(staff_no)
    credential = store.get_credential(subject)
    if credential is None:
        if pin or pin_required:
            check_pin_format(pin)
            if not store.create_credential(subject, hash_secret(pin)):
                raise SignInError("这个工号刚刚在别处设置了 PIN,请用那个 PIN 登录。")
    else:
        _check(store, credential.failures, subject, pin, credential.secret_hash,
               f"工号 {staff_no} 的 PIN 不对。", f"工号 {staff_no} 输错 PIN 次数过多,已锁定,请找培训师重置。")
    return store.upsert_trainee(known.name if known else name, staff_no, remember=remember)


def has_pin(store: Store, staff_no: str) -> bool:
    return store.get_credential(pin_subject(staff_no.strip())) is not None


def reset_pin(store: Store, staff_no: str) -> bool:
    """The trainer's reset: the next sign-in with this number sets a new PIN."""
    return store.delete_credential(pin_subject(staff_no.strip()))


def set_trainer_password(store: Store, password: str) -> None:
    if len(password) < MIN_PASSWORD or len(password) > MAX_SECRET:
        raise SignInError(f"培训师密码至少 {MIN_PASSWORD} 个字符。")
    store.set_credential(TRAINER_PASSWORD, hash_secret(password))


def new_trainer_code(store: Store) -> str:
    """A code for the trainer's own tab, good once; a new one replaces the last."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    store.set_credential(TRAINER_CODE, hash_secret(code))
    return code


def trainer_sign_in(store: Store, secret: str) -> None:
    """The password, or the one-time code (spent by the first tab that uses it)."""
    secret = secret.strip()
    code = store.get_credential(TRAINER_CODE)
    if code is not None and verify_secret(secret.upper(), code.secret_hash):
        if store.delete_credential(TRAINER_CODE, code.secret_hash):
            return
        raise SignInError("这个一次性口令已经用过了。")
    password = store.get_credential(TRAINER_PASSWORD)
    if password is None:
        if code is None:
            raise SignInError("服务器没有设置培训师密码,请用 trainer serve 打印的一次性口令。")
        raise SignInError("口令不对。")
    _check(store, password.failures, TRAINER_PASSWORD, secret, password.secret_hash, "密码或口令不对。",
           "培训师密码输错次数过多,已锁定,请在服务器上重新设置 (trainer serve --set-trainer-password)。")


def _check(store: Store, failures: int, subject: str, secret: str, encoded: str, wrong: str, locked: str) -> None:
    if failures >= MAX_FAILURES:
        raise SignInError(locked)
    if not verify_secret(secret, encoded):
        left = MAX_FAILURES - store.count_failure(subject)
        raise SignInError(wrong + (f" 还可以再试 {left} 次。" if left > 0 else " 已锁定。"))
    if failures:
        store.set_credential(subject, encoded)
