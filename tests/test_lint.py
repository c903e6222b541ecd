"""Issue 16, section 3: the journey rules a CX lead asks for in review.

Each rule fires where it should and stays quiet where it should not, with its message exact in
English and German (file:line:column at the offending field); a site changes a rule's level in
mkdocs.yml, an editor ignores one finding in place with `x-cjdocs-ignore`, and the new severity
`info` is shown everywhere but never fails, not even with --strict.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from cjdocs.definitions.findings import report_text
from cjdocs.definitions.lint import LINT_CODES, lint, rule_levels, summarise
from cjdocs.definitions.loader import load_file
from cjdocs.definitions.validation import validate
from conftest import ROOT, run_cjdocs


def _write(folder, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / "journeys" / name).write_text(textwrap.dedent(text), encoding="utf-8")


def report(project, files: dict[str, str], *, language="en", levels=None) -> str:
    """The text report of the journey rules' findings for the base set plus `files`."""
    folder = project()
    _write(folder, files)
    findings = validate(["journeys"], language=language, lint_levels=levels).findings
    return report_text([finding for finding in findings if finding.code in LINT_CODES])


def journey(steps: str, *, head: str = "") -> str:
    """A journey of Anna's with the given steps (YAML, indented by four)."""
    return (
        "kind: journey\nid: lint-case\nname: Lint case\npersona: anna\n"
        + head
        + "steps:\n"
        + textwrap.indent(textwrap.dedent(steps), "  ")
    )


# -- pain-without-opportunity -------------------------------------------------------------------

PAIN = """\
- id: reads-newsletter
  name: Reads the newsletter
  phase: awareness
  touchpoints: [newsletter]
  pain_points: [Too many mails]
- id: pays
  name: Pays
  phase: purchase
  touchpoints: [checkout-desk]
"""


def test_a_pain_point_without_an_opportunity_is_a_warning_at_the_pain_point(project):
    assert report(project, {"case.yaml": journey(PAIN)}) == (
        "journeys/case.yaml:10:19: warning: step 1 ('reads-newsletter'): no opportunity "
        "addresses the pain point 'Too many mails'; add one to this step's opportunities "
        "[pain-without-opportunity]\n"
    )


def test_the_pain_point_message_in_german(project):
    assert report(project, {"case.yaml": journey(PAIN)}, language="de") == (
        "journeys/case.yaml:10:19: warning: Schritt 1 ('reads-newsletter'): keine Chance greift "
        "den Schmerzpunkt 'Too many mails' auf; ergänzen Sie eine unter opportunities dieses "
        "Schritts [pain-without-opportunity]\n"
    )


def test_an_opportunity_on_the_same_step_addresses_its_pain_points(project):
    steps = PAIN.replace(
        "  pain_points: [Too many mails]\n",
        "  pain_points: [Too many mails, Mails look alike]\n  opportunities: [One mail a week]\n",
    )
    assert report(project, {"case.yaml": journey(steps)}) == ""


def test_an_opportunity_on_another_step_does_not_address_a_pain_point(project):
    steps = PAIN + "  opportunities: [One mail a week]\n"
    assert "[pain-without-opportunity]" in report(project, {"case.yaml": journey(steps)})


def _lint_file(tmp_path, text: str, levels=None) -> list[tuple[str, str]]:
    """The rules over one journey file read as written, past the schema (which does not yet
    allow pain points and opportunities as objects): (code, path) of each finding."""
    path = tmp_path / "case.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    documents = load_file(str(path), "case.yaml").documents
    summaries = [summarise(document, document.data["kind"]) for document in documents]
    return [(finding.code, finding.path) for finding in lint(summaries, levels)]


OBJECT_FORM = """\
kind: journey
id: backlog
name: Backlog
persona: anna
steps:
  - id: waits
    name: Waits
    phase: purchase
    touchpoints: [checkout-desk]
    pain_points:
      - {text: Long queue, id: queue}
      - {text: No card payment, id: cards}
      - Plain words only
  - id: pays
    name: Pays
    phase: purchase
    touchpoints: [checkout-desk]
    opportunities:
      - {text: Second till, solves: [queue]}
"""


def test_an_opportunity_that_solves_a_pain_point_by_id_addresses_it_anywhere(tmp_path):
    """The object form of issue 16.2, read through the rule's accessors: `solves` names the
    pain points an opportunity addresses, wherever they stand in the journey; those it does
    not name are still open."""
    assert _lint_file(tmp_path, OBJECT_FORM, {**rule_levels(), "phase-gap": "off"}) == [
        ("pain-without-opportunity", "steps[0].pain_points[1]"),
        ("pain-without-opportunity", "steps[0].pain_points[2]"),
    ]


def test_an_opportunity_without_solves_addresses_every_pain_point_of_its_step(tmp_path):
    text = OBJECT_FORM.replace(
        "    touchpoints: [checkout-desk]\n    pain_points:",
        "    touchpoints: [checkout-desk]\n    opportunities: [{text: Card reader}]\n    pain_points:",
    )
    assert _lint_file(tmp_path, text) == []


# -- emotion-drop-unexplained -------------------------------------------------------------------

DROP = """\
- id: reads-newsletter
  name: Reads the newsletter
  phase: awareness
  touchpoints: [newsletter]
  emotion: 2
- id: pays
  name: Pays
  phase: purchase
  touchpoints: [checkout-desk]
  emotion: 0
"""


def test_a_fall_of_two_without_a_pain_point_is_a_warning_at_the_lower_emotion(project):
    assert report(project, {"case.yaml": journey(DROP)}) == (
        "journeys/case.yaml:15:14: warning: step 2 ('pays'): the emotion falls here to 0, from "
        "+2 at step 1 ('reads-newsletter'), and no pain point says why; add the cause under "
        "pain_points [emotion-drop-unexplained]\n"
    )


def test_the_emotion_drop_message_in_german(project):
    assert report(project, {"case.yaml": journey(DROP)}, language="de") == (
        "journeys/case.yaml:15:14: warning: Schritt 2 ('pays'): die Emotion fällt hier auf 0, "
        "von +2 bei Schritt 1 ('reads-newsletter'), und kein Schmerzpunkt sagt, warum; tragen "
        "Sie die Ursache unter pain_points ein [emotion-drop-unexplained]\n"
    )


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("emotion: 0", "emotion: 1"), "a fall of 1"),
        (("emotion: 2", "emotion: -1"), "a rise"),
        (
            ("  emotion: 0\n", "  emotion: 0\n  pain_points: [Queue]\n  opportunities: [Till]\n"),
            "a pain point says why",
        ),
        (("  emotion: 0\n", ""), "no emotion on the lower step"),
    ],
)
def test_no_warning_for(project, change, why):
    assert report(project, {"case.yaml": journey(DROP.replace(*change))}) == "", why


def test_the_fall_is_measured_along_the_journeys_ways_not_the_order_in_the_file(project):
    """`sees-ad` stands right above `pays` but leads elsewhere: no fall between them. `asks`
    leads to `pays` with a fall of 2: that is the one named."""
    steps = """\
    - id: sees-ad
      name: Sees an ad
      phase: awareness
      touchpoints: [newsletter]
      emotion: 2
      next: asks
    - id: pays
      name: Pays
      phase: purchase
      touchpoints: [checkout-desk]
      emotion: 0
      next: []
    - id: asks
      name: Asks at the desk
      phase: purchase
      touchpoints: [checkout-desk]
      emotion: 2
      next: pays
    """
    assert report(project, {"case.yaml": journey(steps)}) == (
        "journeys/case.yaml:16:14: warning: step 2 ('pays'): the emotion falls here to 0, from "
        "+2 at step 3 ('asks'), and no pain point says why; add the cause under pain_points "
        "[emotion-drop-unexplained]\n"
    )
    steps = steps.replace("emotion: 2\n      next: pays", "emotion: 1\n      next: pays")
    assert report(project, {"case.yaml": journey(steps)}) == ""


# -- phase-gap ----------------------------------------------------------------------------------

LOYALTY = "kind: phase\nid: loyalty\nname: Loyalty\norder: 3\n"
GAP = """\
- id: reads-newsletter
  name: Reads the newsletter
  phase: awareness
  touchpoints: [newsletter]
- id: comes-back
  name: Comes back
  phase: loyalty
  touchpoints: [newsletter]
"""


def test_a_skipped_phase_is_info_at_the_first_step_after_the_gap(project):
    assert report(project, {"loyalty.yaml": LOYALTY, "case.yaml": journey(GAP)}) == (
        "journeys/case.yaml:12:12: info: step 2 ('comes-back'): the journey goes from phase "
        "'awareness' to phase 'loyalty' here and skips phase 'purchase'; add a step in it, or "
        "mark the gap as meant with x-cjdocs-ignore: [phase-gap] on the journey [phase-gap]\n"
    )


def test_the_phase_gap_message_in_german(project):
    assert report(project, {"loyalty.yaml": LOYALTY, "case.yaml": journey(GAP)}, language="de") == (
        "journeys/case.yaml:12:12: info: Schritt 2 ('comes-back'): die Journey geht hier von "
        "Phase 'awareness' zu Phase 'loyalty' und überspringt Phase 'purchase'; ergänzen Sie "
        "einen Schritt darin, oder markieren Sie die Lücke mit x-cjdocs-ignore: [phase-gap] an "
        "der Journey als gewollt [phase-gap]\n"
    )


def test_phases_before_the_first_and_after_the_last_are_no_gap(project):
    """The base journey covers awareness and purchase; loyalty, after it, is no gap, and this
    journey, from purchase to loyalty, skips nothing between them either."""
    steps = GAP.replace("phase: awareness", "phase: purchase").replace(
        "touchpoints: [newsletter]\n- id: comes", "touchpoints: [checkout-desk]\n- id: comes", 1
    )
    assert report(project, {"loyalty.yaml": LOYALTY, "case.yaml": journey(steps)}) == ""


# -- touchpoint-without-owner -------------------------------------------------------------------

OWNERLESS = "kind: touchpoint\nid: hotline\nname: Hotline\nchannel: store\n"
HOTLINE = """\
- id: calls
  name: Calls the hotline
  phase: purchase
  touchpoints: [hotline]
- id: calls-again
  name: Calls again
  phase: purchase
  touchpoints: [hotline, checkout-desk]
"""


def test_a_touchpoint_journeys_use_without_an_owner_is_a_warning_at_its_id(project):
    files = {"hotline.yaml": OWNERLESS, "case.yaml": journey(HOTLINE)}
    assert report(project, files) == (
        "journeys/hotline.yaml:2:5: warning: touchpoint 'hotline' has no owner, and 2 steps of "
        "journeys use it; name who looks after it: owner: the team or person "
        "[touchpoint-without-owner]\n"
    )
    assert report(project, files, language="de") == (
        "journeys/hotline.yaml:2:5: warning: Touchpoint 'hotline' hat keinen Verantwortlichen, "
        "und 2 Schritte von Journeys nutzen ihn; nennen Sie, wer sich um ihn kümmert: owner: "
        "Team oder Person [touchpoint-without-owner]\n"
    )


def test_an_owner_or_no_use_leaves_a_touchpoint_alone(project):
    owned = OWNERLESS + "owner: Service team\n"
    assert report(project, {"hotline.yaml": owned, "case.yaml": journey(HOTLINE)}) == ""
    folder = project()
    (folder / "journeys" / "case.yaml").unlink()
    _write(folder, {"hotline.yaml": OWNERLESS})
    codes = [finding.code for finding in validate(["journeys"]).findings]
    assert codes == ["unused"]  # not used: that is what it is told, and no more


# -- step-without-touchpoint --------------------------------------------------------------------

BARE = """\
- id: thinks-it-over
  name: Thinks it over at home
  phase: awareness
- id: pays
  name: Pays
  phase: purchase
  touchpoints: [checkout-desk]
"""


def test_a_step_without_a_touchpoint_is_info_at_the_step(project):
    assert report(project, {"case.yaml": journey(BARE)}) == (
        "journeys/case.yaml:6:9: info: step 1 ('thinks-it-over') names no touchpoint: where "
        "does the customer meet the business here? Add touchpoints: [the touchpoint's id] "
        "[step-without-touchpoint]\n"
    )
    assert report(project, {"case.yaml": journey(BARE)}, language="de") == (
        "journeys/case.yaml:6:9: info: Schritt 1 ('thinks-it-over') nennt keinen Touchpoint: Wo "
        "begegnet der Kunde hier dem Unternehmen? Ergänzen Sie touchpoints: [die ID des "
        "Touchpoints] [step-without-touchpoint]\n"
    )


def test_an_empty_list_of_touchpoints_names_none_either(project):
    steps = BARE.replace("  phase: awareness\n", "  phase: awareness\n  touchpoints: []\n")
    assert "[step-without-touchpoint]" in report(project, {"case.yaml": journey(steps)})


# -- stale-future -------------------------------------------------------------------------------

FUTURE = "state: future\n"
STEPS = """\
- id: pays
  name: Pays
  phase: purchase
  touchpoints: [checkout-desk]
"""


def test_a_future_journey_without_an_owner_is_a_warning_at_its_state(project):
    assert report(project, {"case.yaml": journey(STEPS, head=FUTURE)}) == (
        "journeys/case.yaml:5:8: warning: journey 'lint-case' is a future state that no one "
        "owns, and a target picture no one drives goes stale; name who drives it: owner: the "
        "team or person [stale-future]\n"
    )
    assert report(project, {"case.yaml": journey(STEPS, head=FUTURE)}, language="de") == (
        "journeys/case.yaml:5:8: warning: Journey 'lint-case' ist ein Zielbild ohne "
        "Verantwortliche, und ein Zielbild, das niemand vorantreibt, veraltet; nennen Sie, wer "
        "es vorantreibt: owner: Team oder Person [stale-future]\n"
    )


@pytest.mark.parametrize("head", ["", "state: current\n", "state: future\nowner: CX team\n"])
def test_a_current_journey_or_an_owned_future_one_is_not_stale(project, head):
    assert report(project, {"case.yaml": journey(STEPS, head=head)}) == ""


# -- x-cjdocs-ignore -----------------------------------------------------------------------------


def test_an_ignore_on_the_step_silences_that_rule_on_that_step_only(project):
    steps = BARE.replace(
        "  phase: awareness\n", "  phase: awareness\n  x-cjdocs-ignore: [step-without-touchpoint]\n"
    ) + BARE.replace("thinks-it-over", "sleeps-on-it").replace("- id: pays", "- id: pays-later")
    assert report(project, {"case.yaml": journey(steps)}) == (
        "journeys/case.yaml:14:9: info: step 3 ('sleeps-on-it') names no touchpoint: where "
        "does the customer meet the business here? Add touchpoints: [the touchpoint's id] "
        "[step-without-touchpoint]\n"
    )


def test_an_ignore_on_the_journey_silences_the_rule_for_all_its_steps(project):
    head = "x-cjdocs-ignore: [step-without-touchpoint, pain-without-opportunity]\n"
    steps = BARE + "  pain_points: [Queue]\n"
    assert report(project, {"case.yaml": journey(steps, head=head)}) == ""


def test_an_ignore_on_a_touchpoint_or_a_future_journey(project):
    files = {
        "hotline.yaml": OWNERLESS + "x-cjdocs-ignore: [touchpoint-without-owner]\n",
        "case.yaml": journey(HOTLINE, head=FUTURE + "x-cjdocs-ignore: [stale-future]\n"),
    }
    assert report(project, files) == ""


def test_an_ignore_naming_no_rule_is_a_warning_with_the_closest_rule(project):
    head = "x-cjdocs-ignore: [step-without-touchpoints, unused]\n"
    assert report(project, {"case.yaml": journey(BARE, head=head)}, language="en") == (
        "journeys/case.yaml:5:19: warning: x-cjdocs-ignore names no rule "
        "'step-without-touchpoints' (did you mean 'step-without-touchpoint'?), so it ignores "
        "nothing [unknown-rule]\n"
        "journeys/case.yaml:5:45: warning: x-cjdocs-ignore names no rule 'unused', so it ignores "
        "nothing; the rules are pain-without-opportunity, emotion-drop-unexplained, phase-gap, "
        "touchpoint-without-owner, step-without-touchpoint, stale-future [unknown-rule]\n"
        "journeys/case.yaml:7:9: info: step 1 ('thinks-it-over') names no touchpoint: where "
        "does the customer meet the business here? Add touchpoints: [the touchpoint's id] "
        "[step-without-touchpoint]\n"
    )
    assert report(project, {"case.yaml": journey(BARE, head=head)}, language="de").startswith(
        "journeys/case.yaml:5:19: warning: x-cjdocs-ignore nennt keine Regel "
        "'step-without-touchpoints' (meinten Sie 'step-without-touchpoint'?) und ignoriert so "
        "nichts [unknown-rule]\n"
    )


def test_an_ignore_that_is_not_a_list_is_a_schema_error_with_the_line_to_type(project):
    folder = project()
    _write(folder, {"case.yaml": journey(STEPS, head="x-cjdocs-ignore: phase-gap\n")})
    findings = validate(["journeys"]).findings
    assert [(f.code, f.line, f.column, f.message) for f in findings] == [
        ("schema", 5, 18, "x-cjdocs-ignore must be a list: write x-cjdocs-ignore: [phase-gap]")
    ]


def test_the_schemas_list_the_ignore_key_for_editors(tmp_path):
    result = run_cjdocs("schema", "-o", "schemas", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for kind in ("persona", "phase", "channel", "touchpoint", "journey"):
        schema = json.loads((tmp_path / "schemas" / f"{kind}.schema.json").read_text())
        assert schema["properties"]["x-cjdocs-ignore"]["type"] == "array"
    step = json.loads((tmp_path / "schemas" / "journey.schema.json").read_text())["$defs"]["step"]
    assert "x-cjdocs-ignore" in step["properties"]


# -- levels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [("off", []), ("info", ["info"]), ("warning", ["warning"]), ("error", ["error"])],
)
def test_a_level_changes_the_severity_of_a_rule(project, level, expected):
    levels = {**rule_levels(), "pain-without-opportunity": level}
    folder = project()
    _write(folder, {"case.yaml": journey(PAIN)})
    findings = validate(["journeys"], lint_levels=levels).findings
    assert [f.severity for f in findings if f.code == "pain-without-opportunity"] == expected


def test_rule_levels_read_yaml_off_as_off_and_refuse_the_rest():
    assert rule_levels({"phase-gap": False})["phase-gap"] == "off"  # YAML 1.1 `off`
    assert rule_levels({"phase-gap": "error"})["phase-gap"] == "error"
    assert rule_levels()["phase-gap"] == "info"


def _site(folder, lint_options: str = "") -> None:
    (folder / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\nplugins:\n  - search\n  - cjdocs:\n"
        "      source: journeys\n" + lint_options,
        encoding="utf-8",
    )


def test_levels_in_mkdocs_yml_are_read_by_validate(project):
    folder = project()
    _write(folder, {"case.yaml": journey(PAIN)})
    _site(folder, "      lint:\n        pain-without-opportunity: off\n")
    result = run_cjdocs("validate", "--strict", cwd=folder)
    assert (result.returncode, result.stdout) == (0, "")
    _site(folder, "      lint:\n        pain-without-opportunity: error\n")
    result = run_cjdocs("validate", cwd=folder)
    assert result.returncode == 1
    assert ": error: step 1 ('reads-newsletter'): no opportunity" in result.stdout
    assert "1 error, 0 warnings" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "      lint:\n        pain-without-oportunity: off\n",
            "Error: mkdocs.yml: lint names no rule 'pain-without-oportunity' (did you mean "
            "'pain-without-opportunity'?)\n",
        ),
        (
            "      lint:\n        phase-gap: warnig\n",
            "Error: mkdocs.yml: lint: phase-gap must be off, info, warning or error, not "
            "'warnig' (did you mean 'warning'?)\n",
        ),
        (
            "      lint:\n        phase-gap: on\n",
            "Error: mkdocs.yml: lint: phase-gap must be off, info, warning, error, not 'true'\n",
        ),
        (
            "      lint: [phase-gap]\n",
            "Error: mkdocs.yml: lint must be rule: level pairs, like lint: {phase-gap: warning}; "
            "the rules are pain-without-opportunity, emotion-drop-unexplained, phase-gap, "
            "touchpoint-without-owner, step-without-touchpoint, stale-future\n",
        ),
    ],
)
def test_an_unknown_rule_or_level_in_mkdocs_yml_stops_validate_with_status_2(
    project, options, message
):
    folder = project()
    _site(folder, options)
    result = run_cjdocs("validate", cwd=folder)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_the_config_message_in_german(project):
    folder = project()
    _site(folder, "      language: de\n      lint:\n        phase-gap: warnig\n")
    result = run_cjdocs("validate", cwd=folder)
    assert result.returncode == 2
    assert result.stderr == (
        "Error: mkdocs.yml: lint: phase-gap muss off, info, warning oder error sein, nicht "
        "'warnig' (meinten Sie 'warning'?)\n"
    )


# -- info: shown everywhere, never failing --------------------------------------------------------


def test_info_never_fails_not_even_with_strict(project):
    folder = project()
    _write(folder, {"case.yaml": journey(BARE)})
    result = run_cjdocs("validate", "--strict", cwd=folder)
    assert result.returncode == 0
    assert ": info: step 1 ('thinks-it-over') names no touchpoint" in result.stdout
    assert result.stderr == "9 definitions in 3 files: 0 errors, 0 warnings, 1 note\n"
    german = run_cjdocs("validate", "--strict", "--lang", "de", cwd=folder)
    assert german.stderr == "9 Definitionen in 3 Dateien: 0 Fehler, 0 Warnungen, 1 Hinweis\n"


def test_strict_still_fails_on_a_warning_beside_notes(project):
    folder = project()
    _write(folder, {"case.yaml": journey(BARE + "  pain_points: [Queue]\n")})
    result = run_cjdocs("validate", "--strict", cwd=folder)
    assert result.returncode == 1
    assert "0 errors, 1 warning, 1 note (warnings count as errors: --strict)" in result.stderr


def test_info_in_json_and_as_a_github_notice(project):
    folder = project()
    _write(folder, {"case.yaml": journey(BARE)})
    result = run_cjdocs("validate", "--format", "json", cwd=folder)
    assert result.returncode == 0
    assert json.loads(result.stdout) == [
        {
            "file": "journeys/case.yaml",
            "line": 6,
            "column": 9,
            "severity": "info",
            "code": "step-without-touchpoint",
            "path": "steps[0]",
            "message": "step 1 ('thinks-it-over') names no touchpoint: where does the customer "
            "meet the business here? Add touchpoints: [the touchpoint's id]",
        }
    ]
    result = run_cjdocs("validate", "--format", "github", cwd=folder)
    assert result.returncode == 0
    assert result.stdout == (
        "::notice file=journeys/case.yaml,line=6,col=9,title=step-without-touchpoint::step 1 "
        "('thinks-it-over') names no touchpoint: where does the customer meet the business "
        "here? Add touchpoints: [the touchpoint's id]\n"
    )


def test_a_missing_folder_is_status_2(tmp_path):
    assert run_cjdocs("validate", "nowhere", cwd=tmp_path).returncode == 2


def _mkdocs(folder, *arguments):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_strict_mkdocs_build_shows_notes_and_passes(project):
    folder = project()
    _write(folder, {"case.yaml": journey(BARE)})
    _site(folder)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Journeys\n", encoding="utf-8")
    result = _mkdocs(folder, "--strict")
    assert result.returncode == 0, result.stderr
    assert (
        "INFO    -  cjdocs: journeys/case.yaml:6:9: info: step 1 ('thinks-it-over') names no "
        "touchpoint"
    ) in result.stderr
    _site(folder, "      lint:\n        step-without-touchpoint: warning\n")
    result = _mkdocs(folder, "--strict")
    assert result.returncode == 1
    assert "WARNING -  cjdocs: journeys/case.yaml:6:9: warning: step 1" in result.stderr


def test_a_wrong_level_in_mkdocs_yml_fails_the_build_as_a_configuration_error(project):
    folder = project()
    _site(folder, "      lint:\n        phase-gap: warnig\n")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Journeys\n", encoding="utf-8")
    result = _mkdocs(folder)
    assert result.returncode == 1
    assert (
        "Plugin 'cjdocs' option 'lint': lint: phase-gap must be off, info, warning or error, "
        "not 'warnig' (did you mean 'warning'?)"
    ) in result.stderr
    assert not (folder / "site").exists()


# -- the example ------------------------------------------------------------------------------------


def test_the_example_validates_cleanly_with_strict():
    result = run_cjdocs("validate", "--strict", cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.endswith(": 0 errors, 0 warnings\n")


def test_every_ignore_in_the_example_is_needed(tmp_path):
    """Each x-cjdocs-ignore in journeys/ marks a gap that is there: without them, the rules
    name exactly those steps."""
    folder = tmp_path / "journeys"
    for path in (ROOT / "journeys").rglob("*.yaml"):
        target = folder / path.relative_to(ROOT / "journeys")
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        target.write_text(
            "".join(line for line in lines if "x-cjdocs-ignore" not in line), encoding="utf-8"
        )
    findings = validate([folder], root=tmp_path).findings
    assert sorted((f.code, f.path) for f in findings) == [
        ("pain-without-opportunity", "steps[4].pain_points[1]"),
        ("step-without-touchpoint", "steps[0]"),
        ("step-without-touchpoint", "steps[11]"),
        ("step-without-touchpoint", "steps[2]"),
        ("step-without-touchpoint", "steps[7]"),
    ]


# -- the site's problems page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("1 error", "warning", "note")), ("de", ("1 Fehler", "Warnung", "Hinweis"))],
)
def test_the_problems_page_lists_errors_first_then_warnings_and_notes_marked(language, words):
    """While `cjdocs serve` shows the last good definitions, its problems page lists the errors
    (counted), then the warnings and notes, each marked with its severity, all escaped."""
    from cjdocs.catalogue import catalogue
    from cjdocs.definitions.findings import Finding
    from cjdocs.render.problems import problems_page
    from cjdocs.render.templates import Templates

    findings = [
        Finding("j.yaml", 6, 9, "info", "step-without-touchpoint", "steps[0]", "names <none>"),
        Finding("j.yaml", 7, 9, "warning", "pain-without-opportunity", "", "no opportunity"),
        Finding("j.yaml", 8, 9, "error", "pain-without-opportunity", "", "an error"),
    ]
    html = problems_page(findings, catalogue(language), Templates()).sections[0].html
    count, warning, note = words
    assert f'<p class="cj-lead">{count}.' in html
    assert html.index("an error") < html.index("no opportunity") < html.index("names &lt;none&gt;")
    assert f'<span class="cj-problem-severity">{warning}</span> no opportunity' in html
    assert f'<span class="cj-problem-severity">{note}</span> names &lt;none&gt;' in html
    assert html.count("cj-problem-severity") == 2  # an error is not marked: the page is of errors


# -- the pull-request comment -----------------------------------------------------------------------


def test_the_diff_comment_lists_the_review_notes_the_change_brings(tmp_path):
    """`cjdocs diff` names the journey rules' warnings and notes that HEAD has and BASE has not:
    an emotion drop that was there before the change is not repeated."""
    import shutil

    from conftest import FIXTURES

    folder = tmp_path / "repo"
    (folder / "journeys").mkdir(parents=True)
    for path in (FIXTURES / "base").iterdir():
        shutil.copyfile(path, folder / "journeys" / path.name)
    (folder / "journeys" / "journey.yaml").write_text(journey(DROP), encoding="utf-8")
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]

    def commit():
        for arguments in (["add", "-A"], ["commit", "-q", "-m", "change"]):
            subprocess.run(["git", *identity, *arguments], cwd=folder, check=True)

    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    commit()
    (folder / "journeys" / "journey.yaml").write_text(
        journey(DROP + BARE.replace("- id: pays", "- id: pays-again")), encoding="utf-8"
    )
    commit()
    result = run_cjdocs("diff", "HEAD~1", "HEAD", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert (
        "<details><summary>💬 1 review note from the journey rules, new in this change</summary>"
    ) in result.stdout
    assert (
        "- ℹ️ <code>journeys/journey.yaml:16:9</code> step 3 ('thinks-it-over') names no "
        "touchpoint: where does the customer meet the business here? Add touchpoints: \\[the "
        "touchpoint's id\\] <code>step-without-touchpoint</code>"
    ) in result.stdout
    assert "emotion falls" not in result.stdout  # there before the change
    report = json.loads(run_cjdocs("diff", "HEAD~1", "HEAD", "--format", "json", cwd=folder).stdout)
    assert [(note["code"], note["severity"], note["line"]) for note in report["review"]] == [
        ("step-without-touchpoint", "info", 16)
    ]


def test_the_rules_wait_while_the_definitions_have_errors(project):
    """An error may be the cause: a step nobody reaches names no touchpoint either. One mistake,
    one message; the rules speak again once it is fixed."""
    steps = BARE.replace("  phase: awareness\n", "  phase: awareness\n  next: []\n")
    folder = project()
    _write(folder, {"case.yaml": journey(steps + "  pain_points: [Queue]\n")})
    assert [f.code for f in validate(["journeys"]).findings] == ["unreachable-step"]


def test_an_ignore_on_a_persona_is_checked_too(project):
    folder = project()
    _write(
        folder,
        {"ben.yaml": "kind: persona\nid: ben\nname: Ben\nx-cjdocs-ignore: [stale-futur]\n"},
    )
    findings = [f for f in validate(["journeys"]).findings if f.code == "unknown-rule"]
    assert [(f.line, f.column, f.message) for f in findings] == [
        (
            4,
            19,
            "x-cjdocs-ignore names no rule 'stale-futur' (did you mean 'stale-future'?), so it "
            "ignores nothing",
        )
    ]
