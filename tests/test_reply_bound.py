"""Replies are bounded once, where they enter the engine, and stored bounded everywhere (issue 13).

A 1 MB paste used to fail the JSON size check (nothing stored); five 200 000-character replies broke
the state size; the store's clip cut only the reply column while ``result`` and ``state`` kept all.
"""

import pytest

from trainer.dialogue.recording import RecordedSession
from trainer.store import MAX_REPLY_CHARS, TRUNCATION_MARK


@pytest.mark.parametrize("length, replies", [(1_000_000, 1), (200_000, 5)], ids=["one-1MB-paste", "five-200k-replies"])
def test_long_replies_are_stored_bounded_everywhere(catalog, store, length, replies):
    trainee = store.upsert_trainee("张小明", "A1")
    recorded = RecordedSession.start(catalog.library.get("one-yuan-loop"), catalog.scorer, store, trainee.id)
    typed = "您好,请您先别着急。" * (length // 10)
    for _ in range(replies):
        if recorded.session.finished:
            break
        turn = recorded.reply(typed)
        assert len(turn["reply"]) == MAX_REPLY_CHARS and turn["reply"].endswith(TRUNCATION_MARK)
    record = store.get_session(recorded.record_id)
    assert record.turns
    for saved in record.turns:
        assert saved.reply == saved.result["reply"] == turn["reply"]
    assert all(len(t["reply"]) <= MAX_REPLY_CHARS for t in record.state["turns"])
    assert len(str(record.state)) < 50 * MAX_REPLY_CHARS
