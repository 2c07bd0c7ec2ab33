"""The researcher's workbench with real kernels (slow: tier ``notebooks``, run by ``make test``).

* ``make lab`` starts JupyterLab headless on 127.0.0.1 with a token, serves its API and the
  project's kernel, and stops;
* every explorer in ``book/`` (a cell that calls ``table_explorer``) works with a live kernel:
  the cell runs, a control changes as JupyterLab would change it, and the kernel follows;
* ``make vary`` reruns a page under ``alpha = 0.01`` into ``_build/variants``: the verdicts
  that depend on alpha change there, and nothing that git tracks changes;
* a rerun under other settings in a throw-away copy: ``diff-outputs`` names the changed
  verdicts, and ``git diff`` (nbdime's driver) shows readable text;
* ``make chapter``'s run re-executes in place and passes strict nbval, whatever
  ``$LWTBOOK_SETTINGS`` the shell has.
"""

from __future__ import annotations

import ast
import html
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from lwtbook import notebooks, outputs, reanalysis
from lwtbook.settings import ENV, use

from .conftest import ROOT

pytestmark = pytest.mark.notebooks

PAGE = "herberekening"  # a methods page whose tables show every test's verdict
VARIED = "alpha=0.01"


def explorer_cells(path: Path) -> list[int]:
    """Indexes of the code cells of *path* that call ``table_explorer`` (any spelling)."""
    found = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and "table_explorer" in (
                    getattr(node.func, "attr", None), getattr(node.func, "id", None)):
                found.append(index)
                break
    return found


EXPLORER_NOTEBOOKS = [p for p in notebooks.notebooks(ROOT) if explorer_cells(p)]


def depends_on_alpha() -> dict[str, tuple[str, str]]:
    """Tests whose verdict differs under ``alpha = 0.01``: ``{id: (edition, varied)}``."""
    edition = {t: reanalysis.result(t).verdict_nl for t in reanalysis.ids()}
    with use(alpha=0.01):
        varied = {t: reanalysis.result(t).verdict_nl for t in reanalysis.ids()}
    return {t: (edition[t], varied[t]) for t in edition if edition[t] != varied[t]}


def verdicts_shown(nb: dict) -> dict[str, str]:
    """``{test id: verdict}`` as the tables of a notebook show them (the † mark dropped)."""
    shown = {}
    for where, text in outputs.facts(nb).items():
        parts = where.split(" | ")
        if len(parts) == 3 and parts[2].endswith("Oordeel") and parts[1][:1] == "H":
            shown[parts[1].split()[0]] = text.rstrip("†")
    return shown


def tracked_state() -> str:
    """What git sees of the tracked files (modified, staged, deleted), with the HEAD commit."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return head + status


def isolated_git_env(home: Path) -> dict[str, str]:
    """An environment in which git reads no user or system configuration."""
    home.mkdir(exist_ok=True)
    return dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")


@pytest.fixture
def copy(tmp_path: Path, monkeypatch) -> Path:
    """A throw-away git repository holding the book's frame and the committed *PAGE*."""
    root = tmp_path / "copy"
    (root / "book").mkdir(parents=True)
    for name in ("_toc.yml", "nbval_sanitize.cfg", f"book/{PAGE}.ipynb"):
        shutil.copy(ROOT / name, root / name)
    env = isolated_git_env(tmp_path / "home")
    for key in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME",
                "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, env[key])
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "committed outputs"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


# --------------------------------------------------------------------------- make lab


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str | None, method: str = "GET") -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_make_lab_serves_the_book_with_the_projects_kernel(tmp_path):
    port, token = free_port(), os.urandom(16).hex()
    base = f"http://127.0.0.1:{port}"
    args = (f"--no-browser --ServerApp.port={port} --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={token}")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = (tmp_path / "lab.log").open("wb")
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        for _ in range(240):  # up to two minutes on a busy machine
            try:
                if get(f"{base}/api/status", token)[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "lab.log").read_text(errors="replace")
            time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer: " + (tmp_path / "lab.log").read_text())
        assert get(f"{base}/api/contents", None)[0] == 403  # the token is needed
        status, body = get(f"{base}/api/contents", token)
        names = {item["name"] for item in json.loads(body)["content"]}
        assert status == 200 and {p.name for p in notebooks.notebooks(ROOT)} <= names
        status, body = get(f"{base}/lab", token)
        assert status == 200 and b"JupyterLab" in body
        specs = json.loads(get(f"{base}/api/kernelspecs", token)[1])
        assert specs["default"] == "python3" and "python3" in specs["kernelspecs"]
        # a kernel started by the server is this environment's Python, with lwtbook
        status, body = get(f"{base}/api/kernels", token, method="POST")
        kernel = json.loads(body)["id"]
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient(connection_file=str(tmp_path / "runtime" /
                                                          f"kernel-{kernel}.json"))
        client.load_connection_file()
        client.start_channels()
        seen = []
        reply = client.execute_interactive(
            "import sys, lwtbook; print(sys.executable, lwtbook.load('t2_5').shape[0] > 0)",
            timeout=120, output_hook=lambda m: seen.append(m["content"].get("text", "")))
        client.stop_channels()
        assert reply["content"]["status"] == "ok"
        assert "".join(seen).split() == [sys.executable, "True"]
    finally:
        try:
            get(f"{base}/api/shutdown", token, method="POST")
            server.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)  # the group this test started
                server.wait(timeout=30)
        log.close()
    assert server.returncode is not None


# --------------------------------------------------------------------------- explorers


def test_explorer_cells_are_found():
    assert EXPLORER_NOTEBOOKS, "no notebook in book/ calls table_explorer"


@pytest.mark.parametrize("path", EXPLORER_NOTEBOOKS, ids=lambda p: p.stem)
def test_explorers_work_with_a_live_kernel(path):
    """Each explorer cell runs in a fresh kernel after the notebook's parameters cell; only a
    cell that needs names from earlier cells (NameError) gets every code cell before it."""
    nb = nbformat.read(path, as_version=4)
    for wanted in explorer_cells(path):
        prelude = [c for c in nb.cells[:wanted] if "parameters" in c.metadata.get("tags", [])]
        with live_kernel(path) as client:
            reply = run_cells(client, path, [*prelude, nb.cells[wanted]])
            if reply["content"].get("ename") != "NameError":
                assert reply["content"]["status"] == "ok", (path.name, reply["content"])
                change_the_control(client)
                continue
        with live_kernel(path) as client:
            code = [c for c in nb.cells[:wanted + 1] if c.cell_type == "code"]
            reply = run_cells(client, path, code)
            assert reply["content"]["status"] == "ok", (path.name, reply["content"])
            change_the_control(client)


@contextmanager
def live_kernel(path: Path) -> Iterator:
    """A fresh python3 kernel in the notebook's folder, under the edition's settings."""
    from jupyter_client.manager import start_new_kernel

    with notebooks.kernel_settings(None):
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(path.parent),
                                           startup_timeout=120)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run_cells(client, path: Path, cells: list) -> dict:
    """Run *cells* in order; the reply of the last one, or of the first that failed."""
    reply = {}
    for cell in cells:
        reply = client.execute_interactive(cell.source, timeout=600, output_hook=lambda m: None)
        if reply["content"]["status"] != "ok":
            break
    return reply


def change_the_control(client) -> None:
    """The explorer just shown (the last output, ``Out[max(Out)]``: not ``_``, which a chapter
    may assign itself): its pages are its options', its control is linked to
    them in the browser, a reader's choice reaches the kernel, the kernel's reaches the reader."""
    info = _printed(client, "import json as _j\n_box = Out[max(Out)]\n"
                    "_dd, _stack = _box.children\n"
                    "print(_j.dumps({'dd': _dd.model_id, 'stack': _stack.model_id, "
                    "'options': [o[0] for o in _dd.options], "
                    "'pages': [p.value for p in _stack.children], 'link': "
                    "[_box.link.source[0].model_id, _box.link.source[1], "
                    "_box.link.target[0].model_id, _box.link.target[1]]}))")
    options = info["options"]
    assert len(options) >= 2 and len(info["pages"]) == len(options)
    # the browser-side link shows page k when the control says k
    assert info["link"] == [info["dd"], "index", info["stack"], "selected_index"]
    for label, page in zip(options, info["pages"], strict=True):
        assert f"– {html.escape(label)}" in page, f"page for {label!r} is not its own"
    # a reader picks the last option: JupyterLab sends this message to the kernel
    last = len(options) - 1
    client.shell_channel.send(client.session.msg("comm_msg", {
        "comm_id": info["dd"],
        "data": {"method": "update", "state": {"index": last}, "buffer_paths": []}}))
    for _ in range(50):
        state = _printed(client, "print(_j.dumps([_dd.index, _dd.label]))")
        if state[0] == last:
            break
        time.sleep(0.1)
    assert state == [last, options[last]]
    # and the kernel can change it too: it tells the frontend the new state
    messages = []
    client.execute_interactive("_dd.index = 0", timeout=60,
                               output_hook=messages.append)
    updates = [m["content"]["data"] for m in messages if m["msg_type"] == "comm_msg"
               and m["content"]["comm_id"] == info["dd"]]
    assert any(u.get("method") == "update" and u["state"].get("index") == 0
               for u in updates), updates


def _printed(client, code: str):
    """Run *code* in the kernel and return the JSON it prints."""
    out = []
    reply = client.execute_interactive(
        code, timeout=60,
        output_hook=lambda m: out.append(m["content"].get("text", ""))
        if m["msg_type"] == "stream" else None)
    assert reply["content"]["status"] == "ok", code
    return json.loads("".join(out))


# --------------------------------------------------------------------------- make vary


def test_make_vary_changes_the_verdicts_that_depend_on_alpha_and_nothing_committed():
    expected = depends_on_alpha()
    assert expected, "no verdict depends on alpha = 0.01: choose another variation"
    before = tracked_state()
    run = subprocess.run(["make", "--no-print-directory", "vary", f"CH={PAGE}",
                          f"SET={VARIED}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    assert tracked_state() == before, "make vary changed a file that git tracks"
    notebook = ROOT / "_build" / "variants" / f"{PAGE}-{VARIED}.ipynb"
    page = notebook.with_suffix(".html")
    assert notebook.is_file() and page.is_file()
    assert f"variant: _build/variants/{notebook.name}" in run.stdout
    committed = verdicts_shown(nbformat.read(ROOT / "book" / f"{PAGE}.ipynb", as_version=4))
    varied = verdicts_shown(nbformat.read(notebook, as_version=4))
    for test_id, (edition, now) in expected.items():
        assert (committed[test_id], varied[test_id]) == (edition, now), test_id
        assert any(line.lstrip().startswith("verdict") and f"| {test_id} " in line
                   for line in run.stdout.splitlines()), f"{test_id} not in the printed diff"
    unchanged = set(committed) - set(expected)
    assert all(committed[t] == varied[t] for t in unchanged)
    text = page.read_text(encoding="utf-8")
    assert "alpha = 0.01" in text and "<script" not in text and "{glue" not in text


# --------------------------------------------------------------------------- rerun and diff


def test_a_rerun_under_other_settings_shows_its_changed_verdicts(copy):
    expected = depends_on_alpha()
    path = copy / "book" / f"{PAGE}.ipynb"
    notebooks.execute([path], settings=VARIED)
    run = subprocess.run([sys.executable, "-m", "lwtbook.notebooks", "diff-outputs", PAGE],
                         cwd=copy, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"book/{PAGE}.ipynb (HEAD → working tree): ")
    for test_id, (edition, now) in expected.items():
        line = next((x for x in lines if f"| {test_id} " in x and "Oordeel" in x), "")
        assert line.lstrip().startswith("verdict"), test_id
        assert line.rstrip().endswith(f"{edition}† → {now}") or \
            line.rstrip().split(": ")[-1].replace("†", "") == f"{edition} → {now}", line
    # nbdime's driver, set for this copy only: git diff is readable text, not JSON
    notebooks.git_diff_driver(copy)
    shown = subprocess.run(["git", "diff", f"book/{PAGE}.ipynb"], cwd=copy, capture_output=True,
                           text=True, check=True).stdout
    assert shown.startswith("nbdiff") and '"output_type"' not in shown
    assert any(now in shown for _, now in expected.values())


def test_chapter_reruns_in_place_under_the_editions_settings(copy, monkeypatch):
    monkeypatch.setenv(ENV, VARIED)  # left in the shell: must not reach the committed outputs
    assert notebooks.chapter(PAGE, copy) == 0  # re-executed, then strict nbval passed
    assert outputs.diff_against_git([copy / "book" / f"{PAGE}.ipynb"], "HEAD", copy) == ""
