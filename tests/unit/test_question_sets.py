"""Question sets as data (issue 16): every incident type the issue lists has a set that loads,
volume crimes ask at most about ten questions, answers set the facts the counting rules read,
bad answers are named by question id, and incident types are suggested from a caller's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contact101.rpc.answer_checks import validate_answers
from contact101.rpc.refusals import InvalidField
from contact101.rules.dash_questions import risk_tool
from contact101.rules.questions import (
    QuestionSetRules,
    agency_directory,
    answer_problems,
    apply_answers,
    is_asked,
    load_question_set,
    most_questions_asked,
    question_catalogue,
    suggest_incident_types,
    unanswered_mandatory,
)
from contact101.rules.questions._fact_paths import FactPathError, set_fact
from contact101.rules.rule_files import RuleFileError
from contact101.v1 import common_pb2, questions_pb2
from tests.scenarios import scenarios

# The incident types issue 16 says the question sets must cover, by the set that covers each.
COVERED = {
    "theft (person, shop, cycle, other)": "theft",
    "theft of and from vehicles, vehicle crime": "vehicle_crime",
    "burglary (dwelling, connected building, business)": "burglary",
    "criminal damage and arson": "criminal_damage",
    "assault": "assault",
    "domestic abuse": "domestic_abuse",
    "stalking and harassment": "stalking_harassment",
    "hate": "hate",
    "sexual offences (third-party and historic)": "sexual_offences",
    "fraud": "fraud",
    "anti-social behaviour": "anti_social_behaviour",
    "concern for welfare": "concern_for_welfare",
    "missing person": "missing_person",
    "road-related incidents": "road_incident",
    "lost and found property": "lost_found_property",
    "information requests": "information_request",
}
MOST_FOR_VOLUME_CRIME = 10


def question_set(set_id: str) -> QuestionSetRules:
    found = question_catalogue().find(set_id)
    assert found is not None, set_id
    return found


def yes(question_id: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, yes_no=questions_pb2.YES_NO_YES)


def pick(question_id: str, choice: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, choice=choice)


def test_every_incident_type_the_issue_lists_has_a_question_set() -> None:
    catalogue = question_catalogue()
    missing = {kind: set_id for kind, set_id in COVERED.items() if catalogue.find(set_id) is None}
    assert not missing
    assert len({incident.id for incident in catalogue.incident_types()}) == len(catalogue.current)


def test_volume_crimes_ask_at_most_about_ten_questions() -> None:
    assert most_questions_asked(question_set("theft")) <= MOST_FOR_VOLUME_CRIME
    assert most_questions_asked(question_set("criminal_damage")) <= MOST_FOR_VOLUME_CRIME
    burglary = question_set("burglary")
    shed = {"building": pick("building", "outbuilding")}
    asked_for_a_shed = [question.id for question in burglary.questions.values() if is_asked(question, shed)]
    assert len(asked_for_a_shed) <= MOST_FOR_VOLUME_CRIME
    assert "by_a_trick" not in asked_for_a_shed


def test_every_question_that_classifies_names_its_source() -> None:
    unsourced = [
        f"{rules.id}.{question.id}"
        for rules in question_catalogue().current.values()
        for question in rules.questions.values()
        if any(path.startswith(("offence.", "first_contact_outcome")) for facts in question.sets.values()
               for path, _value in facts)
        and not question.message.source
    ]  # fmt: skip
    assert not unsourced


def test_every_agency_a_set_names_is_in_the_directory_with_its_source_and_how_to_reach_it() -> None:
    agencies = agency_directory().agencies
    named = {agency for rules in question_catalogue().current.values() for agency in rules.message.agency_ids}
    assert named - agencies.keys() == set()
    for agency in agencies.values():
        assert agency.source and agency.hours and (agency.phone or agency.website), agency.id
    assert agencies["report_fraud"].phone == "0300 123 2040"


def test_answers_set_the_facts_the_counting_rules_classify() -> None:
    theft = question_set("theft")
    robbery = apply_answers(
        theft,
        [pick("what_kind", "from_person"), yes("force_used"), pick("weapon", "blade")],
        common_pb2.ContactDetails(),
    )
    facts = robbery.offence_facts[0]
    assert (facts.act, facts.from_the_person, facts.weapon) == (
        common_pb2.OFFENCE_ACT_ROBBERY,
        True,
        common_pb2.WEAPON_KIND_BLADE,
    )
    assert robbery.risk_indicators.weapon
    car = apply_answers(
        question_set("vehicle_crime"),
        [pick("what_happened", "theft_from"), yes("window_damaged")],
        common_pb2.ContactDetails(),
    )
    assert [fact.act for fact in car.offence_facts] == [
        common_pb2.OFFENCE_ACT_THEFT,
        common_pb2.OFFENCE_ACT_CRIMINAL_DAMAGE,
    ]
    assert (
        car.offence_facts[0].from_a_vehicle and car.offence_facts[1].premises == common_pb2.PREMISES_VEHICLE
    )


def test_the_risk_tool_is_asked_by_question_id_and_the_rest_recorded_not_asked() -> None:
    contact = apply_answers(
        question_set("domestic_abuse"),
        [pick("risk_injury", "yes"), pick("risk_very_frightened", "declined")],
        common_pb2.ContactDetails(),
    )
    answers = {answer.question_id: answer.answer for answer in contact.domestic_abuse.risk_answers}
    assert list(answers) == list(risk_tool().questions)
    assert answers["injury"] == common_pb2.RISK_ANSWER_VALUE_YES
    assert answers["very_frightened"] == common_pb2.RISK_ANSWER_VALUE_DECLINED
    assert answers["isolated"] == common_pb2.RISK_ANSWER_VALUE_NOT_ASKED


def test_risk_answers_the_officer_gave_in_the_contact_are_left_for_the_edge_checks() -> None:
    draft = common_pb2.ContactDetails()
    draft.domestic_abuse.risk_answers.add(
        question_id="no_such_question", answer=common_pb2.RISK_ANSWER_VALUE_YES
    )
    theft = apply_answers(question_set("theft"), [pick("what_kind", "cycle")], draft)
    assert [answer.question_id for answer in theft.domestic_abuse.risk_answers] == ["no_such_question"]
    abuse = apply_answers(question_set("domestic_abuse"), [pick("risk_injury", "yes")], draft)
    assert abuse.domestic_abuse.risk_answers[-1].question_id == "no_such_question"


def test_the_gap_is_the_mandatory_lines_of_enquiry_that_apply_and_were_not_asked() -> None:
    vehicle = question_set("vehicle_crime")
    stolen = [
        question.question_id
        for question in unanswered_mandatory(vehicle, [pick("what_happened", "vehicle_stolen")])
    ]
    assert stolen == ["tracker", "suspect_description", "cctv"]
    taken_from = unanswered_mandatory(vehicle, [pick("what_happened", "theft_from")])
    assert [question.question_id for question in taken_from] == [
        "suspect_description",
        "cctv",
        "property_serial",
    ]


def test_the_advice_given_follows_the_answers() -> None:
    contact = apply_answers(
        question_set("burglary"), [yes("offender_still_there")], common_pb2.ContactDetails()
    )
    assert [advice.kind for advice in contact.guided.advice_given] == [questions_pb2.ADVICE_KIND_SAFETY]


@pytest.mark.parametrize(
    ("answers", "field", "problem"),
    [
        ([yes("nonsense")], "answers.nonsense", "is not a question of theft"),
        ([pick("what_kind", "cycle"), pick("what_kind", "shop")], "answers.what_kind", "is answered twice"),
        ([yes("what_kind")], "answers.what_kind", "must be a choice answer (choice), not yes_no"),
        ([questions_pb2.Answer(question_id="when")], "answers.when", "must be a time answer"),
        (
            [pick("what_kind", "cycle"), yes("force_used")],
            "answers.force_used",
            "contradicts answers.what_kind",
        ),
        ([questions_pb2.Answer(question_id="Bad Id", text="x")], "answers[0].question_id", "must be the id"),
        ([questions_pb2.Answer(question_id="cctv", text="camera\x00")], "answers.cctv", "control characters"),
        (
            [questions_pb2.Answer(question_id="witness", person=questions_pb2.PersonAnswer(name="n" * 201))],
            "answers.witness",
            "a name of at most 200",
        ),
    ],
)
def test_bad_answers_are_refused_naming_the_question(
    answers: list[questions_pb2.Answer], field: str, problem: str
) -> None:
    with pytest.raises(InvalidField) as refused:
        validate_answers(question_set("theft"), answers)
    assert refused.value.field == field
    assert problem in refused.value.problem


def test_a_period_must_start_before_it_ends() -> None:
    answer = questions_pb2.Answer(question_id="when")
    answer.time.kind = questions_pb2.TIME_KIND_BETWEEN
    answer.time.at.FromSeconds(1_800_000_000)
    getattr(answer.time, "from").FromSeconds(1_800_000_600)
    problems = answer_problems(question_set("theft"), [answer])
    assert [problem.problem for problem in problems] == ["must start (from) before it ends (at)"]


@pytest.mark.parametrize(
    ("words", "first", "matched"),
    [
        ("Her bag was snatched by a lad on a bike outside the station", "theft", "snatched"),
        ("My mum's shed was broken into overnight and her tools were taken", "burglary", "broken into"),
        ("I was scammed by a man who said he was from my bank", "fraud", "scammed"),
        ("Someone sprayed graffiti across the front of the shop", "criminal_damage", "graffiti"),
    ],
)
def test_incident_types_are_suggested_from_the_words_with_the_words_that_matched(
    words: str, first: str, matched: str
) -> None:
    suggestions = suggest_incident_types(words, question_catalogue().current.values())
    assert suggestions[0].rules.id == first
    assert matched in suggestions[0].matched_words


def test_words_that_match_nothing_suggest_nothing() -> None:
    assert suggest_incident_types("hello, is anyone there", question_catalogue().current.values()) == []


def question_set_file(folder: Path, name: str, questions: str) -> Path:
    """A question set file named name, holding the questions (YAML) under a minimal header."""
    path = folder / f"{name}.yaml"
    path.write_text(
        f"version: {name}-1\nid: {name}\ntitle: {name.title()}\n"
        f"incident_type: {{id: {name}, title: {name.title()}, family: none, description: {name}}}\n"
        f"questions:\n{questions}",
        encoding="utf-8",
    )
    return path


def test_a_malformed_set_stops_the_service_naming_the_file_and_the_question(tmp_path: Path) -> None:
    path = question_set_file(
        tmp_path,
        "broken",
        "  - {id: asked, text: Asked, type: yes_no, sets: {yes: {offence.act: STEALING}}}\n",
    )
    with pytest.raises(RuleFileError, match=r"broken.yaml: questions\[0\]\.sets\.yes\.offence\.act"):
        load_question_set(path)


def test_fact_paths_refuse_what_the_contact_cannot_hold() -> None:
    contact = common_pb2.ContactDetails()
    with pytest.raises(FactPathError, match="no such field"):
        set_fact(contact, "offence.colour", "red")
    with pytest.raises(FactPathError, match="a list field needs"):
        set_fact(contact, "hate_strands", "RACE")
    set_fact(contact, "hate_strands+", "RACE")
    set_fact(contact, "hate_strands+", "RACE")
    assert list(contact.hate_strands) == [common_pb2.HATE_STRAND_RACE]


def test_answers_applied_again_change_nothing_more() -> None:
    """An amendment applies the contact's answers again to the contact they were applied to."""
    for scenario in scenarios():
        request = scenario.request
        if not request.question_set_id:
            continue
        rules = question_set(request.question_set_id)
        once = apply_answers(rules, request.answers, request.contact)
        assert apply_answers(rules, request.answers, once) == once, scenario.name


def test_the_readme_gives_each_sets_question_count_and_version() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Guided questions") :]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| (\d+) \| (\d+) \| `([^`]+)` \|$", section, re.MULTILINE)
    documented = {set_id: (int(most), int(mandatory), version) for set_id, most, mandatory, version in rows}
    actual = {
        rules.id: (
            most_questions_asked(rules),
            sum(question.message.mandatory_line_of_enquiry for question in rules.questions.values()),
            rules.version,
        )
        for rules in question_catalogue().current.values()
    }
    assert documented == actual


def test_a_choice_label_cut_at_an_unquoted_comma_stops_the_service(tmp_path: Path) -> None:
    """In a YAML flow mapping a comma ends the label: "Hit, kicked" would read as "Hit"."""
    path = question_set_file(
        tmp_path,
        "cut",
        "  - id: what\n    text: What did they do?\n    type: choice\n"
        "    choices:\n      - {id: attacked, label: Hit, kicked or otherwise attacked}\n",
    )
    with pytest.raises(RuleFileError, match=r"cut.yaml: questions\[0\]\.choices\[0\].*kicked"):
        load_question_set(path)


def test_every_choice_label_is_read_whole() -> None:
    labels = [
        choice.label
        for rules in question_catalogue().current.values()
        for question in rules.message.questions
        for choice in question.choices
    ]
    assert "Hit, kicked or otherwise attacked someone" in labels
    assert "Hit, pushed, grabbed or otherwise attacked" in labels
