"""``trainer serve``: where it listens and what it prints, and the trainer's set-up commands."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from trainer.classroom.access import sign_in, trainer_sign_in
from trainer.cli.group import main
from trainer.cli.serve import check_address, default_max_sessions, listen_urls, machine_addresses, serve_command
from trainer.store import open_store
from trainer.tui.served import SERVED_ENV


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["serve", *args], input=stdin)


def test_a_busy_port_is_one_line_and_exit_1():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = invoke("--port", str(busy.getsockname()[1]))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "已被占用" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("host, message", [("nosuch.invalid", "不是本机的有效地址"), ("203.0.113.7", "无法监听")])
def test_a_bad_address_is_one_line_and_exit_1(host, message):
    result = invoke("--host", host, "--port", "8765")
    assert result.exit_code == 1 and result.output.count("\n") == 1 and message in result.output


def test_all_addresses_print_the_machines_real_ones_and_localhost():
    urls, origins = listen_urls("0.0.0.0", 8123)
    assert "http://0.0.0.0:8123" not in urls and "http://127.0.0.1:8123" in urls
    assert all(f"http://{a}:8123" in urls for a in machine_addresses() if ":" not in a)
    assert "http://localhost:8123" in origins and not any("evil" in o for o in origins)
    v6_urls, _ = listen_urls("::", 8123)
    assert not any(":::" in url for url in v6_urls)
    assert all(url.startswith("http://[") for url in v6_urls if url.count(":") > 2)


def test_the_local_default_accepts_only_its_own_names():
    urls, origins = listen_urls("127.0.0.1", 8000)
    assert urls == ["http://127.0.0.1:8000"] and set(origins) == {"http://127.0.0.1:8000", "http://localhost:8000"}


def test_every_tab_is_told_it_is_served_and_the_default_limit_fits_this_machine():
    assert serve_command().startswith(f"{SERVED_ENV}=1 ")
    assert 1 <= default_max_sessions() <= 1000
    assert check_address("127.0.0.1", 0) is None


def test_the_trainer_password_is_asked_twice_and_kept_hashed(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    result = invoke("--set-trainer-password", stdin="correct horse\ncorrect horse\n")
    assert result.exit_code == 0 and "correct horse" not in result.output
    assert b"correct horse" not in (tmp_path / "trainer.sqlite3").read_bytes()
    with open_store(tmp_path / "trainer.sqlite3") as store:
        trainer_sign_in(store, "correct horse")
    assert invoke("--set-trainer-password", stdin="short\nshort\n").exit_code == 1


def test_a_roster_is_imported_and_a_pin_reset(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    roster = tmp_path / "class.csv"
    roster.write_text("姓名,工号,组\n张三,A1,阳光组\n李四,A2,阳光组\n", encoding="utf-8")
    result = invoke("--import-roster", str(roster))
    assert result.exit_code == 0 and "新增 2 人" in result.output
    with open_store(tmp_path / "trainer.sqlite3") as store:
        sign_in(store, "张三", "A1", "2468")
    assert invoke("--reset-pin", "A1").exit_code == 0
    with open_store(tmp_path / "trainer.sqlite3") as store:
        assert sign_in(store, "张三", "A1", "1357").name == "张三"
    again = invoke("--reset-pin", "A9")
    assert again.exit_code == 1 and "还没有设置 PIN" in again.output
