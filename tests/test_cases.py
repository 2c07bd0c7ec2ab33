"""The regional case studies (chapter 6): reader's labels, counts, region tables and the check
of the report's section 6.6 (lwtbook.cases)."""

from __future__ import annotations

import csv
import math

import pytest

from lwtbook import cases

from .conftest import DATA

HEADER = ["case_id", "regio", "thema", "code", "omschrijving", "regel_van", "regel_tot"]


def write_cases(folder, rows):
    with (folder / "cases.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return folder


def write_synthesis(folder, rows):
    (folder / "notes").mkdir(exist_ok=True)
    lines = ["# check", "", "| # | 6.6 lines | Claim | Verdict | Evidence |",
             "|---|---|---|---|---|"]
    lines += [f"| {nr} | 4440 | a claim | {verdict} | some evidence |" for nr, verdict in rows]
    (folder / "notes" / "cases-synthesis.md").write_text("\n".join(lines) + "\n",
                                                          encoding="utf-8")
    return folder


SMALL = [
    ["NIJ-01", "Nijmegen", "knelpunt", "vrijstellingen", "Het mbo geeft weinig vrijstellingen.",
     3400, 3401],
    ["NIJ-02", "Nijmegen", "succesfactor", "determinatie", "De selectie gaat zorgvuldig.",
     3330, 3331],
    ["NIJ-03", "Nijmegen", "regionale context", "imago vmbo", "Het vmbo heeft een zwak imago.",
     3268, 3269],
    ["ROT-01", "Rotterdam", "oplossing", "vrijstellingen", "Meer afspraken over vrijstellingen.",
     4350, 4351],
    ["ROT-02", "Rotterdam", "knelpunt", "vrijstellingen", "Vrijstellingen blijven uit.",
     4348, 4349],
]


@pytest.mark.data
def test_every_code_in_the_data_has_its_own_readers_label():
    frame = cases.statements(DATA)
    assert frame["onderwerp"].notna().all()
    labels = {cases.TOPICS[c] for c in frame["code"].unique()}
    assert len(labels) == frame["code"].nunique(), "two codes share one label"
    assert set(frame["regio"]) == set(cases.REGIONS)


@pytest.mark.unit
def test_an_unlabelled_code_names_file_row_and_column(tmp_path):
    rows = [*SMALL, ["GRO-01", "Groningen", "knelpunt", "nieuwe code", "Iets nieuws.", 3800,
                     3801]]
    write_cases(tmp_path, rows)
    with pytest.raises(ValueError, match=r"cases\.csv:7: column code: 'nieuwe code'"):
        cases.statements(tmp_path)


@pytest.mark.unit
def test_an_unknown_region_names_file_row_and_column(tmp_path):
    write_cases(tmp_path, [["AMS-01", "Amsterdam", "knelpunt", "vrijstellingen", "Iets.", 1, 2]])
    with pytest.raises(ValueError, match=r"cases\.csv:2: column regio: 'Amsterdam'"):
        cases.statements(tmp_path)


@pytest.mark.unit
def test_topics_count_statements_per_region_and_order_by_spread(tmp_path):
    topics = cases.topics(folder=write_cases(tmp_path, SMALL))
    assert len(topics) == 3 * len(cases.REGIONS)  # three topics, every region listed
    first = topics[topics["onderwerp"] == cases.TOPICS["vrijstellingen"]]
    assert first.index.min() == 0, "the topic in two regions comes first"
    by_region = first.set_index("regio")["value"]
    assert by_region["Nijmegen"] == 1 and by_region["Rotterdam"] == 2
    assert math.isnan(by_region["Groningen"]), "a region that is silent shows no number"
    assert set(first["regios"]) == {2}
    assert topics["value"].sum() == len(SMALL)


@pytest.mark.unit
def test_region_table_shows_what_works_first_and_no_context(tmp_path):
    table = cases.region_table("Nijmegen", caption="c", anchor="a",
                               folder=write_cases(tmp_path, SMALL))
    assert table.frame["soort"].tolist() == ["wat werkt", "knelpunt"]
    assert table.frame["onderwerp"].tolist() == [cases.TOPICS["determinatie"],
                                                 cases.TOPICS["vrijstellingen"]]
    assert "zwak imago" not in " ".join(table.frame.iloc[:, -1])
    with pytest.raises(ValueError, match="unknown region"):
        cases.region_table("Utrecht", caption="c", anchor="a", folder=tmp_path)


@pytest.mark.unit
@pytest.mark.parametrize("verdict, dutch", [
    ("supported", "klopt"),
    ("supported (nuance GRO)", "klopt, met kanttekening"),
    ("supported for ROT, rest silent; wording too absolute", "klopt, met kanttekening"),
    ("partly", "deels"),
    ("partly; quotation not literal", "deels"),
    ("partly / contradicted (NIJ)", "tegengesproken"),
    ("contradicted (NIJ) / silent", "tegengesproken"),
    ("silent (inference)", "niet in de casussen"),
])
def test_synthesis_verdicts_in_dutch(verdict, dutch):
    assert cases.synthesis_verdict(verdict) == dutch


@pytest.mark.unit
def test_an_unknown_synthesis_verdict_names_the_line(tmp_path):
    write_synthesis(tmp_path, [("A1", "supported"), ("A2", "maybe")])
    with pytest.raises(ValueError, match=r"cases-synthesis\.md:6: column Verdict: .*'maybe'"):
        cases.synthesis(tmp_path)


@pytest.mark.unit
def test_synthesis_table_groups_by_verdict_and_needs_every_text(tmp_path):
    write_synthesis(tmp_path, [("A1", "supported"), ("A2", "partly"),
                               ("A3", "partly / contradicted"), ("B1", "silent (inference)")])
    texts = {"A2": ("twee", "deels zo"), "A3": ("drie", "anders"), "B1": ("een", "nergens")}
    table = cases.synthesis_table(texts, caption="c", anchor="a", folder=tmp_path)
    assert table.frame["oordeel"].tolist() == ["tegengesproken", "deels", "niet in de casussen"]
    assert table.frame.iloc[:, 0].tolist() == ["drie", "twee", "een"]
    with pytest.raises(ValueError, match=r"missing \['B1'\]"):
        cases.synthesis_table({k: v for k, v in texts.items() if k != "B1"}, caption="c",
                              anchor="a", folder=tmp_path)
    with pytest.raises(ValueError, match=r"not to be shown \['A1'\]"):
        cases.synthesis_table(texts | {"A1": ("een", "ja")}, caption="c", anchor="a",
                              folder=tmp_path)


@pytest.mark.data
def test_the_check_of_section_6_6_covers_both_parts():
    frame = cases.synthesis(DATA)
    assert frame["nr"].is_unique
    assert {nr[0] for nr in frame["nr"]} == {"A", "B"}
    assert set(frame["oordeel"]) <= set(cases.VERDICTS)


def write_texts(folder, body):
    (folder / "notes").mkdir(exist_ok=True)
    (folder / "notes" / "cases-synthesis-nl.md").write_text(
        "# texts\n\nAn introduction that is not read.\n\n" + body, encoding="utf-8")
    return folder


TWO = """## A2

Het rapport stelt in 6.6: Twee,
over twee regels.

Wat de regio's zeggen: Deels zo.

## B1

Wat de regio's zeggen: Nergens.

Het rapport stelt in 6.6: Een.
"""


@pytest.mark.unit
def test_synthesis_texts_join_wrapped_lines_and_take_labels_in_any_order(tmp_path):
    texts = cases.synthesis_texts(write_texts(tmp_path, TWO))
    assert texts == {"A2": ("Twee, over twee regels.", "Deels zo."), "B1": ("Een.", "Nergens.")}
    write_synthesis(tmp_path, [("A1", "supported"), ("A2", "partly"), ("B1", "silent")])
    table = cases.synthesis_table(caption="c", anchor="a", folder=tmp_path)
    assert table.frame.iloc[:, 0].tolist() == ["Twee, over twee regels.", "Een."]


@pytest.mark.unit
@pytest.mark.parametrize("body, message", [
    (TWO.replace("## B1", "## A2"), r"nl\.md:12: 'A2' is not a new statement number"),
    (TWO.replace("## B1", "## C1"), r"nl\.md:12: 'C1' is not a new statement number"),
    (TWO.replace("Wat de regio's zeggen: Nergens.", "Nergens."),
     r"nl\.md:14: B1: a paragraph must start with"),
    (TWO.replace("Wat de regio's zeggen: Deels zo.", ""),
     r"nl\.md:5: A2: needs one paragraph starting \"Wat de regio's zeggen:\", found 0"),
    ("no sections at all\n", r"nl\.md: no statements"),
])
def test_a_badly_formed_texts_note_names_file_and_line(tmp_path, body, message):
    with pytest.raises(ValueError, match=message):
        cases.synthesis_texts(write_texts(tmp_path, body))


@pytest.mark.data
def test_a_claim_in_the_texts_becomes_the_number_it_states(data_copy):
    from lwtbook import claims

    write_texts(data_copy, TWO.replace("Deels zo.", "Van {claim:B282} naar {claim:B283}."))
    texts = cases.synthesis_texts(data_copy)
    stated = [claims.get(c).stated for c in ("B282", "B283")]
    assert texts["A2"][1] == f"Van {stated[0]} naar {stated[1]}."
    write_texts(data_copy, TWO.replace("Deels zo.", "Van {claim:B999}."))
    with pytest.raises(ValueError, match=r"nl\.md:10: \{claim:B999\}: no claim"):
        cases.synthesis_texts(data_copy)


@pytest.mark.data
def test_the_chapters_texts_cover_exactly_the_statements_it_shows():
    texts = cases.synthesis_texts(DATA)
    table = cases.synthesis_table(caption="c", anchor="a", folder=DATA)
    assert sorted(table.frame.iloc[:, 0]) == sorted(t for t, _ in texts.values())
    assert not any("{" in t or "}" in t for pair in texts.values() for t in pair)


@pytest.mark.unit
def test_region_tables_are_captioned_overzicht_6_1_to_6_4_in_the_reports_order(tmp_path):
    folder = write_cases(tmp_path, EVERY_REGION)
    captions = [cases.region_table(r, anchor="a", folder=folder).caption for r in cases.REGIONS]
    assert [c.split(" – ")[0] for c in captions] == [f"Overzicht 6.{i}" for i in range(1, 5)]
    assert captions[1].startswith("Overzicht 6.2 – Oost-Nederland – Groen: wat werkt")
    given = cases.region_table("Rotterdam", anchor="a", caption="Eigen titel", folder=folder)
    assert given.caption == "Eigen titel"


EVERY_REGION = [*SMALL,
                ["OON-01", "Oost-Nederland – Groen", "knelpunt", "voorlichting", "Weinig uitleg.",
                 3600, 3601],
                ["GRO-01", "Groningen", "succesfactor", "determinatie", "Selectie.", 3800, 3801]]


@pytest.mark.unit
def test_topics_figure_says_per_region_what_only_it_raises_and_what_comes_up_most(tmp_path):
    shown = cases.topics_figure(caption="c", anchor="a",
                                folder=write_cases(tmp_path, EVERY_REGION))
    alt = shown.alt
    assert alt.startswith("Heatmap van 4 onderwerpen (rijen)")  # none comes up in all four
    assert "per regio: Nijmegen 3, Oost-Nederland – Groen 1, Groningen 1, Rotterdam 1." in alt
    assert (f"Maar in één regio: {cases.TOPICS['imago vmbo']} (Nijmegen), "
            f"{cases.TOPICS['voorlichting']} (Oost-Nederland – Groen).") in alt
    assert alt.endswith(f"Het vaakst genoemd: {cases.TOPICS['vrijstellingen']} in Rotterdam "
                        "(2 keer).")
