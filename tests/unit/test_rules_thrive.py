"""THRIVE grading, DASH and first-contact resolution as pure rules, including the property that
adding a risk factor never lowers the grade."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contact101.rules.dash_questions import risk_tool
from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding.dash import LEVELS, assess_dash
from services.safeguarding.thrive_rules import URGENCY
from tests.risk_answers import answers_from, dash_answers
from tests.unit.captured_contacts import NOW, assess, contact_of

INDICATORS = tuple(field.name for field in common_pb2.RiskIndicators.DESCRIPTOR.fields)
STRANDS = [value for value in common_pb2.HateStrand.values() if value]
JUDGEMENT = [value for value in common_pb2.DashJudgementFactor.values() if value]
LINE_KINDS = [value for value in common_pb2.LineOfEnquiryKind.values() if value]
OUTCOMES = list(common_pb2.FirstContactOutcome.values())
ANSWER_VALUES = [value for value in common_pb2.RiskAnswerValue.values() if value]
ACCOUNTS = [
    "Someone took the tools from my garage",
    "My neighbour keeps playing loud music",
    "I was pushed over in the street",
    "A man groped me on the train",
    "They were fighting outside and one had a knife",
]


def urgency(assessment: safeguarding_pb2.RiskAssessment) -> int:
    """0 for emergency, 3 for resolved without deployment."""
    return URGENCY.index(assessment.grade)


@st.composite
def situations(draw: st.DrawFn) -> tuple[common_pb2.ContactDetails, safeguarding_pb2.RepeatFindings]:
    contact = contact_of(draw(st.sampled_from(ACCOUNTS)))
    contact.occurred_at.FromDatetime(NOW - timedelta(hours=draw(st.integers(0, 24 * 30))))
    for name in draw(st.sets(st.sampled_from(INDICATORS))):
        setattr(contact.risk_indicators, name, True)
    contact.hate_strands.extend(draw(st.sets(st.sampled_from(STRANDS))))
    if draw(st.booleans()):
        contact.domestic_abuse.SetInParent()
        if draw(st.booleans()):
            values = draw(st.lists(st.sampled_from(ANSWER_VALUES), min_size=24, max_size=24))
            contact.domestic_abuse.risk_answers.extend(
                common_pb2.RiskAnswer(question_id=question, answer=value)
                for question, value in zip(risk_tool().questions, values, strict=True)
            )
        contact.domestic_abuse.judgement_factors.extend(draw(st.sets(st.sampled_from(JUDGEMENT))))
        if draw(st.booleans()):
            contact.domestic_abuse.marac_judgement = "the victim is too frightened to say more"
    if draw(st.booleans()):
        contact.offender_expected_back.detail = "tomorrow"
    if draw(st.booleans()):
        contact.fraud.money_at_risk = draw(st.booleans())
        contact.fraud.identifiable_suspect = draw(st.booleans())
    for kind in draw(st.lists(st.sampled_from(LINE_KINDS), max_size=3)):
        contact.lines_of_enquiry.add(kind=kind, detail="line")
    for _ in range(draw(st.integers(0, 2))):
        contact.suspects.add(description="a suspect")
    if draw(st.booleans()):
        contact.caller.date_of_birth = "2014-01-01"  # a child victim
    contact.first_contact_outcome = draw(st.sampled_from(OUTCOMES))
    repeats = safeguarding_pb2.RepeatFindings(
        potential_escalation=draw(st.booleans()),
        marac_referred_within_window=draw(st.booleans()),
        repeat_victim=draw(st.booleans()),
        repeat_location=draw(st.booleans()),
        asb_case_review=draw(st.booleans()),
    )
    return contact, repeats


@st.composite
def one_more_risk_factor(
    draw: st.DrawFn,
) -> tuple[
    common_pb2.ContactDetails,
    safeguarding_pb2.RepeatFindings,
    common_pb2.ContactDetails,
    safeguarding_pb2.RepeatFindings,
]:
    """A situation, and the same situation with one more risk factor."""
    contact, repeats = draw(situations())
    more, more_repeats = common_pb2.ContactDetails(), safeguarding_pb2.RepeatFindings()
    more.CopyFrom(contact)
    more_repeats.CopyFrom(repeats)
    factor = draw(
        st.sampled_from(
            [
                "indicator",
                "hate",
                "abuse",
                "dash_yes",
                "judgement",
                "line",
                "suspect",
                "repeat",
                "offender_back",
                "marac_judgement",
            ]
        )
    )
    if factor == "indicator":
        setattr(more.risk_indicators, draw(st.sampled_from(INDICATORS)), True)
    elif factor == "hate":
        more.hate_strands.append(draw(st.sampled_from(STRANDS)))
    elif factor == "abuse":
        more.domestic_abuse.SetInParent()
    elif factor == "dash_yes" and len(more.domestic_abuse.risk_answers) == 24:
        more.domestic_abuse.risk_answers[draw(st.integers(0, 23))].answer = common_pb2.RISK_ANSWER_VALUE_YES
    elif factor == "judgement":
        more.domestic_abuse.judgement_factors.append(draw(st.sampled_from(JUDGEMENT)))
    elif factor == "line":
        more.lines_of_enquiry.add(kind=draw(st.sampled_from(LINE_KINDS)), detail="another line")
    elif factor == "suspect":
        more.suspects.add(name="Named Suspect")
    elif factor == "repeat":
        setattr(
            more_repeats,
            draw(
                st.sampled_from(
                    [
                        "repeat_victim",
                        "repeat_location",
                        "asb_case_review",
                        "potential_escalation",
                        "marac_referred_within_window",
                    ]
                )
            ),
            True,
        )
    elif factor == "offender_back":
        more.offender_expected_back.detail = "tonight"
    elif factor == "marac_judgement" and more.HasField("domestic_abuse"):
        more.domestic_abuse.marac_judgement = "escalating controlling behaviour"
    return contact, repeats, more, more_repeats


@settings(max_examples=300)
@given(one_more_risk_factor())
def test_adding_a_risk_factor_never_lowers_the_grade(
    pair: tuple[
        common_pb2.ContactDetails,
        safeguarding_pb2.RepeatFindings,
        common_pb2.ContactDetails,
        safeguarding_pb2.RepeatFindings,
    ],
) -> None:
    contact, repeats, more, more_repeats = pair
    before, after = assess(contact, repeats), assess(more, more_repeats)
    assert urgency(after) <= urgency(before), f"{before.explanation}\n  became\n{after.explanation}"


@settings(max_examples=200)
@given(situations())
def test_every_assessment_gives_all_six_factors_with_reasons(
    situation: tuple[common_pb2.ContactDetails, safeguarding_pb2.RepeatFindings],
) -> None:
    assessment = assess(*situation)
    assert [factor.factor for factor in assessment.factors] == [
        "THREAT", "HARM", "RISK", "INVESTIGATION", "VULNERABILITY", "ENGAGEMENT"
    ]  # fmt: skip
    assert all(factor.level in {"HIGH", "MEDIUM", "LOW"} and factor.reason for factor in assessment.factors)
    assert assessment.explanation.startswith("graded ")


G = common_pb2
KNIFE_ASSAULT = G.OffenceFacts(act=G.OFFENCE_ACT_ASSAULT, weapon=G.WEAPON_KIND_BLADE)
INJURED = G.OffenceFacts(act=G.OFFENCE_ACT_ASSAULT, injury=G.INJURY_LEVEL_INJURY)
SHED = G.OffenceFacts(act=G.OFFENCE_ACT_BURGLARY, premises=G.PREMISES_UNCONNECTED_BUILDING)


@pytest.mark.parametrize(
    ("what", "indicators", "facts", "grade"),
    [
        ("Someone is trying my door handle right now", ("in_progress",), (), common_pb2.RISK_GRADE_EMERGENCY),
        ("The burglar ran off", ("suspect_on_scene",), (), common_pb2.RISK_GRADE_EMERGENCY),
        ("He waved a knife at me yesterday", (), (KNIFE_ASSAULT,), common_pb2.RISK_GRADE_PRIORITY),
        ("He pushed me over and my knee is bleeding", (), (INJURED,), common_pb2.RISK_GRADE_PRIORITY),
        (
            "Somebody scratched my car, nobody was hurt and no injuries",
            (),
            (),
            common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT,
        ),
        ("My shed was broken into", (), (SHED,), common_pb2.RISK_GRADE_SCHEDULED),
        ("Some graffiti appeared on the wall", (), (), common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT),
        # Words alone never grade: they prompt the officer to ask.
        (
            "Someone is trying my door handle right now",
            (),
            (),
            common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT,
        ),
        (
            "I'm calling right now because my bike was stolen last Tuesday",
            (),
            (),
            common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT,
        ),
        ("They stole my kitchen knife set", (), (), common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT),
        ("He is still here and he has a knife", (), (), common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT),
    ],
)
def test_grades(
    what: str,
    indicators: tuple[str, ...],
    facts: tuple[common_pb2.OffenceFacts, ...],
    grade: common_pb2.RiskGrade.ValueType,
) -> None:
    contact = contact_of(what, offence_facts=facts)
    for name in indicators:
        setattr(contact.risk_indicators, name, True)
    assessment = assess(contact)
    assert common_pb2.RiskGrade.Name(assessment.grade) == common_pb2.RiskGrade.Name(grade), (
        assessment.explanation
    )


def test_words_in_the_account_become_prompts_to_confirm_until_the_officer_captures_the_fact() -> None:
    contact = contact_of("I'm calling right now because he is still here with a knife")
    assert assess(contact).prompts == [
        "the account says 'right now': is it still happening? If so, capture it as in progress",
        "the account says 'still here': is the offender still there? If so, capture the suspect as on scene",
        "the account says 'knife': was a weapon used, shown or threatened? If so, capture the weapon",
    ]
    contact.risk_indicators.suspect_on_scene = True
    assessment = assess(contact)
    assert assessment.grade == common_pb2.RISK_GRADE_EMERGENCY
    assert not any("still here" in prompt for prompt in assessment.prompts)


@settings(max_examples=100)
@given(
    st.lists(
        st.sampled_from(["right now", "still here", "knife", "in progress", "bleeding", "I was"]), max_size=6
    ),
    st.text(max_size=40),
)
def test_a_phrase_alone_never_grades_emergency(phrases: list[str], noise: str) -> None:
    contact = contact_of(" ".join(phrases) + " " + noise + ".")
    assert assess(contact).grade != common_pb2.RISK_GRADE_EMERGENCY


def test_the_explanation_says_why_in_the_officers_words() -> None:
    contact = contact_of("He had a knife", offence_facts=[KNIFE_ASSAULT])
    contact.risk_indicators.mental_health = True
    assessment = assess(contact)
    assert "weapon involved (captured in the offence facts)" in assessment.explanation
    assert "victim's mental health (captured by the officer)" in assessment.explanation
    assert "MENTAL_HEALTH" in assessment.vulnerability_flags
    assert [referral.to for referral in assessment.safeguarding_referrals] == [
        "response officer welfare check"
    ]


def test_a_redirect_closes_the_contact_when_nothing_calls_for_the_police() -> None:
    contact = contact_of(
        "My neighbour keeps playing loud music",
        first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL,
    )
    assessment = assess(contact)
    assert assessment.first_contact.resolved
    assert assessment.first_contact.agency == "local council"
    assert assessment.grade == common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT
    assert assessment.first_contact.rule_version.startswith("first-contact-")


def test_a_redirect_is_refused_when_the_risk_needs_the_police() -> None:
    contact = contact_of(
        "The man who sold me a fake watch punched me and I am bleeding",
        first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE,
        offence_facts=[INJURED],
    )
    assessment = assess(contact)
    assert not assessment.first_contact.resolved
    assert "graded priority" in assessment.first_contact.reason
    assert assessment.grade == common_pb2.RISK_GRADE_PRIORITY


def dash_of(
    yes: int, *judgement: common_pb2.DashJudgementFactor.ValueType
) -> safeguarding_pb2.DashAssessment:
    abuse = common_pb2.DomesticAbuse(risk_answers=dash_answers(yes), judgement_factors=judgement)
    return assess_dash(abuse)


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, "STANDARD"), (9, "STANDARD"), (10, "MEDIUM"), (13, "MEDIUM"), (14, "HIGH"), (24, "HIGH")],
)
def test_dash_levels_from_the_count_of_yes_answers(yes: int, level: str) -> None:
    assert dash_of(yes).level == level


def test_professional_judgement_raises_the_dash_level_and_never_lowers_it() -> None:
    raised = dash_of(3, common_pb2.DASH_JUDGEMENT_FACTOR_STRANGULATION)
    assert (raised.checklist_level, raised.level) == ("STANDARD", "HIGH")
    assert "strangulation raises the level to high" in raised.judgement_reasons[0]
    kept = dash_of(15, common_pb2.DASH_JUDGEMENT_FACTOR_SEPARATION)
    assert kept.level == "HIGH"


@given(st.lists(st.booleans(), min_size=24, max_size=24), st.integers(0, 23))
def test_another_yes_never_lowers_the_dash_level(answers: list[bool], flip: int) -> None:
    more = list(answers)
    more[flip] = True
    before = assess_dash(common_pb2.DomesticAbuse(risk_answers=answers_from(answers))).level
    after = assess_dash(common_pb2.DomesticAbuse(risk_answers=answers_from(more))).level
    assert LEVELS.index(after) >= LEVELS.index(before)


def test_high_risk_domestic_abuse_goes_to_marac_and_a_child_present_to_mash() -> None:
    contact = contact_of("My partner hit me in front of our daughter")
    contact.domestic_abuse.risk_answers.extend(dash_answers(15))
    contact.risk_indicators.child_present = True
    kinds = {referral.kind for referral in assess(contact).safeguarding_referrals}
    assert kinds == {
        safeguarding_pb2.SAFEGUARDING_REFERRAL_KIND_MARAC,
        safeguarding_pb2.SAFEGUARDING_REFERRAL_KIND_MASH_CHILD,
    }
