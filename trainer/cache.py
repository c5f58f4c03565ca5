"""Compiled rubrics and scenarios kept between runs, in the user's private cache folder.

Compiling the rubric (about 100 000 wordings into automata) costs seconds; loading the compiled
form costs milliseconds. An entry is named by a hash of everything it was built from (every
input file's path and bytes, the source of the code that compiles it, the interpreter and the
matching libraries), so any change to any of them is a different entry and the old one is
simply never read again. Deleting the folder is always safe.

Entries are pickles, which must never be loaded from a place someone else can write to: the
folder must be owned by this user and closed to others, and every entry carries an HMAC made
with a random key kept in that folder. A file that is corrupt, foreign, truncated or from an
older build fails the check and is rebuilt; nothing read from the cache is trusted before that.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import importlib.util
import mmap
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Callable, TypeVar

from trainer import paths

MAGIC = b"trainer-cache-1\n"
KEY_BYTES = 32
KEEP_PER_KIND = 6
_CODE_LAYERS = ("language", "located", "scoring", "dialogue")
_LIBRARIES = ("ahocorasick", "rapidfuzz", "opencc", "yaml")

T = TypeVar("T")
_code_fingerprint: bytes | None = None


def _private(path: Path) -> bool:
    """A real folder or file (not a link), owned by this user and not writable (nor, for a
    file, readable) by anyone else. Windows has no such mode bits; there the user's profile
    folder (where platformdirs puts the cache) is private by its access list."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        return False
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (0o077 if stat.S_ISREG(info.st_mode) else 0o022)


def _folder() -> Path | None:
    folder = paths.cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if _private(folder) else None


def _key(folder: Path) -> bytes | None:
    """The HMAC key, created on first use; a key file anyone else could read is replaced."""
    path = folder / "key"
    if _private(path):
        try:
            key = path.read_bytes()
        except OSError:
            return None
        if len(key) == KEY_BYTES:
            return key
    key = os.urandom(KEY_BYTES)
    try:
        _write_atomically(folder, path, key)
    except OSError:
        return None
    return key


def _write_atomically(folder: Path, path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one (served sessions start together)."""
    import tempfile  # only writers need it; loading from the cache is on every start's clock

    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _code() -> bytes:
    """What the compiled objects depend on besides the content: the code that builds them."""
    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256(sys.version.encode())
        package = Path(__file__).resolve().parent
        # Every file of those layers, not only their Python: a data file read by the code counts too.
        sources = [Path(__file__).resolve()] + sorted(
            p for layer in _CODE_LAYERS for p in (package / layer).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts)
        for source in sources:
            digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
        for name in _LIBRARIES:
            # Found, not imported: OpenCC is imported only when something needs converting.
            spec = importlib.util.find_spec(name)
            location = Path(spec.origin if spec and spec.origin else name)
            try:
                info = location.stat()
                digest.update(f"{name}:{location}:{info.st_size}:{info.st_mtime_ns}".encode())
            except OSError:
                digest.update(name.encode())
        _code_fingerprint = digest.digest()
    return _code_fingerprint


def _file_part(path: Path, limit: int) -> bytes:
    """A file's bytes; for anything the loader will refuse (missing, special, oversized) only
    what makes it so, so hashing never blocks on a FIFO or reads a huge file."""
    try:
        info = path.stat()
    except OSError:
        return b"missing"
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return f"unread:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode()
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        return f"unreadable:{exc.errno}".encode()


def content_key(kind: str, folder: Path, limit: int, extra: str = "") -> str:
    """Every file directly in the folder counts, whatever its name, so no input can be missed."""
    digest = hashlib.sha256(_code() + kind.encode() + b"\0" + extra.encode() + b"\0")
    try:
        files = sorted(folder.resolve().iterdir())
    except OSError:
        files = []
    for path in files:
        part = _file_part(path, limit)
        digest.update(f"{path}\0{len(part)}\0".encode() + part)
    return digest.hexdigest()


def _entry(folder: Path, kind: str, key: str) -> Path:
    return folder / f"{kind}-{key[:40]}.pickle"


def _mac(secret: bytes, key: str, payload) -> bytes:
    digest = hmac.new(secret, key.encode(), hashlib.sha256)
    digest.update(payload)
    return digest.digest()


def load(kind: str, key: str) -> object | None:
    """The cached object, or None when there is none that this user's key vouches for.

    The entry is mapped, not read: its pages belong to the file and leave with it, where a
    4 MB heap copy would stay in the process's resident memory for as long as it runs.
    """
    folder = _folder()
    secret = _key(folder) if folder else None
    if secret is None:
        return None
    path = _entry(folder, kind, key)
    if not _private(path):
        return None
    header = len(MAGIC) + hashlib.sha256().digest_size
    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            with memoryview(mapped) as data:
                if len(data) < header or data[:len(MAGIC)] != MAGIC:
                    return None
                if not hmac.compare_digest(_mac(secret, key, data[header:]), data[len(MAGIC):header]):
                    return None
                return _unpickled(data[header:])
    except Exception:  # unreadable, empty (cannot be mapped), or vouched for but unusable: rebuild it
        return None


def _unpickled(data: memoryview) -> object:
    """Without the cyclic collector, which would otherwise walk the growing heap again and again
    while a hundred thousand new objects (none of them garbage) are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def return_freed_memory() -> None:
    """Hand the heap pages that loading freed back to the system, where the C library can (glibc).

    Unpickling the compiled rubric makes megabytes of temporary buffers (each automaton's state,
    freed once the automaton is built); glibc keeps those pages in the loading thread's heap for
    reuse that a long-lived app never makes: about 1.2 MiB of every served session. Only the app
    calls this, once its catalog has loaded; ``trainer score`` exits too soon for it to matter.
    """
    if sys.platform != "linux":
        return
    import ctypes  # a few milliseconds, paid by the app's catalog worker, not by every process

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except AttributeError:  # a C library without it (musl): there is nothing to hand back
        pass


def save(kind: str, key: str, value: object) -> None:
    """Best effort: a full disk or a read-only home only means the next start compiles again."""
    folder = _folder()
    secret = _key(folder) if folder else None
    if secret is None:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):  # something added that cannot be kept
        return
    mac = _mac(secret, key, payload)
    try:
        _write_atomically(folder, _entry(folder, kind, key), MAGIC + mac + payload)
        _prune(folder, kind)
    except OSError:
        return


def _prune(folder: Path, kind: str) -> None:
    """Entries for content that has since changed are never read again; keep only the newest few."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_PER_KIND:]:
        old.unlink(missing_ok=True)


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    found = load(kind, key)
    if found is not None:
        return found  # type: ignore[return-value]
    value = build()
    save(kind, key, value)
    return value
