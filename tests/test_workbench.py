"""The researcher's workbench on small inputs: finding a notebook by the start of its name,
variant names and settings, what a notebook shows (lwtbook.outputs) and how two runs differ,
the light HTML of a variant, and nbdime's diff driver in a throw-away repository.

The runs with a real kernel (JupyterLab, the explorers, ``make vary``, ``make chapter``, a rerun
and its diff) are in tests/test_workbench_live.py (tier ``notebooks``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lwtbook import notebooks, outputs, workbench
from lwtbook.settings import ENV

from .conftest import ROOT

pytestmark = pytest.mark.unit

GLUE = "application/papermill.record/"


def glue(name: str, value: str) -> dict:
    return new_output("display_data", data={GLUE + "text/plain": repr(value)},
                      metadata={"scrapbook": {"name": name, "mime_prefix": GLUE}})


def html(text: str) -> dict:
    return new_output("execute_result", data={"text/html": text, "text/plain": "<repr>"},
                      execution_count=1)


def table(verdict: str, p: str, n_shown: str) -> str:
    """A table in the shape lwtbook.tables writes, with a two-row header."""
    return ('<div class="lwt-table"><table id="tabel-x"><caption>Tabel X – Toetsen</caption>'
            '<thead><tr><th rowspan="2">Uitspraak</th><th colspan="2">Uitkomst</th></tr>'
            '<tr><th>p</th><th>Oordeel</th></tr></thead><tbody>'
            f'<tr id="toets-h55"><th scope="row">H55 meer overheid</th><td>{p}</td>'
            f"<td>{verdict}</td></tr>"
            f'<tr><th scope="row">Totaal gedragen</th><td></td><td>{n_shown}</td></tr>'
            '</tbody></table><p class="lwt-table-note">Bron: reanalysis.csv</p></div>')


def figure(alt: str) -> str:
    return (f'<figure id="fig-1"><img src="data:image/png;base64,AAAA" alt="{alt}">'
            "<figcaption>Figuur 1 – Verschillen</figcaption></figure>")


def notebook(verdict: str = "gedragen†", n_shown: str = "19", alt: str = "Oordeel: 4 gedragen",
             note: str = "Bron: reanalysis.csv") -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [
        new_code_cell('settings = ""', metadata={"tags": ["parameters", "remove-cell"]}),
        new_markdown_cell("(doel)=\n# Titel\n\nEr zijn {glue:text}`n_shown` gedragen uitspraken "
                          "(zie {ref}`Herberekening <herberekening>`, {term}`lwt`, "
                          "{cite:p}`vrieze2005`)."),
        new_code_cell("x", outputs=[glue("n_shown", n_shown),
                                    html(table(verdict, "0,001", n_shown))]),
        new_code_cell("y", outputs=[html(figure(alt))]),
        new_code_cell("z", outputs=[new_output("display_data", data={
            "text/html": f"<p>{note}</p>", "text/plain": note})]),
    ]
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"cell{k}"
    return nb


# --------------------------------------------------------------------------- finding notebooks


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "_toc.yml").write_text("root: book/index\n", encoding="utf-8")
    (tmp_path / "book").mkdir()
    for stem in ("02_leerlingen", "03_vmbo_scholen", "bijlage1", "herberekening",
                 "herberekening_extra"):
        nbformat.write(notebook(), tmp_path / "book" / f"{stem}.ipynb")
    return tmp_path


def test_a_notebook_is_found_by_the_start_of_its_name(book):
    assert notebooks.find("02", book) == book / "book" / "02_leerlingen.ipynb"
    assert notebooks.find("bijlage", book).name == "bijlage1.ipynb"
    assert notebooks.find("book/03_vmbo_scholen.ipynb", book).name == "03_vmbo_scholen.ipynb"
    # an exact stem wins over a longer name that starts with it
    assert notebooks.find("herberekening", book).name == "herberekening.ipynb"


def test_no_or_several_matches_name_the_candidates(book):
    with pytest.raises(notebooks.NotebookNotFoundError, match=r"several.*02_leerlingen.*03_vmbo"):
        notebooks.find("0", book)
    with pytest.raises(notebooks.NotebookNotFoundError, match=r"no notebook.*herberekening"):
        notebooks.find("99", book)


def test_project_root_is_found_from_a_subfolder_and_refused_elsewhere(book, tmp_path):
    assert notebooks.project_root(book / "book") == book.resolve()
    assert notebooks.project_root(ROOT / "lwtbook") == ROOT
    with pytest.raises(notebooks.NotebookNotFoundError, match="not inside a clone"):
        notebooks.project_root(Path("/"))


def test_every_book_notebook_can_be_asked_for_by_its_stem():
    for path in notebooks.notebooks(ROOT):
        assert notebooks.find(path.stem, ROOT) == path


# --------------------------------------------------------------------------- variants


def test_variant_names_say_what_differs_from_the_edition(tmp_path):
    path = Path("book/05_leerbedrijven.ipynb")
    ipynb, page = notebooks.variant_paths(path, "alpha=0.01", tmp_path)
    assert (ipynb.name, page.name) == ("05_leerbedrijven-alpha=0.01.ipynb",
                                       "05_leerbedrijven-alpha=0.01.html")
    ipynb, _ = notebooks.variant_paths(path, "level=0.99; alpha=0.01", tmp_path)
    assert ipynb.name == "05_leerbedrijven-level=0.99,alpha=0.01.ipynb"
    assert notebooks.variant_paths(path, "alpha=0.05", tmp_path)[0].name == \
        "05_leerbedrijven-defaults.ipynb"


def test_a_bad_setting_fails_before_any_kernel_starts():
    with pytest.raises(ValueError, match="unknown setting 'alfa'"):
        notebooks.variant_settings("alfa=0.01")
    with pytest.raises(ValueError, match="alpha must lie strictly between 0 and 1"):
        notebooks.variant_settings("alpha=5")


def test_a_notebook_without_a_parameters_cell_cannot_be_varied(book):
    nb = notebook()
    nb.cells = nb.cells[1:]
    nbformat.write(nb, book / "book" / "bijlage1.ipynb")
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        notebooks.vary("bijlage", "alpha=0.01", book, out_dir=book / "out")
    assert not (book / "out").exists() or not any((book / "out").iterdir())


def test_the_methods_pages_take_the_settings_parameter():
    for stem in ("herberekening", "data_methoden", "controle"):
        nb = nbformat.read(ROOT / "book" / f"{stem}.ipynb", as_version=4)
        index = notebooks.parameters_cell(nb)
        assert index is not None, stem
        assert nb.cells[index].source.strip() == 'settings = ""'
        assert "bk.configure(settings)" in nb.cells[index + 1].source


def test_kernels_never_see_a_stray_settings_variable(monkeypatch):
    monkeypatch.setenv(ENV, "alpha=0.01")
    with notebooks.kernel_settings(None):
        assert ENV not in os.environ
    assert os.environ[ENV] == "alpha=0.01"
    with notebooks.kernel_settings("level=0.99"):
        assert os.environ[ENV] == "level=0.99"
    assert os.environ[ENV] == "alpha=0.01"


def test_lab_listens_on_loopback_in_book_with_this_python():
    command, env = notebooks.lab_command(ROOT, ["--no-browser"])
    assert command[:3] == [os.sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT / 'book'}" in command
    assert "--ServerApp.ip=127.0.0.1" in command and command[-1] == "--no-browser"
    assert env["JUPYTER_PREFER_ENV_PATH"] == "1" and ENV not in env


# --------------------------------------------------------------------------- what a notebook shows


def test_facts_read_glue_table_cells_figures_and_notes():
    found = outputs.facts(notebook())
    assert found["glue n_shown"] == "19"
    assert found["Tabel X – Toetsen | H55 meer overheid | Uitkomst › Oordeel"] == "gedragen†"
    assert found["Tabel X – Toetsen | H55 meer overheid | Uitkomst › p"] == "0,001"
    assert found["Tabel X – Toetsen | Totaal gedragen | Uitkomst › Oordeel"] == "19"
    assert found["Tabel X – Toetsen | text"] == "Bron: reanalysis.csv"  # the note, by its table
    assert found["figure fig-1 | caption"] == "Figuur 1 – Verschillen"
    assert found["figure fig-1 | alt text"] == "Oordeel: 4 gedragen"
    assert found["cell cell4 | text"] == "Bron: reanalysis.csv"


def test_changes_put_verdicts_first_and_tell_numbers_from_text():
    old = notebook()
    new = notebook(verdict="niet aangetoond", n_shown="16", alt="Oordeel: 3 gedragen",
                   note="Bron: iets anders")
    found = outputs.changes(old, new)
    assert found[0] == outputs.Change(
        "verdict", "Tabel X – Toetsen | H55 meer overheid | Uitkomst › Oordeel", "gedragen†",
        "niet aangetoond")
    kinds = {c.where: c.kind for c in found}
    assert kinds["glue n_shown"] == "number"
    assert kinds["figure fig-1 | alt text"] == "number"
    assert kinds["cell cell4 | text"] == "text"
    assert [c.kind for c in found] == sorted((c.kind for c in found), key=outputs.KINDS.index)
    text = outputs.diff_notebooks(old, new, "x.ipynb")
    assert text.splitlines()[0] == "x.ipynb: 1 verdict, 3 number, 1 text"
    assert "H55 meer overheid | Uitkomst › Oordeel: gedragen† → niet aangetoond" in text
    assert outputs.diff_notebooks(old, notebook(), "x") == ""


def test_a_mark_alone_is_not_a_changed_verdict():
    (change,) = [c for c in outputs.changes(notebook(), notebook(verdict="gedragen"))]
    assert change.kind == "text" and (change.old, change.new) == ("gedragen†", "gedragen")


def test_facts_added_and_gone():
    old, new = notebook(), notebook()
    new.cells = new.cells[:3]
    old.cells[2].outputs = old.cells[2].outputs[:1]
    kinds = {c.kind for c in outputs.changes(old, new)}
    assert kinds == {"added", "gone"}


def test_explorer_variants_count_as_facts_and_draw_without_a_kernel():
    nb = notebook()
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_dd",
                                                                  "IPY_MODEL_st"]}},
        "dd": {"model_name": "DropdownModel",
               "state": {"_options_labels": ["eerste", "tweede"], "description": "Kies:"}},
        "st": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b"]}},
        "a": {"model_name": "HTMLModel", "state": {"value": figure("Hoogste bij A (40%)")}},
        "b": {"model_name": "HTMLModel", "state": {"value": "<p>Tweede variant</p>"}},
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    found = outputs.facts(nb)
    assert found["figure fig-1 | alt text (2)"] == "Hoogste bij A (40%)"
    assert found["explorer | text"] == "Tweede variant"
    drawn = outputs.explorer_html(nb, "box")
    assert drawn.count("<details>") == 2
    assert "<summary>Kies: tweede</summary><p>Tweede variant</p>" in drawn
    assert outputs.explorer_html(nb, "a") is None


def test_fill_markdown_writes_the_glued_values_and_plain_roles():
    nb = outputs.fill_markdown(notebook())
    text = nb.cells[1].source
    assert text.startswith("# Titel")
    assert "Er zijn 19 gedragen uitspraken (zie Herberekening, lwt, (vrieze2005))." in text


def test_variant_html_is_light_and_offline(tmp_path):
    source = tmp_path / "x.ipynb"
    nbformat.write(notebook(), source)
    page = notebooks.to_html(source, tmp_path / "x.html", title="Titel", banner="Een variant.")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="nl">' in text
    assert '<p class="lwt-variant" role="note">Een variant.</p>' in text
    assert "Er zijn 19 gedragen uitspraken" in text and "{glue" not in text
    assert "H55 meer overheid" in text and "Figuur 1 – Verschillen" in text
    assert "<script" not in text and 'src="http' not in text and "<link" not in text
    assert 'settings = ""' not in text  # the parameters cell is not shown


# --------------------------------------------------------------------------- git


def git(*args: str, cwd: Path, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture
def repo(book: Path, tmp_path: Path) -> tuple[Path, dict]:
    """*book* as a git repository with one commit, and an environment whose HOME (and so
    the user's global git configuration) is a fresh folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    git("init", "-q", cwd=book, env=env)
    git("add", "-A", cwd=book, env=env)
    git("commit", "-q", "-m", "start", cwd=book, env=env)
    return book, env


def test_diff_against_git_names_what_changed_and_skips_the_rest(repo):
    root, _ = repo
    path = root / "book" / "herberekening.ipynb"
    nbformat.write(notebook(verdict="niet aangetoond", n_shown="16"), path)
    paths = notebooks.notebooks(root)
    text = outputs.diff_against_git(paths, "HEAD", root)
    assert text.splitlines()[0] == \
        "book/herberekening.ipynb (HEAD → working tree): 1 verdict, 2 number"  # glue, total
    assert "Oordeel: gedragen† → niet aangetoond" in text
    assert "02_leerlingen" not in text
    (root / "book" / "nieuw.ipynb").write_text(nbformat.writes(notebook()), encoding="utf-8")
    assert "book/nieuw.ipynb: not in HEAD" in outputs.diff_against_git(
        notebooks.notebooks(root), "HEAD", root)


def test_nbdime_driver_is_set_in_this_repository_only(repo, monkeypatch):
    root, env = repo
    for key in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(key, env[key])
    written = notebooks.git_diff_driver(root)
    command = git("config", "--local", "--get", "diff.jupyternotebook.command", cwd=root, env=env)
    assert command.strip().endswith("git-nbdiffdriver' diff") and written[0][1] == command.strip()
    attributes = (root / ".git" / "info" / "attributes").read_text(encoding="utf-8")
    assert "*.ipynb diff=jupyternotebook" in attributes
    notebooks.git_diff_driver(root)  # twice: still one line
    assert (root / ".git" / "info" / "attributes").read_text(encoding="utf-8") == attributes
    assert not (root / ".gitattributes").exists()
    assert not list(Path(env["HOME"]).rglob("*")), "nothing written to the user's global config"
    # that `git diff` then shows nbdime's text: tests/test_workbench_live.py, on a real rerun


# --------------------------------------------------------------------------- the page's helpers


def test_shortest_names_pick_one_notebook_each():
    stems = ["00_samenvatting", "01_aanleiding", "bijlage1", "controle", "herberekening",
             "herberekening_extra"]
    names = workbench.shortest_names(stems)
    assert names == {"00_samenvatting": "00", "01_aanleiding": "01", "bijlage1": "b",
                     "controle": "c", "herberekening": "herberekening",
                     "herberekening_extra": "herberekening_"}
    for stem, start in names.items():  # each start means one stem, and the shortest such
        assert start == stem or sum(s.startswith(start) for s in stems) == 1
        shorter = start[:-1]
        assert not shorter or sum(s.startswith(shorter) for s in stems) > 1


def test_chapters_table_lists_titles_and_names(book):
    frame = workbench.chapters_table(caption="c", anchor="a", root=book).frame
    assert list(frame.columns) == ["Notebook", "Titel", "Kortste CH="]
    row = frame[frame["Notebook"] == "02_leerlingen.ipynb"].iloc[0]
    assert (row["Titel"], row["Kortste CH="]) == ("Titel", "02")
    for name in frame["Kortste CH="]:
        assert notebooks.find(name, book).name in set(frame["Notebook"])


def test_problems_table_names_files_inside_the_copy(tmp_path):
    from lwtbook.validate import Problem

    folder = tmp_path / "data"
    problem = Problem(f"{folder}/tables/t2_5.csv", 5, "value", f"the total in {folder}/x")
    shown = workbench.problems_table([problem], folder, caption="c", anchor="a").html
    assert '<th scope="row">tables/t2_5.csv</th><td>5</td>' in shown
    assert '<td class="lwt-text" lang="en">the total in x</td>' in shown
    assert str(tmp_path) not in shown
    with pytest.raises(ValueError, match="no problems"):
        workbench.problems_table([], folder, caption="c", anchor="a")


def test_variation_table_needs_a_change_that_changes_something():
    with pytest.raises(ValueError, match="no verdict changes"):
        workbench.variation_table(alpha=0.05, caption="c", anchor="a")


def test_citation_comes_from_the_data_package():
    import json

    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    cite = workbench.citation()
    assert (cite.edition, cite.version, cite.licence) == (
        desc["title"], desc["version"], desc["licenses"][0]["name"])
    assert desc["sources"][0]["title"] in cite.bibtex()
    assert f'<span lang="en">{desc["title"]}</span>' in cite._repr_html_()


# ------------------------------------------------------------------ stable widget model ids

def explorer_notebook(ids: list[str]) -> dict:
    """Two explorers as ipywidgets stores them: a VBox per explorer whose children are a
    dropdown and an output, each with a layout; *ids* are the seven model ids (random in a
    real run), the last one a model no output refers to."""
    box1, drop1, out1, box2, drop2, layout, orphan = ids

    def model(name: str, **state) -> dict:
        return {"model_module": "@jupyter-widgets/controls", "model_name": name,
                "model_module_version": "2.0.0", "state": {"_model_name": name, **state}}

    state = {
        box1: model("VBoxModel", children=[f"IPY_MODEL_{drop1}", f"IPY_MODEL_{out1}"],
                    layout=f"IPY_MODEL_{layout}"),
        drop1: model("DropdownModel", index=0, layout=f"IPY_MODEL_{layout}"),
        out1: model("OutputModel", outputs=[], layout=f"IPY_MODEL_{layout}"),
        box2: model("VBoxModel", children=[f"IPY_MODEL_{drop2}"], layout=f"IPY_MODEL_{layout}"),
        drop2: model("DropdownModel", index=1, layout=f"IPY_MODEL_{layout}"),
        layout: model("LayoutModel"),
        orphan: model("StyleModel", description_width=""),
    }
    nb = new_notebook(cells=[new_code_cell("explorer(1)"), new_code_cell("explorer(2)")])
    for i, (cell, box) in enumerate(zip(nb.cells, (box1, box2), strict=True)):
        cell.id = f"cell-{i}"
        cell.outputs = [new_output("display_data", data={notebooks.WIDGET_VIEW: {
            "model_id": box, "version_major": 2, "version_minor": 0}, "text/plain": "VBox()"})]
    # an unrelated hexadecimal string of the same length stays as it is
    nb.cells[0].outputs.append(new_output("stream", name="stdout", text="a" * 32))
    nb.metadata["widgets"] = {notebooks.WIDGET_STATE: {
        "state": dict(sorted(state.items())), "version_major": 2, "version_minor": 0}}
    return nb


def test_widget_ids_do_not_depend_on_the_random_ids_of_a_run():
    import uuid

    runs = [explorer_notebook([uuid.uuid4().hex for _ in range(7)]) for _ in range(2)]
    first, second = (notebooks.stable_widget_ids(nb, "05_x.ipynb") for nb in runs)
    assert first == second
    assert notebooks.stable_widget_ids(first, "05_x.ipynb") == first  # a fixed point
    # every reference and every explorer output names a model of the state, none an old id
    state = first["metadata"]["widgets"][notebooks.WIDGET_STATE]["state"]
    text = json.dumps(first)
    refs = set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", text))
    views = {c["outputs"][0]["data"][notebooks.WIDGET_VIEW]["model_id"] for c in first["cells"]}
    assert refs | views <= set(state) and len(state) == 7
    assert not any(old in text for old in runs[0]["metadata"]["widgets"][notebooks.WIDGET_STATE]
                   ["state"])
    assert first["cells"][0]["outputs"][1]["text"] == "a" * 32
    # the first explorer's box comes first; another notebook gets other ids
    assert views == {notebooks.stable_widget_ids(runs[0], "05_x.ipynb")["cells"][i]["outputs"][0]
                     ["data"][notebooks.WIDGET_VIEW]["model_id"] for i in (0, 1)}
    other = notebooks.stable_widget_ids(runs[0], "03_y.ipynb")
    assert not set(other["metadata"]["widgets"][notebooks.WIDGET_STATE]["state"]) & set(state)


@pytest.mark.parametrize("path", sorted((ROOT / "book").glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_carry_stable_widget_ids(path):
    """Re-executing a chapter rewrites its widget state only where a reader would see a change:
    the committed notebooks already carry the ids :func:`stable_widget_ids` gives."""
    nb = json.loads(path.read_text("utf-8"))
    assert notebooks.stable_widget_ids(nb, path.name) == nb, \
        f"{path.name}: widget ids are not the stable ones (re-execute it: make chapter CH=…)"
