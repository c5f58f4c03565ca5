"""One person, one row: a drill typist is known by name only, the same trainee signed in with a staff number.

A classroom drill records the typist's name as typed on the board; the same person practising
alone signs in with name and staff number. Matching goes through the store's own trainee list,
so any store behind the interface gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from trainer.store import Store, Trainee


def _by_name(trainees: Iterable[Trainee]) -> dict[str, list[Trainee]]:
    named: dict[str, list[Trainee]] = {}
    for trainee in sorted(trainees, key=lambda t: t.id):
        named.setdefault(trainee.name.strip(), []).append(trainee)
    return named


def same_people(trainees: Iterable[Trainee]) -> dict[int, Trainee]:
    """Trainee id → the person it stands for: a name-only record joins the one staff-numbered
    trainee of that name; two staff numbers under one name are two people, and stay apart."""
    people = {}
    for group in _by_name(trainees).values():
        numbered = [t for t in group if t.staff_no]
        for trainee in group:
            people[trainee.id] = numbered[0] if not trainee.staff_no and len(numbered) == 1 else trainee
    return people


def trainee_named(store: Store, name: str) -> Trainee:
    """The trainee a typed name means: the one signed-in person of that name, or a name-only record."""
    numbered = [t for t in _by_name(store.list_trainees()).get(name.strip(), []) if t.staff_no]
    return numbered[0] if len(numbered) == 1 else store.upsert_trainee(name, remember=False)
