"""A class roster from a CSV the trainer already has (name, staff number, team).

Importing registers each staff number under its name before anyone signs in, so the first
sign-in with a number must match the roster's name. A number already registered under another
name is reported with its line and left as it is: a roster never renames somebody silently.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from trainer.classroom.access import MAX_NAME, MAX_STAFF_NO
from trainer.store import Store

MAX_ROSTER_BYTES = 1_000_000
HEADERS = ({"姓名", "name"}, {"工号", "staff_no", "staff number", "staff"})


@dataclass
class RosterResult:
    added: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def read_roster(data: bytes) -> list[tuple[int, str, str, str]]:
    """(line, name, staff number, team) per row; a header row is skipped. Raises ValueError."""
    if len(data) > MAX_ROSTER_BYTES:
        raise ValueError(f"名单文件超过 {MAX_ROSTER_BYTES // 1000} KB。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="strict")  # a roster saved by Excel on a Chinese Windows
    rows = []
    for line, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [cell.strip() for cell in row] + ["", "", ""]
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() in HEADERS[0] and cells[1].lower() in HEADERS[1]:
            continue
        rows.append((line, cells[0], cells[1], cells[2]))
    return rows


def import_roster(store: Store, data: bytes, source: str = "名单") -> RosterResult:
    result = RosterResult()
    for line, name, staff_no, team in read_roster(data):
        where = f"{source}:{line}"
        if not name or not staff_no:
            result.problems.append(f"{where}  姓名和工号都要填写")
            continue
        if len(name) > MAX_NAME or len(staff_no) > MAX_STAFF_NO:
            result.problems.append(f"{where}  姓名或工号过长")
            continue
        known = store.find_trainee(staff_no)
        if known is not None and known.name != name:
            result.problems.append(f"{where}  工号 {staff_no} 已登记为「{known.name}」,未改为「{name}」")
            continue
        trainee = known or store.upsert_trainee(name, staff_no, remember=False)
        store.set_team(trainee.id, team or None)
        if known:
            result.unchanged += 1
        else:
            result.added += 1
    return result
