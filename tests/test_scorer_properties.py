from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.scoring.scorer import MAX_REPLY_CHARS

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_scores(scorer, text):
    result = scorer.score(text)
    for hit in result.forbidden + result.polite_hits:
        assert 0 <= hit.start <= hit.end <= len(text)
        assert text[hit.start:hit.end] == hit.match


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.one_of(CHINESE, st.sampled_from("这是规定没法办您好请谢谢 \u200b,。!")), max_size=200))
def test_chinese_like_text_scores_with_exact_spans(scorer, text):
    result = scorer.score(text)
    assert all(text[h.start:h.end] == h.match for h in result.forbidden)


def test_huge_reply_scores(scorer):
    text = ("您好,请问办理什么业务?这是规定。" * 7000)[:100_000]
    result = scorer.score(text)
    assert result.forbidden and not result.truncated


def test_reply_over_the_limit_is_marked_truncated(scorer):
    assert scorer.score("好" * (MAX_REPLY_CHARS + 1)).truncated
