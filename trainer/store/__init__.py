"""Where trainees, practice sessions and every turn are kept.

Screens talk to the abstract ``Store`` only, so the embedded SQLite file used in a branch
classroom can later be replaced by a server database without touching the UI. The interface is
deliberately small and speaks plain Python values (ints, strings, dicts); no SQL or driver type
leaks through it. Limits and validation that every backend must apply live here, beside the
contract, rather than in one implementation. Nothing under this package may import textual.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from trainer.paths import db_path

MODES = ("practice", "exam")
ABANDONED = "abandoned"
MAX_REPLY_CHARS = 20_000
TRUNCATION_MARK = "…[已截断]"
MAX_JSON_CHARS = 1_000_000


class StoreUnavailable(RuntimeError):
    """The records cannot be used (damaged, read-only, locked, newer schema, unreachable server).

    Its message is Simplified Chinese and names the database and the problem, so every front end
    (terminal, browser page, CLI) can show it as it is instead of a traceback or a blank page.
    """


@dataclass(frozen=True)
class Trainee:
    id: int
    name: str
    staff_no: str | None
    created_at: str


@dataclass(frozen=True)
class Credential:
    """A secret's hash (never the secret) and the wrong attempts since it was last set."""

    subject: str
    secret_hash: str
    failures: int
    updated_at: str


@dataclass(frozen=True)
class TurnRecord:
    session_id: int
    idx: int
    created_at: str
    customer_text: str
    reply: str
    result: dict


@dataclass(frozen=True)
class DrillEvent:
    id: int
    drill_id: str
    kind: str
    team: str | None
    author: str | None
    payload: dict
    created_at: str


@dataclass(frozen=True)
class SessionRecord:
    """One attempt at a scenario.

    ``turns`` is ``None`` when the query did not load them (``list_sessions``), never an empty
    stand-in, so a history screen cannot mistake "not loaded" for "no turns".
    """

    id: int
    trainee_id: int
    scenario_id: str
    mode: str
    started_at: str
    finished_at: str | None
    ending_id: str | None
    ending_kind: str | None
    score: float | None
    summary: dict | None
    state: dict
    team: str | None
    drill_id: str | None
    turns: tuple[TurnRecord, ...] | None = None


def iso_utc(now: datetime | None = None) -> str:
    """Fixed-width ISO-8601 UTC, so text order is time order; naive datetimes are taken as UTC."""
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def clip_reply(text: str) -> str:
    """A pasted essay must not bloat the file; the mark tells a reviewer text was cut."""
    if len(text) <= MAX_REPLY_CHARS:
        return text
    return text[: MAX_REPLY_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK


def to_json(value: object, what: str) -> str:
    """Serialise a blob, refusing anything that would not read back as the same dict.

    Tuples, non-string keys and NaN silently change on a JSON round trip; resume must read
    exactly what was saved, so they are rejected here instead of surfacing as a wrong resume.
    """
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a dict, got {type(value).__name__}")
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is not JSON-serialisable: {exc}") from exc
    if len(text) > MAX_JSON_CHARS:
        raise ValueError(f"{what} is {len(text)} characters of JSON, over {MAX_JSON_CHARS}")
    if json.loads(text) != value:
        raise ValueError(f"{what} does not survive a JSON round trip (tuples or non-str keys?)")
    return text


class Store(ABC):
    """The records of who trained, on what, and every turn, safe against a killed terminal.

    Missing ids raise ``KeyError``; invalid arguments and writes to a finished session raise
    ``ValueError``. Every write is committed before the method returns. Methods that write take
    an optional ``now`` so tests and imports can fix the timestamps.
    """

    @abstractmethod
    def upsert_trainee(self, name: str, staff_no: str | None = None, *, remember: bool = True,
                       now: datetime | None = None) -> Trainee:
        """Log a trainee in: the same staff number (or, without one, the same name) is the same
        person, and a changed name is updated. With ``remember`` (the terminal's own sign-in) also
        remembered as the last trainee; a browser tab or a drill typist is not."""

    @abstractmethod
    def last_trainee(self) -> Trainee | None:
        """Who signed in at this machine's terminal most recently, to preselect on the next launch."""

    @abstractmethod
    def get_trainee(self, trainee_id: int) -> Trainee: ...

    @abstractmethod
    def list_trainees(self) -> list[Trainee]:
        """In the order they were first registered."""

    @abstractmethod
    def start_session(
        self,
        trainee_id: int,
        scenario_id: str,
        mode: str,
        state: dict,
        team: str | None = None,
        drill_id: str | None = None,
        *,
        now: datetime | None = None,
    ) -> int:
        """Open a session with its initial resumable state; returns the session id."""

    @abstractmethod
    def record_turn(
        self,
        session_id: int,
        idx: int,
        customer_text: str,
        reply: str,
        result: dict,
        state: dict,
        *,
        now: datetime | None = None,
    ) -> None:
        """Save one turn and the session's state after it, atomically: resume never sees a turn
        without its state or a state without its turn."""

    @abstractmethod
    def save_state(self, session_id: int, state: dict) -> None:
        """Save the resumable state between turns (a hint taken, for instance)."""

    @abstractmethod
    def finish_session(
        self,
        session_id: int,
        ending_id: str | None,
        ending_kind: str | None,
        score: float | None,
        summary: dict,
        *,
        now: datetime | None = None,
    ) -> None: ...

    @abstractmethod
    def abandon_session(self, session_id: int, *, now: datetime | None = None) -> None:
        """Close an unfinished session without an ending, so it is no longer offered for resume."""

    @abstractmethod
    def get_session(self, session_id: int) -> SessionRecord:
        """The session with its turns in order."""

    @abstractmethod
    def list_sessions(
        self, trainee_id: int | None = None, scenario_id: str | None = None, limit: int | None = None,
        drill_id: str | None = None,
    ) -> list[SessionRecord]:
        """Newest first, without turns."""

    @abstractmethod
    def add_drill_event(self, drill_id: str, kind: str, payload: dict, team: str | None = None,
                        author: str | None = None, *, now: datetime | None = None) -> int:
        """Append to a classroom drill's log (plan, observer score, override). Nothing is ever
        updated in place, so an override can never silently replace what it overrides."""

    @abstractmethod
    def drill_events(self, drill_id: str | None = None, kind: str | None = None) -> list[DrillEvent]:
        """A drill's log in the order it was written."""

    @abstractmethod
    def unfinished_sessions(self, trainee_id: int) -> list[SessionRecord]:
        """Resumable sessions of one trainee, newest first, with their turns."""

    # Sign-in: credentials (hashes only) and the class roster. ``trainer.classroom.access`` decides.

    @abstractmethod
    def find_trainee(self, staff_no: str) -> Trainee | None: ...

    @abstractmethod
    def get_credential(self, subject: str) -> Credential | None: ...

    @abstractmethod
    def create_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> bool:
        """Set a secret only if none is set; False when another process set one first."""

    @abstractmethod
    def set_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> None:
        """Set or replace a secret and clear its failures."""

    @abstractmethod
    def delete_credential(self, subject: str, secret_hash: str | None = None) -> bool:
        """Remove a secret (only if it is still ``secret_hash``, when given); True if removed, so
        of two tabs spending one code at once exactly one wins."""

    @abstractmethod
    def count_failure(self, subject: str) -> int:
        """One more wrong attempt at a secret; returns the failures so far."""

    @abstractmethod
    def set_team(self, trainee_id: int, team: str | None) -> None:
        """A trainee's team from the class roster."""

    @abstractmethod
    def teams(self) -> dict[int, str]:
        """Trainee id to team, for those on a roster."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_store(path: Path | None = None) -> Store:
    """The store at ``path``, or the user's database under ``TRAINER_HOME`` / the data dir."""
    # Imported here: the implementation imports this module for the types above.
    from trainer.store.sqlite import SQLiteStore

    return SQLiteStore(path if path is not None else db_path())
