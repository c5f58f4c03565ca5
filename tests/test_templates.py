import pytest

from trainer.language.templates import MAX_VARIANTS, TemplateError, expand


@pytest.mark.parametrize("template, wordings", [
    ("这(是|是我们的)规定", {"这是规定", "这是我们的规定"}),
    ("爱上哪[儿]告", {"爱上哪告"}),
    ("(要|快)下班了…再来", {"要下班了…再来", "快下班了…再来"}),
    ("這是[(銀行|上級)的]規定", {"这是规定", "这是银行的规定", "这是上级的规定"}),
    ("(a|(b|c)d)", {"a", "bd", "cd"}),
])
def test_expand(template, wordings):
    assert {v.text for v in expand(template)} == wordings


@pytest.mark.parametrize("template, message", [
    ("这(是规定", "never closed"),
    ("这是]规定", "unexpected"),
    ("[a|b]", "inside [...]"),
    ("(a]", "other kind of bracket"),
    ("", "empty"),
    ("[ ]", "empty"),
    ("(你们|您)?办", "after a group"),
])
def test_bad_templates_say_why(template, message):
    with pytest.raises(TemplateError, match=message if message != "inside [...]" else r"inside \[\.\.\.\]"):
        expand(template)


def test_expansion_is_bounded():
    with pytest.raises(TemplateError, match=str(MAX_VARIANTS)):
        expand("(a|b|c|d)" * 8)
