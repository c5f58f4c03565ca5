"""The compiled-content cache: used when the content is unchanged, rebuilt when anything changes,
never trusted when it could have been written by someone else or damaged."""

from __future__ import annotations

import os
import pickle
import platform
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_rubric_loading import GOOD_ENTRY
from trainer import cache, paths
from trainer.dialogue.catalog import load_catalog
from trainer.scoring import scorer as scorer_module
from trainer.scoring.scorer import Scorer, compiled_scorer, scorer_key


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_ENV, str(folder))
    return folder


POLITE = """\
kind: polite
categories:
  - id: greeting
    name: 问候语
    reason: 来有迎声
    source: "003"
    forms: ["(您|你)好"]
"""


@pytest.fixture
def rubrics(tmp_path):
    """A small rubric: what is cached does not matter here, only when."""
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "forbidden.yaml").write_text(GOOD_ENTRY, encoding="utf-8")
    (folder / "polite.yaml").write_text(POLITE, encoding="utf-8")
    return folder.resolve()


def _entries(folder, kind="scorer"):
    return sorted(folder.glob(f"{kind}-*.pickle"))


def _count_compiles(monkeypatch) -> list:
    built = []
    real = scorer_module.load_rubrics
    monkeypatch.setattr(scorer_module, "load_rubrics", lambda folder: built.append(folder) or real(folder))
    return built


def test_a_second_load_comes_from_the_cache(cache_dir, rubrics, monkeypatch):
    built = _count_compiles(monkeypatch)
    first = compiled_scorer(rubrics)
    second = compiled_scorer(rubrics)
    assert len(built) == 1 and first is not second
    assert second.score("这是规定,我也没办法").to_json() == first.score("这是规定,我也没办法").to_json()
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in cache_dir.iterdir())


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_any_change_to_the_rubric_folder_rebuilds(cache_dir, rubrics, monkeypatch, change):
    built = _count_compiles(monkeypatch)
    compiled_scorer(rubrics)
    forbidden = rubrics / "forbidden.yaml"
    if change == "edit":
        forbidden.write_text(forbidden.read_text(encoding="utf-8").replace("这是规定", "这是规矩", 1), encoding="utf-8")
    elif change == "add":
        (rubrics / "constructions.txt").write_text("new input", encoding="utf-8")
    else:
        (rubrics / "polite.yaml").unlink()
    compiled_scorer(rubrics)
    assert len(built) == 2
    assert len(_entries(cache_dir)) == 2


def test_the_scenario_library_is_rebuilt_when_a_scenario_changes(cache_dir, tmp_path):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    before = load_catalog(scenarios, ROOT / "rubrics").library
    path = scenarios / "one-yuan-loop.yaml"
    text = path.read_text(encoding="utf-8")
    title = before.get("one-yuan-loop").title
    path.write_text(text.replace(title, title + "(改)", 1), encoding="utf-8")
    after = load_catalog(scenarios, ROOT / "rubrics").library
    assert after.get("one-yuan-loop").title == title + "(改)"
    assert len(_entries(cache_dir, "library")) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign key", "garbage", "empty"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(cache_dir, rubrics, monkeypatch, damage):
    compiled_scorer(rubrics)
    [entry] = _entries(cache_dir)
    data = entry.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data = data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]
    elif damage == "foreign key":
        (cache_dir / "key").write_bytes(os.urandom(cache.KEY_BYTES))
    elif damage == "garbage":
        data = cache.MAGIC + os.urandom(2000)
    else:
        data = b""
    entry.write_bytes(data)
    built = _count_compiles(monkeypatch)
    result = compiled_scorer(rubrics)
    assert isinstance(result, Scorer) and len(built) == 1
    assert compiled_scorer(rubrics) is not None and len(built) == 1  # the rebuilt entry is good again


class _Bomb:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_pickle_without_our_key_is_never_unpickled(cache_dir, rubrics, monkeypatch, tmp_path):
    compiled_scorer(rubrics)
    [entry] = _entries(cache_dir)
    payload = pickle.dumps(_Bomb())
    entry.write_bytes(cache.MAGIC + b"\0" * 32 + payload)
    monkeypatch.chdir(tmp_path)
    compiled_scorer(rubrics)
    assert not (tmp_path / "pwned").exists()


def test_a_folder_others_can_write_is_not_used(cache_dir, rubrics, monkeypatch):
    cache_dir.mkdir(mode=0o700)
    os.chmod(cache_dir, 0o777)
    built = _count_compiles(monkeypatch)
    compiled_scorer(rubrics)
    compiled_scorer(rubrics)
    assert len(built) == 2 and not list(cache_dir.iterdir())


def test_a_readable_key_is_replaced(cache_dir, rubrics, monkeypatch):
    compiled_scorer(rubrics)
    os.chmod(cache_dir / "key", 0o644)
    built = _count_compiles(monkeypatch)
    compiled_scorer(rubrics)
    assert len(built) == 1
    assert oct((cache_dir / "key").stat().st_mode & 0o777) == "0o600"


def test_deleting_the_cache_is_safe(cache_dir, rubrics):
    compiled_scorer(rubrics)
    shutil.rmtree(cache_dir)
    assert compiled_scorer(rubrics).score("您好").polite == ["greeting"]
    assert _entries(cache_dir)


def test_an_unwritable_cache_only_costs_a_compile(tmp_path, rubrics, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(paths.CACHE_ENV, str(blocker / "cache"))
    assert compiled_scorer(rubrics).score("您好").polite == ["greeting"]


def test_broken_rubrics_are_not_cached(cache_dir, rubrics):
    (rubrics / "forbidden.yaml").write_text("kind: forbidden\nphrases: 3\n", encoding="utf-8")
    from trainer.located.problems import ContentError

    for _ in range(2):
        with pytest.raises(ContentError):
            compiled_scorer(rubrics)
    assert not _entries(cache_dir)


def test_the_key_names_the_content_not_the_time(rubrics):
    before = scorer_key(rubrics)
    os.utime(rubrics / "forbidden.yaml", (1, 1))
    assert scorer_key(rubrics) == before


def test_old_entries_are_pruned(cache_dir, rubrics):
    for i in range(cache.KEEP_PER_KIND + 3):
        (rubrics / "extra.txt").write_text(str(i), encoding="utf-8")
        compiled_scorer(rubrics)
    assert len(_entries(cache_dir)) == cache.KEEP_PER_KIND


def test_a_linked_cache_folder_is_not_used(tmp_path, rubrics, monkeypatch):
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "link"))
    compiled_scorer(rubrics)
    assert not list(real.iterdir())


def test_content_from_the_cache_never_imports_yaml(cache_dir):
    """PyYAML is about 1 MiB of every served session; only parsing a content file needs it."""
    probe = ("import sys; from trainer.cli.scoring import main; from trainer.dialogue.catalog import load_catalog; "
             "assert main(['您好,这是规定']); load_catalog(); print('yaml' in sys.modules, file=sys.stderr)")
    env = os.environ | {paths.CACHE_ENV: str(cache_dir)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env)
            for _ in range(2)]
    assert [(run.returncode, run.stderr.strip()) for run in runs] == [(0, "True"), (0, "False")]


FREED_IN_A_THREAD = """
import threading
from trainer.cache import return_freed_memory

def resident_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

kept = []

def load():
    buffers = [bytes(2000) for _ in range(20000)]  # 40 MB of the thread's heap, as unpickling makes
    kept.append(buffers[-1])  # the heap's top stays in use, so freeing alone cannot shrink it
    del buffers

worker = threading.Thread(target=load)
worker.start()
worker.join()
before = resident_kib()
return_freed_memory()
print(before - resident_kib())
"""


@pytest.mark.skipif(sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim")
def test_memory_freed_after_loading_goes_back_to_the_system():
    done = subprocess.run([sys.executable, "-c", FREED_IN_A_THREAD], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20_000  # KiB

