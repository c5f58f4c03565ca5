"""The SQLite store's sign-in queries: credential hashes and the roster's teams.

Kept apart from the session records so each module reads as one concern; ``SQLiteStore`` mixes
this in and supplies ``_transaction``, ``_read`` and the trainee lookup it shares.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from trainer.store import Credential, Trainee, iso_utc


class SignInQueries:
    """Credentials (hashes only) and roster teams; ``trainer.classroom.access`` decides."""

    def find_trainee(self, staff_no: str) -> Trainee | None:
        row = self._read(lambda conn: conn.execute(
            "SELECT id, name, staff_no, created_at FROM trainees WHERE staff_no = ?", (staff_no.strip(),)).fetchone())
        return Trainee(*row) if row else None

    def get_credential(self, subject: str) -> Credential | None:
        row = self._read(lambda conn: conn.execute(
            "SELECT subject, secret_hash, failures, updated_at FROM credentials WHERE subject = ?", (subject,)).fetchone())
        return Credential(*row) if row else None

    def create_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> bool:
        return self._transaction(lambda conn: conn.execute(
            "INSERT OR IGNORE INTO credentials (subject, secret_hash, failures, updated_at) VALUES (?, ?, 0, ?)",
            (subject, secret_hash, iso_utc(now))).rowcount == 1)

    def set_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> None:
        self._transaction(lambda conn: conn.execute(
            "INSERT INTO credentials (subject, secret_hash, failures, updated_at) VALUES (?, ?, 0, ?) ON CONFLICT (subject)"
            " DO UPDATE SET secret_hash = excluded.secret_hash, failures = 0, updated_at = excluded.updated_at",
            (subject, secret_hash, iso_utc(now))))

    def delete_credential(self, subject: str, secret_hash: str | None = None) -> bool:
        return self._transaction(lambda conn: conn.execute(
            "DELETE FROM credentials WHERE subject = ?1 AND (?2 IS NULL OR secret_hash = ?2)",
            (subject, secret_hash)).rowcount == 1)

    def count_failure(self, subject: str) -> int:
        def work(conn: sqlite3.Connection) -> int:
            conn.execute("UPDATE credentials SET failures = failures + 1 WHERE subject = ?", (subject,))
            row = conn.execute("SELECT failures FROM credentials WHERE subject = ?", (subject,)).fetchone()
            return row[0] if row else 0

        return self._transaction(work)

    def set_team(self, trainee_id: int, team: str | None) -> None:
        def work(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM trainees WHERE id = ?", (trainee_id,)).fetchone() is None:
                raise KeyError(f"no trainee {trainee_id}")
            if team:
                conn.execute("INSERT INTO trainee_teams (trainee_id, team) VALUES (?, ?) ON CONFLICT (trainee_id)"
                             " DO UPDATE SET team = excluded.team", (trainee_id, team))
            else:
                conn.execute("DELETE FROM trainee_teams WHERE trainee_id = ?", (trainee_id,))

        self._transaction(work)

    def teams(self) -> dict[int, str]:
        return dict(self._read(lambda conn: conn.execute("SELECT trainee_id, team FROM trainee_teams").fetchall()))
