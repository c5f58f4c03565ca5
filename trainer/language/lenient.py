"""A lenient second reading of a reply, for forbidden phrases only.

Trainees mistype: an IME homophone (有完没玩 for 有完没完, 不知到 for 不知道) or an English word dropped into a
Chinese phrase (这是policy规定). Reading those as the phrase meant would be wrong for polite
words and techniques (a typo earns no credit), but a forbidden phrase said with a typo is still
said. The reading keeps the offset map, so a hit still points at what was typed.
"""

from __future__ import annotations

import re

from trainer.language.text import Normalized

# Homophone typos seen in typed replies, mapped to the character meant. Only characters that are
# rare in proper service speech are listed, so the second reading runs on few replies.
HOMOPHONE_TYPOS = {
    "玩": "完",  # 有完没玩
    "凡": "烦",  # 烦不凡
    "伴": "办",  # 没法伴
    "版": "办",  # 办不了 → 版不了
    "拌": "办",
}
# Homophone typos of a common character, read only in the word they spoil: 到 or 在 alone are
# everywhere in proper speech (现在来), 知到 and 明天在来 are not. Each pair keeps its length.
WORD_TYPOS = {
    "知到": "知道",  # 我不知到
    "天在来": "天再来",  # 明天在来吧
    "次在来": "次再来",  # 下次在来
    "以经": "已经",  # 以经下班了
    "关我是": "关我事",  # 这不关我是
    "关我试": "关我事",
    "意见薄": "意见簿",  # 意见薄在门口
}
_WORD_TYPO = re.compile("|".join(WORD_TYPOS))
# Latin letters as normalisation leaves them (case-folded); a run counts only between two Chinese
# characters. The neighbours are checked in Python: a regex class spanning the CJK block costs
# milliseconds to compile, on the clock of every command that scores a reply.
_LATIN = re.compile("[a-z]+")
_ANYTHING_TO_READ = re.compile(f"[a-z{''.join(HOMOPHONE_TYPOS)}]|{_WORD_TYPO.pattern}")


def _chinese(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _latin_inside(text: str) -> set[int]:
    """Positions of Latin words standing between two Chinese characters."""
    dropped: set[int] = set()
    for found in _LATIN.finditer(text):
        start, end = found.span()
        if start and end < len(text) and _chinese(text[start - 1]) and _chinese(text[end]):
            dropped.update(range(start, end))
    return dropped


def lenient(norm: Normalized) -> Normalized | None:
    """The reply with typos read as meant and Latin words inside Chinese dropped; None when
    that reads the same as ``norm`` (most replies: one regex search decides)."""
    text = norm.text
    if _ANYTHING_TO_READ.search(text) is None:
        return None
    dropped = _latin_inside(text)
    if not dropped and not any(ch in HOMOPHONE_TYPOS for ch in text) and _WORD_TYPO.search(text) is None:
        return None
    keep = [i for i in range(len(text)) if i not in dropped]
    read = "".join(HOMOPHONE_TYPOS.get(text[i], text[i]) for i in keep)
    return Normalized(
        norm.original,
        _WORD_TYPO.sub(lambda found: WORD_TYPOS[found.group()], read),
        tuple(norm.starts[i] for i in keep),
        tuple(norm.ends[i] for i in keep),
    )
