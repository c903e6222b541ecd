"""The journey maps as files: `cjdocs export --format map-svg | map-png | map-csv`.

The SVG is checked as the file a designer drops into a slide: it parses, it refers to nothing
outside itself, each step has its column with the curve's point at the column's centre, no
text is below 8 pt, and its footer names the journey, persona, state, date and git revision
(real git, real commits). The PNG is drawn by the real resvg with Roboto and no system font,
at the size asked for. The CSV is read back as Excel would: BOM, separator, rows, columns, and
no cell that would run as a formula. Bad options and unusable folders are refused with exit 2,
nothing written. A golden file holds the mug shop's SVG (CJDOCS_UPDATE_GOLDEN=1 rewrites it
after a deliberate change: read the diff).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from mapcases import write_map_cases

from cjdocs.catalogue import catalogue
from cjdocs.definitions.validation import load_model
from cjdocs.render import map_picture as picture
from cjdocs.render.charts import text_width
from cjdocs.workflow.export import map as export
from conftest import EXAMPLE, FIXTURES, ROOT, run_cjdocs

SVG = "{http://www.w3.org/2000/svg}"
EN, DE = catalogue("en"), catalogue("de")
IDENTITY = (
    "-c",
    "user.name=Test",
    "-c",
    "user.email=test@example.com",
    "-c",
    "commit.gpgsign=false",
)
COMMITTED = "2025-03-31T12:00:00+02:00"


@pytest.fixture(scope="module")
def model():
    _, built = load_model([EXAMPLE])
    return built


def project(folder: Path, *, cases: bool = False) -> Path:
    shutil.copytree(EXAMPLE, folder / "journeys")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    if cases:
        write_map_cases(folder / "journeys")
    return folder


def git(folder: Path, *arguments: str) -> str:
    environment = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    done = subprocess.run(
        ["git", *IDENTITY, *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return done.stdout


def footer(svg: str) -> str:
    return ET.fromstring(svg).find(f"{SVG}desc").text


# -- the SVG ---------------------------------------------------------------------------------------

STAMP = picture.Stamp(date="2025-03-31", revision="0123456789ab")


def test_the_mug_shops_map_matches_its_golden_file(model):
    svg = picture.map_picture(model.journey("mug-shop-first-order"), EN, STAMP).svg
    expected = FIXTURES / "map-export" / "mug-shop-first-order.svg"
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(svg, encoding="utf-8")
    assert svg == expected.read_text(encoding="utf-8")


def test_the_picture_needs_nothing_outside_itself(model):
    for journey in model.journeys:
        svg = picture.map_picture(journey, EN, STAMP).svg
        root = ET.fromstring(svg)  # well-formed XML
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "image", "foreignObject", "use", "a", "iframe"}
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.endswith("href"), (element.tag, name)
                assert not name.startswith("on"), (element.tag, name)
                for reference in re.findall(r"url\(([^)]*)\)", value):
                    assert reference.startswith("#"), reference
        style = "".join(element.text or "" for element in root.iter(f"{SVG}style"))
        assert "@import" not in style and "url(" not in style
        assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
        # Fonts are declared, with fallbacks any system has.
        assert root.get("font-family").startswith("Roboto, ")
        assert root.get("font-family").endswith("sans-serif")


def test_every_step_has_its_column_and_its_point_stands_at_the_columns_centre(model):
    journey = model.journey("mug-shop-first-order")
    drawn = picture.layout(journey, EN, "footer")
    svg = ET.fromstring(picture.map_picture(journey, EN, STAMP).svg)

    assert len(drawn.placed) == len(journey.steps) == 13
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    for number, step in enumerate(journey.steps, 1):
        assert any(text and text.startswith(f"{number}. ") for text in texts), step.id
    # The curve is drawn in a frame starting at the first step column, in pixels of columns.
    frame = svg.find(f".//{SVG}svg[@class='cj-curve']")
    assert float(frame.get("x")) == picture.MARGIN + picture.LANES_WIDTH
    assert float(frame.get("width")) == 13 * picture.COLUMN
    centres = sorted(float(circle.get("cx")) for circle in frame.iter(f"{SVG}circle"))
    assert centres == [(column + 0.5) * picture.COLUMN for column in range(13)]
    # The picture is as wide as the lane names and the columns, with its margins.
    assert drawn.width == 2 * picture.MARGIN + picture.LANES_WIDTH + 13 * picture.COLUMN


def font_sizes(svg: str) -> list[float]:
    """The size of every text, as drawn: its attribute, else its class's rule, else 16 px."""
    root = ET.fromstring(svg)
    rules = dict(
        re.findall(r"\.([\w-]+)\{[^}]*font-size:([\d.]+)px", root.find(f"{SVG}style").text)
    )
    sizes = []
    for text in root.iter(f"{SVG}text"):
        size = text.get("font-size") or next(
            (rules[name] for name in (text.get("class") or "").split() if name in rules), "16"
        )
        sizes.append(float(size))
    return sizes


def test_no_text_is_smaller_than_8_points_at_the_natural_size(tmp_path):
    folder = project(tmp_path, cases=True)
    _, built = load_model([folder / "journeys"])
    for journey in built.journeys:
        sizes = font_sizes(picture.map_picture(journey, EN, STAMP).svg)
        # 8 pt is 10.67 CSS pixels.
        assert min(sizes) * 0.75 >= 8, journey.id


def test_long_names_wrap_inside_their_column_and_a_map_without_emotions_has_no_curve(tmp_path):
    folder = project(tmp_path, cases=True)
    _, built = load_model([folder / "journeys"])

    drawn = picture.layout(built.journey("map-long-names"), EN, "footer")
    room = picture.COLUMN - 2 * picture.PAD[0]
    for lane in drawn.lanes:
        for lines in lane.cells:
            for line in lines:
                assert line.indent + text_width(line.text, line.size) <= room
    step_lane = drawn.lanes[0]
    assert len(step_lane.cells[1]) > 10  # the name without spaces is cut into many lines

    quiet = picture.layout(built.journey("map-no-emotions"), EN, "footer")
    assert quiet.curve is None
    assert "emotion" not in [lane.name for lane in quiet.lanes]


def test_the_footer_names_journey_persona_state_and_the_commit_that_last_changed_the_file(
    tmp_path,
):
    folder = project(tmp_path)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "journeys")
    revision = git(folder, "log", "-1", "--format=%H", "--", "journeys/mug-shop-first-order.yaml")

    result = run_cjdocs("export", "--format", "map-svg", cwd=folder)

    assert result.returncode == 0, result.stderr
    assert result.stderr == "4 maps (SVG) written to maps/\n"
    svg = (folder / "maps" / "mug-shop-first-order.svg").read_text(encoding="utf-8")
    expected = (
        "First order in the mug shop · Persona: Sabine Krüger · State: current · "
        f"as of 2025-03-31 · git revision {revision[:12]}"
    )
    assert footer(svg) == expected
    assert expected in [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    future = (folder / "maps" / "laptop-purchase-future.svg").read_text(encoding="utf-8")
    assert "· State: future ·" in footer(future)

    # The same definitions give the same bytes.
    again = run_cjdocs("export", "--format", "map-svg", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert (folder / "maps" / "mug-shop-first-order.svg").read_text(encoding="utf-8") == svg

    # A change not yet committed is said; a date given replaces the commit's.
    source = folder / "journeys" / "mug-shop-first-order.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    changed = run_cjdocs(
        "export", "--format", "map-svg", "--date", "2025-04-01", "--language", "de", cwd=folder
    )
    assert changed.returncode == 0, changed.stderr
    svg = (folder / "maps" / "mug-shop-first-order.svg").read_text(encoding="utf-8")
    assert footer(svg) == (
        "First order in the mug shop · Persona: Sabine Krüger · Stand: heute · "
        f"Datum: 2025-04-01 · Git-Revision {revision[:12]} und noch nicht eingecheckte Änderungen"
    )


def test_outside_git_the_footer_says_so_and_gives_the_date_asked_for(tmp_path):
    folder = project(tmp_path)

    result = run_cjdocs(
        "export",
        "--format",
        "map-svg",
        "--journey",
        "voltwerk-win-back",
        "--date",
        "2025-05-02",
        cwd=folder,
    )

    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (folder / "maps").iterdir()) == [
        ".cjdocs-manifest.json",
        "voltwerk-win-back.svg",
    ]
    svg = (folder / "maps" / "voltwerk-win-back.svg").read_text(encoding="utf-8")
    assert footer(svg).endswith("· as of 2025-05-02 · not in a git repository: no revision")


# -- the PNG ---------------------------------------------------------------------------------------


def png_facts(data: bytes) -> tuple[int, int, float | None]:
    """A PNG's width and height in pixels, and its dots per inch (None without a pHYs chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    dpi = None
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"pHYs":
            per_metre, _, unit = struct.unpack(">IIB", data[position + 8 : position + 17])
            assert unit == 1
            dpi = per_metre * 0.0254
        position += 12 + length
    return width, height, dpi


@pytest.mark.parametrize(
    ("options", "scale"), [((), 2.0), (("--dpi", "300"), 300 / 96), (("--width", "2000"), None)]
)
def test_the_png_has_the_size_and_resolution_asked_for(tmp_path, model, options, scale):
    folder = project(tmp_path)
    journey = model.journey("mug-shop-first-order")
    natural = picture.map_picture(journey, EN, STAMP)

    result = run_cjdocs(
        "export", "--format", "map-png", "--journey", journey.id, "-o", "png", *options, cwd=folder
    )

    assert result.returncode == 0, result.stderr
    width, height, dpi = png_facts((folder / "png" / f"{journey.id}.png").read_bytes())
    scale = scale or 2000 / natural.width
    assert (width, height) == (round(natural.width * scale), round(natural.height * scale))
    assert dpi == pytest.approx(96 * scale, abs=0.05)


def test_text_is_drawn_with_the_font_that_comes_with_the_package_not_the_systems():
    def drawn(text: str) -> bytes:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">'
            f'<rect width="120" height="30" fill="#fff"/><text x="4" y="20" font-family="{picture.FONTS}" '
            f'font-size="16">{text}</text></svg>'
        )
        return export.png_of(svg, 120, 30, export.PngSize(dpi=96), ())

    # resvg ignores the system's fonts: were Roboto not loaded, the text would not be drawn.
    assert drawn("Ärger") != drawn("")
    assert drawn("Ärger") != drawn("Arger")


def test_characters_no_font_has_are_named_and_a_font_given_fills_them(tmp_path):
    folder = project(tmp_path, cases=True)

    result = run_cjdocs(
        "export", "--format", "map-png", "--journey", "map-rtl-emoji", "--dpi", "48", cwd=folder
    )

    assert result.returncode == 0, result.stderr
    assert "warning: the map of map-rtl-emoji has characters no font here has (" in result.stderr
    assert (
        "the PNG shows them as empty boxes. Give a font that has them with --font FILE"
        in result.stderr
    )
    assert (folder / "maps" / "map-rtl-emoji.png").is_file()
    fonts = export.missing_characters(
        picture.map_picture(load_model([folder / "journeys"])[1].journey("map-rtl-emoji"), EN).svg,
        [export._roboto()],
    )
    assert "ש" in fonts and "🎁" in fonts and "A" not in fonts


def test_a_png_too_large_to_draw_is_refused_and_nothing_is_written(tmp_path):
    folder = project(tmp_path, cases=True)

    result = run_cjdocs(
        "export", "--format", "map-png", "--journey", "map-sixty-steps", "--dpi", "600", cwd=folder
    )

    assert result.returncode == 2
    assert re.search(
        r"the map of map-sixty-steps would be [\d,]+ × [\d,]+ pixels, too large to draw; "
        r"nothing was written\. Give a lower --dpi or a --width",
        result.stderr,
    ), result.stderr
    assert not (folder / "maps").exists()


def test_without_the_png_packages_the_command_says_what_to_install(tmp_path):
    folder = project(tmp_path)
    # A stand-in for an environment without resvg-py: the import fails as it would there.
    absent = tmp_path / "absent"
    (absent / "resvg_py").mkdir(parents=True)
    (absent / "resvg_py" / "__init__.py").write_text(
        "raise ImportError(\"No module named 'resvg_py'\")\n", encoding="utf-8"
    )

    result = run_cjdocs(
        "export", "--format", "map-png", cwd=folder, env={"PYTHONPATH": str(absent)}
    )

    assert result.returncode == 2
    assert result.stderr == (
        "Error: PNG needs the packages of the png extra: pip install 'cjdocs[png]' "
        "(resvg-py and fontpkg-roboto); nothing was written\n"
    )
    assert not (folder / "maps").exists()


# -- the CSV ---------------------------------------------------------------------------------------


def read_csv(path: Path, separator: str = ",") -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def test_the_csv_has_a_row_per_step_in_map_order_and_a_column_per_lane(tmp_path, model):
    folder = project(tmp_path)

    result = run_cjdocs("export", "--format", "map-csv", "-o", "sheets", cwd=folder)

    assert result.returncode == 0, result.stderr
    assert result.stderr == "4 maps (CSV) written to sheets/\n"
    data = (folder / "sheets" / "mug-shop-first-order.csv").read_bytes()
    assert data.count(b"\r\n") >= 14 and b"\r\r\n" not in data
    rows = read_csv(folder / "sheets" / "mug-shop-first-order.csv")
    assert rows[0] == [
        "No.",
        "Phase",
        "Step",
        "Only reached if",
        "Action",
        "Touchpoints",
        "Emotion",
        "Feeling",
        "Thoughts",
        "Pain points",
        "Opportunities",
        "Backstage",
        "Reach",
        "Duration",
    ]
    journey = model.journey("mug-shop-first-order")
    assert len(rows) == 1 + len(journey.steps)
    assert all(len(row) == 14 for row in rows)
    # The map's column order: the first way of the cart's fork first, then the other branch.
    assert [row[0] for row in rows[1:]] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "9",
        "10",
        "6",
        "7",
        "8",
        "11",
        "12",
        "13",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["8"][2] == "Leaves without buying"
    assert by_number["8"][3] == "no purchase within three days"
    assert [row[6] for row in rows[1:4]] == ["1", "0", "1"]  # numbers Excel can sum, not text
    assert by_number["1"][12] == "18000"
    assert by_number["1"][5] == (
        'Instagram ad for the "Montagsmuffel" mugs (Social media)\nSearch results for gift ideas (Search)'
    )


def test_a_journey_with_a_service_blueprint_gets_its_lanes_as_the_last_columns(tmp_path):
    folder = project(tmp_path)

    result = run_cjdocs("export", "--format", "map-csv", "-o", "sheets", cwd=folder)

    assert result.returncode == 0, result.stderr
    rows = read_csv(folder / "sheets" / "laptop-omnichannel-purchase.csv")
    assert rows[0][-4:] == ["Duration", "Frontstage", "Support processes", "Evidence"]
    assert all(len(row) == 17 for row in rows)
    compares = next(row for row in rows if row[2] == "Compares models in the web shop")
    assert compares[-3:] == [
        "The web shop's comparison view and the store stock shown on each product page",
        "Prices and store stock, updated every 15 minutes (ERP (SAP S/4HANA))",
        'Product pages with student reviews and "in stock at Neumarkt"',
    ]
    # A journey without blueprint lanes keeps the map's columns only.
    assert len(read_csv(folder / "sheets" / "mug-shop-first-order.csv")[0]) == 14


def test_a_german_csv_is_separated_by_semicolons_and_keeps_its_umlauts(tmp_path):
    folder = project(tmp_path)

    result = run_cjdocs(
        "export",
        "--format",
        "map-csv",
        "--language",
        "de",
        "--journey",
        "mug-shop-first-order",
        cwd=folder,
    )

    assert result.returncode == 0, result.stderr
    rows = read_csv(folder / "maps" / "mug-shop-first-order.csv", ";")
    assert rows[0][:4] == ["Nr.", "Phase", "Schritt", "Nur erreicht, wenn"]
    assert rows[0][7] == "Gefühl"
    assert "Jürgen" in rows[1][8]


def test_no_cell_runs_as_a_formula(tmp_path):
    folder = project(tmp_path)
    hostile = {
        "kind": "journey",
        "id": "formulas",
        "name": '=HYPERLINK("https://evil.example","Click")',
        "persona": "gift-buyer",
        "steps": [
            {
                "id": "one",
                "name": "+1+cmd|' /C calc'!A0",
                "phase": "awareness",
                "action": "-2+3",
                "feeling": "@SUM(A1:A2)",
                "thoughts": "\tstarts with a tab",
                "duration": "  =1+1",
                "pain_points": ["=A1", "fine"],
                "opportunities": ["normal text", "=B2"],
                "emotion": -2,
                "reach": 10,
                "next": ["two"],
            },
            {"id": "two", "name": "Ümlaut – fine", "phase": "purchase", "backstage": ["\rCR"]},
        ],
    }
    (folder / "journeys" / "formulas.yaml").write_text(
        yaml.safe_dump(hostile, allow_unicode=True), encoding="utf-8"
    )

    result = run_cjdocs("export", "--format", "map-csv", "--journey", "formulas", cwd=folder)

    assert result.returncode == 0, result.stderr
    header, first, second = read_csv(folder / "maps" / "formulas.csv")
    cells = dict(zip(header, first, strict=True))
    assert cells["Step"] == "'+1+cmd|' /C calc'!A0"
    assert cells["Action"] == "'-2+3"
    assert cells["Feeling"] == "'@SUM(A1:A2)"
    assert cells["Thoughts"] == "'\tstarts with a tab"
    assert cells["Duration"] == "'  =1+1"
    assert cells["Pain points"] == "'=A1\nfine"
    assert cells["Opportunities"] == "normal text\n=B2"  # not at the cell's start: text
    assert cells["Emotion"] == "-2" and cells["Reach"] == "10"  # our numbers stay numbers
    later = dict(zip(header, second, strict=True))
    assert later["Step"] == "Ümlaut – fine"
    assert later["Backstage"] == "'\rCR"
    # Every cell of user text that could start a formula starts with the apostrophe.
    for row in (first, second):
        for name, cell in zip(header, row, strict=True):
            if name not in ("No.", "Emotion", "Reach"):
                assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), (name, cell)
                assert not cell.startswith(("\t", "\r", "\n")), (name, cell)


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("--format", "map-svg", "--journey", "mug-shop-first-ordr"),
            "Error: no journey 'mug-shop-first-ordr' (did you mean 'mug-shop-first-order'?); nothing was written\n",
        ),
        (
            ("--format", "map-svg", "--dpi", "300"),
            "Error: --dpi does not apply to --format map-svg; leave it out\n",
        ),
        (
            ("--format", "json", "--journey", "mug-shop-first-order"),
            "Error: --journey does not apply to --format json; leave it out\n",
        ),
        (
            ("--format", "map-png", "--dpi", "300", "--width", "2000"),
            "Error: give either --dpi or --width, not both\n",
        ),
        (
            ("--format", "map-csv", "--date", "2025-03-31"),
            "Error: --date does not apply to --format map-csv; leave it out\n",
        ),
    ],
)
def test_options_that_do_not_fit_are_refused_before_anything_is_written(
    tmp_path, arguments, message
):
    folder = project(tmp_path)

    result = run_cjdocs("export", *arguments, cwd=folder)

    assert result.returncode == 2
    assert result.stderr == message
    assert not (folder / "maps").exists()


def test_a_date_not_written_as_a_date_is_refused(tmp_path):
    folder = project(tmp_path)

    result = run_cjdocs("export", "--format", "map-svg", "--date", "31.03.2025", cwd=folder)

    assert result.returncode == 2
    assert "'31.03.2025' is not a date written YYYY-MM-DD, e.g. 2025-03-31" in result.stderr
    assert not (folder / "maps").exists()


def test_a_folder_of_the_users_is_never_replaced(tmp_path):
    folder = project(tmp_path)
    own = folder / "slides"
    own.mkdir()
    (own / "talk.key").write_bytes(b"my slides")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")

    into_folder = run_cjdocs("export", "--format", "map-svg", "-o", "slides", cwd=folder)
    onto_file = run_cjdocs("export", "--format", "map-csv", "-o", "notes.txt", cwd=folder)
    into_definitions = run_cjdocs("export", "--format", "map-svg", "-o", "journeys", cwd=folder)

    assert into_folder.returncode == onto_file.returncode == into_definitions.returncode == 2
    assert (
        "cannot export into slides: it is not empty and was not written by cjdocs (it holds talk.key)"
        in into_folder.stderr
    )
    assert "cannot export into notes.txt: it is a file, not a folder" in onto_file.stderr
    assert "cannot export into journeys: it is the definitions folder" in into_definitions.stderr
    assert sorted(path.name for path in own.iterdir()) == ["talk.key"]
    assert (own / "talk.key").read_bytes() == b"my slides"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(path.name for path in (folder / "journeys").rglob("*.svg")) == []


def test_a_folder_the_export_wrote_is_replaced_whole(tmp_path):
    folder = project(tmp_path)
    first = run_cjdocs("export", "--format", "map-svg", cwd=folder)
    second = run_cjdocs(
        "export", "--format", "map-csv", "--journey", "mug-shop-first-order", cwd=folder
    )

    assert first.returncode == second.returncode == 0, second.stderr
    assert sorted(path.name for path in (folder / "maps").iterdir()) == [
        ".cjdocs-manifest.json",
        "mug-shop-first-order.csv",
    ]


def test_hostile_text_in_the_picture_and_the_sheet_stays_text(tmp_path):
    from cjdocs.render.markup import xml_text
    from cjdocs.workflow.export.spreadsheet import steps_csv
    from hostile import NASTY, write_hostile

    _, model = load_model([write_hostile(tmp_path / "journeys")])
    (hostile,) = model.journeys
    root = ET.fromstring(picture.map_picture(hostile, EN, STAMP).svg)

    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}foreignObject")]
    assert all(not name.startswith("on") for element in root.iter() for name in element.attrib)
    assert root.find(f"{SVG}title").text == f"Journey map of {xml_text(NASTY[0])}"
    shown = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    assert '<script>alert("x")</script>' in shown
    rows = list(csv.reader(io.StringIO(steps_csv(hostile, EN).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(hostile.steps)
    assert rows[1][2] == xml_text(hostile.steps[0].name)
