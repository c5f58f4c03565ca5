"""Where trainees, practice sessions and every turn are kept.

Screens talk to the abstract ``Store`` only, so the embedded SQLite file used in a branch
classroom can later be replaced by a server database without touching the UI. The interface is
deliberately small and speaks plain Python values (ints, strings, dicts); no SQL or driver type
leaks through it. Limits and validation that every backend must apply live here, beside the
contract, rather than in one implementation. Nothing under this package may import textual.

Two backends: the embedded SQLite file (``sqlite.py``, the default, no set-up) and a PostgreSQL
server a bank already runs (``postgres.py``), chosen by a database URL. Both are built from one
table definition (``schema.py``) and one Alembic migration path (``migrate.py``). SQLAlchemy
and the PostgreSQL driver are imported only when that backend or a migration is used: importing
SQLAlchemy alone costs ~270 ms here, more than the app's whole start-up margin.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from trainer.paths import database_url, db_path

MODES = ("practice", "exam")
ABANDONED = "abandoned"
MAX_REPLY_CHARS = 2_000
"""A chat reply is a sentence or two (the longest reference reply is under 200 characters, labelled
replies under 40); 2 000 keeps any honest reply whole and fifty turns of state far under MAX_JSON_CHARS."""
TRUNCATION_MARK = "…[已截断]"
MAX_JSON_CHARS = 1_000_000
# Alembic revisions in order (``migrations/versions``); the last is the schema this code writes.
# Kept here so opening an up-to-date store never imports Alembic; a test checks it against Alembic.
REVISIONS = ("0001", "0002")
HEAD = REVISIONS[-1]
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class StoreUnavailable(RuntimeError):
    """The records cannot be used (damaged, read-only, locked, newer schema, unreachable server).

    Its message is Simplified Chinese and names the database and the problem, so every front end
    (terminal, browser page, CLI) can show it as it is instead of a traceback or a blank page.
    """


def display(database: object) -> str:
    """A database as messages may name it: a server URL without its password."""
    return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", str(database))


def unavailable(database: object, problem: str) -> StoreUnavailable:
    return StoreUnavailable(f"无法使用练习记录数据库 {display(database)}:{problem}")


@dataclass(frozen=True)
class SessionEnding:
    """How a session ended, written in the same transaction as the turn that ended it, so a kill
    can never leave a session whose last turn is saved but which never finished."""

    ending_id: str | None
    ending_kind: str | None
    score: float | None
    summary: dict


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


def plain_text(text: str | None) -> str | None:
    """Typed text as every backend can hold it: PostgreSQL text cannot contain NUL, so it becomes
    U+FFFD on both backends and a copy between them stays exact."""
    return None if text is None else text.replace("\x00", "\ufffd")


def trainee_identity(name: str, staff_no: str | None) -> tuple[str, str | None]:
    """The name and staff number as stored: trimmed, an empty number is none, a name is required."""
    name = plain_text(name).strip()
    if not name:
        raise ValueError("a trainee needs a name")
    return name, plain_text(staff_no or "").strip() or None


def check_session_arguments(mode: str | None = None, idx: int | None = None, limit: int | None = None) -> None:
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if idx is not None and idx < 0:
        raise ValueError(f"turn index must be >= 0, got {idx}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")


def clip_reply(text: str) -> str:
    """A pasted essay must not bloat the file; the mark tells a reviewer text was cut."""
    text = plain_text(text)
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
    ``ValueError``; a store that cannot be used at all raises ``StoreUnavailable``. Every write is
    committed before the method returns. Methods that write take an optional ``now`` so tests and
    imports can fix the timestamps.

    A damaged row (a blob that is not JSON, a remembered trainee who no longer exists) never
    stops the app: it is left out of what is returned, as if absent, and described in
    ``problems()`` so a report or a screen can say what was skipped.
    """

    def problems(self) -> list[str]:
        """Damaged rows met so far, in Simplified Chinese, each once, in the order they were met."""
        return list(self.__dict__.get("_problems", ()))

    def _damaged(self, message: str) -> None:
        # Kept in the instance without an __init__, so a backend or test double need not call one.
        self.__dict__.setdefault("_problems", {})[message] = None

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
        ending: SessionEnding | None = None,
        now: datetime | None = None,
    ) -> None:
        """Save one turn and the session's state after it, atomically: resume never sees a turn
        without its state or a state without its turn. With ``ending``, the session is finished
        in the same transaction."""

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


def is_server_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.split(":", 1)[0].lower() in POSTGRES_SCHEMES


def sqlite_file(location: str | Path) -> Path:
    """A path, or a ``sqlite:///path`` URL, as the file it names."""
    text = str(location)
    return Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite:///") else Path(text)


def default_location() -> str | Path:
    """``TRAINER_DATABASE_URL`` when set, else the SQLite file under ``TRAINER_HOME`` / the data dir."""
    return database_url() or db_path()


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The store at ``location`` (a file path, ``sqlite:///path`` or ``postgresql://…``), or the
    default one. ``read_only`` opens it for reports: nothing is created, migrated or written.
    An out-of-date schema is migrated on open unless ``read_only``; a newer one is refused."""
    if location is None:
        try:
            location = default_location()
        except OSError as exc:  # TRAINER_HOME names a file, or the data folder cannot be made
            raise unavailable(exc.filename or "TRAINER_HOME", f"无法使用数据文件夹({exc.strerror})") from exc
    # Imported here: the implementations import this module for the types above.
    if is_server_url(location):
        from trainer.store.postgres import PostgresStore

        return PostgresStore(str(location), read_only=read_only)
    from trainer.store.sqlite import SQLiteStore

    return SQLiteStore(sqlite_file(location), read_only=read_only)
