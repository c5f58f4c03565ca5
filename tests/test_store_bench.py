"""The store benchmark measures real writer processes; here only that it counts every turn on
both backends and leaves nothing behind in the server's database."""

from __future__ import annotations

from click.testing import CliRunner

from tests.store_backends import pg_execute, postgres_server  # noqa: F401 (fixture)
from trainer.bench import store as store_bench
from trainer.cli.group import main


def test_bench_store_prints_both_backends_and_drops_its_schema(postgres_server: str) -> None:
    result = CliRunner().invoke(main, ["bench", "--store", "3", "--db", postgres_server])
    assert result.exit_code == 0, result.output
    assert "SQLite file" in result.output and "PostgreSQL server" in result.output
    assert pg_execute(postgres_server, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'trainer_bench_%'") == [(0,)]


def test_every_turn_is_counted(tmp_path) -> None:
    figures = store_bench.measure(str(tmp_path / "b.sqlite3"), 3, 4)
    assert figures.turns == 12 and len(figures.latencies_ms) == 12 and figures.per_second > 0
