"""The shipped table of what OpenCC may change is the installed OpenCC's, and text that holds
none of it is read without building the converter."""

import subprocess
import sys

import pytest

from tests.traditional_table import TABLE, changed_alone, phrase_tool, table_text
from trainer.language.text import normalize, normalize_text


def test_the_table_is_the_installed_opencc_s():
    if phrase_tool() is None:
        alone = TABLE.read_text(encoding="utf-8").splitlines()[1]
        assert set(alone) == changed_alone(), "run python -m tests.traditional_table"
    else:
        assert TABLE.read_text(encoding="utf-8") == table_text(), "run python -m tests.traditional_table"


@pytest.mark.parametrize("typed, expected", [
    ("請您稍等", "请您稍等"),
    ("我會回覆您", "我会回复您"),
    ("這個我不瞭解", "这个我不了解"),
    ("您好,请问您办理什么业务?", "您好,请问您办理什么业务?"),
])
def test_traditional_text_and_phrases_still_convert(typed, expected):
    assert normalize(typed).text == expected
    assert normalize_text(typed) == expected


def _converter_built_after(text: str) -> bool:
    probe = (f"import sys; from trainer.language import text; text.normalize({text!r}); "
             "print(text._converter is not None, 'opencc' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    built, imported = done.stdout.split()
    assert built == imported, "OpenCC is imported exactly when its converter is built"
    return built == "True"


def test_simplified_text_needs_no_opencc_and_traditional_text_builds_it():
    assert not _converter_built_after("您好,请问您办理什么业务?这是规定,我也没办法。")
    assert _converter_built_after("我會回覆您")


def test_the_loaded_table_is_no_bigger_than_its_characters_need():
    """Every process holds it: a set grown character by character has twice the table it needs."""
    from trainer.language import text

    alone = text._TABLE[0]
    assert sys.getsizeof(alone) < sys.getsizeof(frozenset(iter("".join(alone))))
