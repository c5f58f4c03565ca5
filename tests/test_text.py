import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.language.text import _normalize_mapped, normalize


@pytest.mark.parametrize("typed, expected", [
    ("這是規定", "这是规定"),
    ("这 是 规 定", "这是规定"),
    ("这\u200b是\u200b规\u200b定", "这是规定"),
    ("ＯＫ，这事儿没法办！", "ok,这事没法办!"),
    ("爱上哪儿告就上哪儿告去", "爱上哪告就上哪告去"),
    ("沒看我正忙著嗎", "没看我正忙着吗"),
    ("她是我女儿", "她是我女儿"),
    ("这是显著的进步", "这是显著的进步"),
    ("「这是规定」", '"这是规定"'),
    ("机器打坏了", "机器打坏了"),  # t2s's phrase table reads 打坏 as 打坯
    ("機器打壞了", "机器打坏了"),
])
def test_normalize_folds_what_trainees_type(typed, expected):
    assert normalize(typed).text == expected


@pytest.mark.parametrize("typed, start, end, original", [
    ("好的, 这 是 规 定", 3, 7, "这 是 规 定"),
    ("ＯＫ這是規定", 2, 6, "這是規定"),
    ("去哪儿告", 1, 3, "哪儿告"),
])
def test_spans_map_back_to_what_was_typed(typed, start, end, original):
    norm = normalize(typed)
    a, b = norm.span(start, end)
    assert typed[a:b] == original


def test_empty_and_control_only_text():
    assert normalize("").text == ""
    assert normalize("\x00\x07\u200d").text == ""


TYPED = st.text(alphabet=st.sampled_from("这是規定儿哪著名\n\r 　，,ＯＫok\u200b「」工作天"), max_size=30) | st.text(max_size=30)


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_the_one_for_one_shortcut_reads_as_the_character_map_does(typed):
    """Most replies fold character for character and skip building the map; both ways agree."""
    assert normalize(typed) == _normalize_mapped(typed)
