"""A session that writes itself to the records store turn by turn.

Every entry point that lets a person train (the TUI, the browser, classroom drills) goes through
here, so a killed terminal loses nothing and every result lands in the store the same way.
"""

from __future__ import annotations

import sqlite3

from trainer.dialogue.engine import PRACTICE, Session, SessionState
from trainer.dialogue.playback import final_score, session_summary
from trainer.dialogue.scenario import Scenario
from trainer.scoring.scorer import Scorer
from trainer.store import SessionEnding, SessionRecord, Store, StoreUnavailable

WRITE_ERRORS = (StoreUnavailable, OSError, sqlite3.Error)
"""What a failing store write raises (full disk, I/O error, locked or damaged file): a front end shows
it and keeps the reply; anything else is a bug and should crash loudly."""


class RecordedSession:
    def __init__(self, session: Session, store: Store, record_id: int):
        self.session = session
        self.store = store
        self.record_id = record_id

    @classmethod
    def start(cls, scenario: Scenario, scorer: Scorer, store: Store, trainee_id: int, mode: str = PRACTICE,
              team: str | None = None, drill_id: str | None = None) -> "RecordedSession":
        session = Session(scenario, scorer, mode)
        record_id = store.start_session(trainee_id, scenario.id, mode, session.state.to_dict(), team=team, drill_id=drill_id)
        return cls(session, store, record_id)

    @classmethod
    def resume(cls, record: SessionRecord, scenario: Scenario, scorer: Scorer, store: Store) -> "RecordedSession":
        state = SessionState.from_dict(record.state)
        return cls(Session(scenario, scorer, state.mode, state), store, record.id)

    def reply(self, text: str) -> dict:
        """Play one reply and commit it (with the resumable state) before returning; the turn that
        reaches an ending commits the session's end with it, so no kill can leave it unfinished.

        When the store refuses the write (a full disk), the session is put back as it was, so the same
        reply can be sent again instead of counting twice or being lost from the records.
        """
        before = self.session.state.to_dict()
        turn = self.session.reply(text)
        ending = None
        if self.session.finished:
            reached = self.session.ending
            ending = SessionEnding(reached.id, reached.kind, final_score(self.session).total, session_summary(self.session))
        try:
            self.store.record_turn(self.record_id, turn["index"], turn["customer"], turn["reply"], turn,
                                   self.session.state.to_dict(), ending=ending)
        except Exception:
            self.session.state = SessionState.from_dict(before)
            raise
        return turn

    def hint(self) -> str:
        """Hints change the score, so the state is saved with them."""
        reference = self.session.hint()
        self.store.save_state(self.record_id, self.session.state.to_dict())
        return reference

    def abandon(self) -> None:
        self.store.abandon_session(self.record_id)
