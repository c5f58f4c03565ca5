"""``trainer serve``: the same app in browsers, so a class joins with nothing installed.

Each browser tab runs its own ``trainer`` process (textual-serve), all writing to one store, so
the trainer's scoreboard sees results as they arrive. The command given to textual-serve sets
``TRAINER_SERVED=1``, so a tab's app starts signed out and as a trainee; the trainer's own tab
signs in with the password set here or the one-time code printed at start. The same command
sets the password, imports the class roster and resets a trainee's PIN.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

import click

from trainer.cli.group import main

LOCAL = "127.0.0.1"
ALL_ADDRESSES = ("0.0.0.0", "::")
SESSIONS_PER_CORE, MIB_PER_SESSION = 20, 200


def default_max_sessions() -> int:
    """What this machine carries while every trainee types: CPU runs out first on small machines
    (2 cores: 40, what ``trainer bench --serve 40`` measures), memory on big ones."""
    cores = os.cpu_count() or 1
    try:
        memory_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        memory_mib = 4096
    return max(1, min(cores * SESSIONS_PER_CORE, memory_mib // MIB_PER_SESSION))


def serve_command() -> str:
    from trainer.tui.served import SERVED_ENV

    return f"{SERVED_ENV}=1 {shlex.quote(sys.executable)} -m trainer"


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def machine_addresses() -> list[str]:
    """The addresses other machines reach this one by: the one the default route leaves from (a
    UDP socket is connected, nothing is sent) and whatever the host name resolves to."""
    found: list[str] = []
    for family, probe in ((socket.AF_INET, "10.255.255.255"), (socket.AF_INET6, "fd00::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 1))
                found.append(sock.getsockname()[0])
        except OSError:
            pass
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        pass
    addresses = []
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified) and str(ip) not in addresses:
            addresses.append(str(ip))
    return addresses


def listen_urls(host: str, port: int) -> tuple[list[str], list[str]]:
    """(URLs to print, origins a websocket may come from). Every name the server answers to is an
    origin; a page served under any other name (another site, a rebinding DNS name) is refused."""
    if host in ALL_ADDRESSES:
        remote = [_url(a, port) for a in machine_addresses() if host == "::" or ":" not in a]
        local = [_url(LOCAL, port), _url("localhost", port)] + ([_url("::1", port)] if host == "::" else [])
        names = [_url(socket.gethostname(), port), _url(socket.getfqdn(), port)]
        return remote + local[:1], remote + local + names
    if host in (LOCAL, "localhost"):
        return [_url(LOCAL, port)], [_url(LOCAL, port), _url("localhost", port)]
    return [_url(host, port)], [_url(host, port)]


def check_address(host: str, port: int) -> str | None:
    """One line saying why the server cannot listen there, or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return f"无法使用地址 {host}: 不是本机的有效地址或主机名"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except PermissionError:
            return f"没有权限监听端口 {port} (1024 以下的端口需要管理员权限),请换一个端口,例如 --port 8000"
        except OSError as error:
            if error.errno == 98:  # EADDRINUSE
                return f"端口 {port} 已被占用 (可能另一个 trainer serve 正在运行),请换一个端口: --port {port + 1}"
            return f"无法监听 {host}:{port}: {error.strerror or error}"
    return None


def _fail(message: str) -> None:
    click.echo(f"trainer: {message}", err=True)
    raise SystemExit(1)


def _open_store():
    """The store, or why it cannot be used: serving goes on, and each tab shows the reason."""
    from trainer.store import open_store

    try:
        return open_store()
    except Exception as error:  # noqa: BLE001 - StoreUnavailable, sqlite3.Error, OSError: a line, not a traceback
        return error


def _admin(store, set_password: bool, roster: Path | None, reset_pin: str | None) -> None:
    from trainer.classroom.access import SignInError, reset_pin as reset, set_trainer_password

    if set_password:
        password = click.prompt("培训师密码 (至少 8 个字符)", hide_input=True, confirmation_prompt="再输入一次")
        try:
            set_trainer_password(store, password)
        except SignInError as error:
            _fail(str(error))
        click.echo("trainer: 已设置培训师密码 (只保存了它的散列)")
    if roster is not None:
        from trainer.classroom.roster import import_roster

        try:
            result = import_roster(store, roster.read_bytes(), roster.name)
        except (OSError, ValueError) as error:
            _fail(f"{roster}: {error}")
        click.echo(f"trainer: 名单导入: 新增 {result.added} 人, 已有 {result.unchanged} 人")
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
    if reset_pin is not None:
        if reset(store, reset_pin):
            click.echo(f"trainer: 已重置工号 {reset_pin} 的 PIN,下次登录时设置新 PIN")
        else:
            _fail(f"工号 {reset_pin} 还没有设置 PIN")


@main.command()
@click.option("--host", default=LOCAL, show_default=True,
              help="Address to listen on. Only the local machine can connect unless you change it (0.0.0.0 or ::).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public-url", default=None, help="The URL students type, when behind a proxy.")
@click.option("--max-sessions", type=click.IntRange(1, 1000), default=None,
              help="Browser tabs at once (default: sized for this machine's cores and memory).")
@click.option("--idle-minutes", type=click.FloatRange(0.05, 24 * 60), default=30, show_default=True,
              help="End a tab's session (and free its process) after this long without a key or click.")
@click.option("--set-trainer-password", "set_password", is_flag=True,
              help="Set the trainer's password (asked for, stored hashed), then exit.")
@click.option("--import-roster", "roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Register a class from a CSV (name, staff number, team), then exit.")
@click.option("--reset-pin", metavar="STAFF_NO", default=None, help="Let this staff number set a new PIN, then exit.")
def serve(host: str, port: int, public_url: str | None, max_sessions: int | None, idle_minutes: float,
          set_password: bool, roster: Path | None, reset_pin: str | None) -> None:
    """浏览器接入 / Serve the app to browsers (one app process per browser tab)."""
    store = _open_store()
    if set_password or roster is not None or reset_pin is not None:
        if isinstance(store, Exception):
            _fail(str(store))
        with store:
            _admin(store, set_password, roster, reset_pin)
        return
    problem = check_address(host, port)
    if problem:
        _fail(problem)
    from trainer.classroom.access import new_trainer_code
    from trainer.tui.server import make_server

    urls, origins = listen_urls(host, port)
    if public_url:
        urls = [public_url.rstrip("/")]
    limit = max_sessions or default_max_sessions()
    server = make_server(serve_command(), host, port, public_url, max_sessions=limit, idle_minutes=idle_minutes,
                         origins=set(origins))
    for url in urls:
        click.echo(f"trainer: 浏览器打开 {url}/")
    if host in ALL_ADDRESSES or host not in (LOCAL, "localhost", "::1"):
        click.echo("trainer: 其他电脑可以访问;学员需用工号和 PIN 登录,第一次登录时设置 PIN", err=True)
    click.echo(f"trainer: 最多 {limit} 个同时在线,{idle_minutes:g} 分钟无操作自动结束")
    if isinstance(store, Exception):
        click.echo(f"trainer: 练习记录无法使用: {store} (浏览器里会显示这条说明)", err=True)
    else:
        with store:
            code = new_trainer_code(store)
        click.echo(f"trainer: 培训师一次性口令: {code} (在自己的浏览器页面按 F9 输入,只能用一次)")
    try:
        server.serve()
    except OSError as error:
        _fail(f"无法监听 {host}:{port}: {error.strerror or error}")
