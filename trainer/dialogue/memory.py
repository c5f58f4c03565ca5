"""What the customer remembers of the conversation, so they never contradict the trainee.

The trainee's offers are captured as *slots* (a time, a day, an amount, a staff number, a phone
number, a visit) from the normalised reply; customer lines and endings may name them
(``好,那我{when}等你的电话``) or depend on what was done (a line that ``needs: [callback]`` is
only said once a callback was really promised). Ending texts are built from the points the
conversation really hit, so a debrief never praises an action that was not taken.
"""

from __future__ import annotations

import re

from trainer.language.guard import is_negated

_NUM = r"(?:\d+|[零一二两三四五六七八九十百千]+)"
_DAY = r"(?:今天|明天|后天|今晚|明早|本周[一二三四五六日]?|这周[一二三四五六日]?|下周[一二三四五六日]?|周[一二三四五六日]|星期[一二三四五六日天])"
_PART = r"(?:上午|下午|晚上|中午|早上|傍晚|一早)"
# 注意两点 / 有两点 / 以下几点 count what is to be said, they name no time.
_WHEN = re.compile(
    rf"(?<!注意)(?<!以下)(?<!有)(?<!这)(?<!说)(?<![几哪])"
    rf"{_DAY}?{_PART}?{_NUM}点(?:半|钟)?(?:前|之前|以前|左右)?"
    rf"|{_NUM}个?(?:工作日|工作天|小时|钟头|分钟|天)(?:内|之内|以内)?"
    rf"|{_DAY}(?:下班前|营业结束前|之内|内|一早|{_PART})"
)
_DAY_ALONE = re.compile(_DAY)
# 块 is also a measure word: 分成两块 / 切成几块 cut something up, they name no money.
_AMOUNT = re.compile(rf"(?<![成为])(?:{_NUM}(?:\.\d+)?(?:万|千)?(?:元|块)|{_NUM}(?:\.\d+)?万)")
_STAFF_NO = re.compile(r"工号(?:是|为)?[:：]?(\d{3,8})")
_PHONE = re.compile(r"(?<![\d号])(\d{7,12})(?!\d)")
_VISIT = re.compile(r"上门")
SLOTS = ("when", "day", "amount", "staff_no", "phone", "visit")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def capture(text: str, timed: bool) -> dict[str, str]:
    """Values a normalised reply offers; a time only when the reply gave it as a commitment."""
    found: dict[str, str] = {}
    when = _WHEN.search(text) if timed else None
    if when:
        found["when"] = when.group()
    day = _DAY_ALONE.search(when.group() if when else text)
    if day and (when or not is_negated(text, day.start())):
        found["day"] = day.group()
    for name, pattern in (("amount", _AMOUNT), ("staff_no", _STAFF_NO), ("visit", _VISIT)):
        hit = pattern.search(text)
        if hit and not is_negated(text, hit.start()):
            found[name] = hit.group(hit.lastindex or 0)
    phone = _PHONE.search(_STAFF_NO.sub("", text))
    if phone:
        found["phone"] = phone.group(1)
    return found


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


class Line(str):
    """A customer line; ``needs`` (ids done or slots known) must all hold and ``unless`` none.
    A str, so everything that only shows lines keeps working with it."""

    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def __new__(cls, text: str, needs=(), unless=()):
        """Conditions are set only on a line that has them: an instance dict is some 350 bytes, and
        most of a library's lines (every served session holds them all) have none."""
        line = super().__new__(cls, text)
        needs = tuple(dict.fromkeys((*needs, *sorted(placeholders(text)))))
        if needs:
            line.needs = needs
        if unless:
            line.unless = tuple(unless)
        return line

    @property
    def conditional(self) -> bool:
        return bool(self.needs or self.unless)

    def fits(self, known: set[str]) -> bool:
        return all(n in known for n in self.needs) and not any(u in known for u in self.unless)


def render(text: str, slots: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: slots.get(m.group(1), ""), text)


def choose_line(lines: tuple[str, ...], visits: int, known: set[str], slots: dict[str, str]) -> str:
    """Variants rotate with the visit count among those that fit what happened, so replays stay
    identical; a line naming an unknown slot is never said."""
    fitting = [line for line in lines if not isinstance(line, Line) or line.fits(known)]
    if not fitting:
        fitting = [line for line in lines if not placeholders(line)] or list(lines[:1])
    return render(fitting[(max(visits, 1) - 1) % len(fitting)], slots) if fitting else ""


def compose_debrief(base: str, credit: tuple, missed: tuple, known: set[str], slots: dict[str, str],
                    vague: dict[str, str], names: dict[str, str], vague_reasons: dict[str, str]) -> str:
    """The ending's text from what really happened: its base, a sentence for each point done,
    one for each point missed, and why each vague commitment left the customer unsure."""
    parts = [base] if base else []
    parts += [render(text, slots) for ident, text in credit if ident in known]
    parts += [render(text, slots) for ident, text in missed if ident not in known]
    for ident, wording in vague.items():
        if ident in known:
            continue
        reason = vague_reasons.get(ident) or "说法含糊,客户心里没底。"
        parts.append(f"「{names.get(ident, ident)}」只做到一半(你说的是「{wording}」): {reason}")
    return "\n".join(p for p in parts if p)
