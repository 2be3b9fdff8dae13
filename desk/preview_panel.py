"""The live panel beside a call: what PreviewContact says the draft would get (grade and THRIVE
reasons, crime decision and classification, referrals, first-contact outcome, prompts and the
questions still open with what each answer would change), in plain words; or what the draft
still lacks, when it cannot be previewed yet."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc

from contact101.labels import code_in_words, label
from contact101.v1 import common_pb2, intake_pb2_grpc, preview_pb2, questions_pb2, safeguarding_pb2
from desk.refusal_words import refusal_in_words

# A preview is redrawn as the officer types: past this it is shown as not available.
PREVIEW_TIMEOUT_SECONDS = 5.0


@dataclass
class OpenQuestionView:
    text: str
    why: str
    effects: list[str]


@dataclass
class PreviewPanel:
    """The panel as the page shows it; missing or problem instead when there is no preview."""

    missing: list[str] = field(default_factory=list)
    problem: str = ""
    grade: str = ""
    thrive: list[str] = field(default_factory=list)
    crime: str = ""
    classification: list[str] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    first_contact: str = ""
    prompts: list[str] = field(default_factory=list)
    open_questions: list[OpenQuestionView] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.grade)


def thrive_reasons(risk: safeguarding_pb2.RiskAssessment) -> list[str]:
    return [
        f"{code_in_words(factor.factor).capitalize()}: {code_in_words(factor.level)}"
        + (f", {factor.reason}" if factor.reason else "")
        for factor in risk.factors
    ]


def crime_words(decisions: preview_pb2.PreviewDecisions) -> tuple[str, list[str]]:
    """The crime decision in a line, and the classification's parts."""
    if not decisions.HasField("crime"):
        return "No crime decision: the contact is resolved at first contact", []
    crime = decisions.crime
    if not crime.recorded:
        return f"No crime to record: {crime.reason}" if crime.reason else "No crime to record", []
    parts = [
        f"Counted as {crime.offence_name} ({crime.offence_code})",
        *([f"Family: {crime.family}"] if crime.family else []),
        *(
            [f"Investigated by: {code_in_words(crime.investigation_group)}"]
            if crime.investigation_group
            else []
        ),
        *([f"Flags: {', '.join(code_in_words(flag) for flag in crime.flags)}"] if crime.flags else []),
    ]
    return f"A crime to record: {crime.offence_name}" + (f". {crime.reason}" if crime.reason else ""), parts


def referral_words(decisions: preview_pb2.PreviewDecisions) -> list[str]:
    referrals = [
        f"{label(safeguarding_pb2.SafeguardingReferralKind, referral.kind).capitalize()} to {referral.to}"
        + (f": {referral.reason}" if referral.reason else "")
        for referral in decisions.risk.safeguarding_referrals
    ]
    if decisions.HasField("referral"):
        victim = decisions.referral
        said = "Victim support referral" if victim.referred else "No victim support referral"
        details = victim.reason or code_in_words(victim.status)
        referrals.append(f"{said}: {details}" if details else said)
    return referrals


def first_contact_words(risk: safeguarding_pb2.RiskAssessment) -> str:
    if not risk.HasField("first_contact"):
        return ""
    outcome = risk.first_contact
    words = label(common_pb2.FirstContactOutcome, outcome.outcome).capitalize()
    state = "resolved at first contact" if outcome.resolved else "not resolved at first contact"
    return ", ".join(filter(None, [words, state, outcome.reason]))


def panel_of(preview: preview_pb2.PreviewContactResponse) -> PreviewPanel:
    decisions = preview.decisions
    crime, classification = crime_words(decisions)
    return PreviewPanel(
        grade=label(common_pb2.RiskGrade, decisions.risk.grade),
        thrive=thrive_reasons(decisions.risk),
        crime=crime,
        classification=classification,
        referrals=referral_words(decisions),
        first_contact=first_contact_words(decisions.risk),
        prompts=list(dict.fromkeys([*decisions.risk.prompts, *decisions.crime.prompts])),
        open_questions=[
            OpenQuestionView(
                question.text,
                question.why,
                [
                    f"{effect.answer.capitalize()}: {'; '.join(effect.changes) or 'changes nothing'}"
                    for effect in question.effects
                ],
            )
            for question in preview.open_questions
        ],
    )


async def preview_panel(
    intake: intake_pb2_grpc.IntakeServiceAsyncStub,
    contact: common_pb2.ContactDetails,
    question_set: questions_pb2.QuestionSet | None,
    answers: list[questions_pb2.Answer],
    missing: list[str],
) -> PreviewPanel:
    """The panel for the draft; what is missing, or the service's refusal, instead of a preview."""
    if missing:
        return PreviewPanel(missing=missing)
    request = preview_pb2.PreviewContactRequest(contact=contact, answers=answers)
    if question_set is not None:
        request.question_set_id = question_set.id
        request.question_set_version = question_set.version
    try:
        preview = await intake.PreviewContact(request, timeout=PREVIEW_TIMEOUT_SECONDS)
    except grpc.aio.AioRpcError as error:
        return PreviewPanel(problem=refusal_in_words(error, acting=False))
    return panel_of(preview)
