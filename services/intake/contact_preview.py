"""PreviewContact: the decisions a draft contact and its answers would get, from the crime and
safeguarding services' previews (which write nothing), in the order the case takes them (risk,
then the crime decision unless resolved at first contact, then the victim referral), and the
questions still open that matter, each with what its answers would change."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import grpc

from contact101.rpc.answer_checks import guided_contact
from contact101.rpc.auth import service_token_source
from contact101.rpc.channels import open_channel
from contact101.rpc.edge_checks import MAX_PREVIEW_DRAFTS, validate_contact
from contact101.rpc.refusals import InvalidField, Unavailable
from contact101.rules.questions import question_catalogue
from contact101.rules.victims import has_victim
from contact101.runtime.config import Settings
from contact101.v1 import (
    common_pb2,
    crime_pb2_grpc,
    preview_pb2,
    safeguarding_pb2,
    safeguarding_pb2_grpc,
)
from services.intake.clock_policy import clock_policy
from services.intake.decision_changes import decision_changes
from services.intake.what_ifs import (
    CHANGES_DECISIONS,
    WhatIf,
    cue_what_ifs,
    for_decisions,
    question_what_ifs,
    risk_tool_what_if,
)

CALL_TIMEOUT_SECONDS = 10.0
# What a service answers when it is down or too busy: the preview may be asked again shortly.
NOT_NOW = frozenset(
    {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED}
)
Decided = tuple[preview_pb2.PreviewDecisions, list[safeguarding_pb2.AccountCue]]
Response = TypeVar("Response")


async def ask(service: str, call: Awaitable[Response]) -> Response:
    """The service's answer; Unavailable (UNAVAILABLE to the officer) when it cannot answer now."""
    try:
        return await call
    except grpc.aio.AioRpcError as error:
        if error.code() in NOT_NOW:
            raise Unavailable(
                f"the {service} service cannot preview the contact now: try again shortly"
            ) from None
        raise


@dataclass(frozen=True)
class ContactPreviewer:
    crime: crime_pb2_grpc.CrimeServiceAsyncStub
    safeguarding: safeguarding_pb2_grpc.SafeguardingServiceAsyncStub
    settings: Settings

    @classmethod
    def of(cls, settings: Settings) -> ContactPreviewer:
        token = service_token_source(settings)
        return cls(
            crime=crime_pb2_grpc.CrimeServiceStub(open_channel(settings.crime_address, token, settings)),
            safeguarding=safeguarding_pb2_grpc.SafeguardingServiceStub(
                open_channel(settings.safeguarding_address, token, settings)
            ),
            settings=settings,
        )

    async def preview(
        self, request: preview_pb2.PreviewContactRequest, now: datetime
    ) -> preview_pb2.PreviewContactResponse:
        catalogue = question_catalogue()
        contact = guided_contact(
            catalogue, request.question_set_id, request.question_set_version, request.answers, request.contact
        )
        validate_contact(contact, now)
        guided = contact.guided
        question_set = (
            catalogue.find(guided.question_set_id, guided.question_set_version)
            if guided.question_set_id
            else None
        )
        answers = list(guided.answers.values())
        draft = common_pb2.ContactDetails()
        draft.CopyFrom(request.contact)
        draft.ClearField("guided")
        what_ifs = _within_limit(
            [
                *filter(None, [risk_tool_what_if(contact, question_set)]),
                *(question_what_ifs(question_set, answers, draft, now) if question_set is not None else []),
            ],
            now,
        )
        base = for_decisions(contact)
        decided = await self._decide([base, *_contacts_of(what_ifs)], now)
        current, cues = decided[base.SerializeToString(deterministic=True)]
        cued = _within_limit(cue_what_ifs(cues, question_set, answers, contact, what_ifs), now)
        if cued:
            decided |= await self._decide(_contacts_of(cued), now)
        open_questions = [
            question
            for what_if in sorted([*cued, *what_ifs], key=lambda what_if: what_if.kind)
            if (question := _open_question(what_if, current, decided)) is not None
        ]
        return preview_pb2.PreviewContactResponse(
            contact=contact, decisions=current, open_questions=open_questions
        )

    async def _decide(
        self, contacts: Sequence[common_pb2.ContactDetails], now: datetime
    ) -> dict[bytes, Decided]:
        """The decisions each contact gets, by its serialised form (each distinct contact once)."""
        unique = {contact.SerializeToString(deterministic=True): contact for contact in contacts}
        drafts = list(unique.values())
        risks = await ask(
            "safeguarding",
            self.safeguarding.PreviewRisk(
                safeguarding_pb2.PreviewRiskRequest(contacts=drafts), timeout=CALL_TIMEOUT_SECONDS
            ),
        )
        decisions = [preview_pb2.PreviewDecisions(risk=risk.assessment) for risk in risks.risks]
        policy = clock_policy(self.settings, now)
        # As the case: a contact resolved at first contact gets no crime decision or referral.
        to_decide = [
            index for index, decision in enumerate(decisions) if not decision.risk.first_contact.resolved
        ]
        if to_decide:
            request = preview_pb2.PreviewCrimeDecisionRequest(
                drafts=[
                    preview_pb2.CrimeDraft(contact=drafts[index], risk=decisions[index].risk)
                    for index in to_decide
                ]
            )
            request.reported_at.FromDatetime(now)
            request.decision_due_at.FromDatetime(now + policy.crime_decision.ToTimedelta())
            crimes = await ask(
                "crime", self.crime.PreviewCrimeDecision(request, timeout=CALL_TIMEOUT_SECONDS)
            )
            for index, crime in zip(to_decide, crimes.decisions, strict=True):
                decisions[index].crime.CopyFrom(crime)
        to_refer = [index for index in to_decide if has_victim(drafts[index])]
        if to_refer:
            referrals = await ask(
                "safeguarding",
                self.safeguarding.PreviewVictimReferral(
                    safeguarding_pb2.PreviewVictimReferralRequest(
                        drafts=[
                            safeguarding_pb2.ReferralDraft(
                                contact=drafts[index],
                                crime=decisions[index].crime,
                                risk=decisions[index].risk,
                            )
                            for index in to_refer
                        ],
                        deadlines=policy.victims_code,
                    ),
                    timeout=CALL_TIMEOUT_SECONDS,
                ),
            )
            for index, referral in zip(to_refer, referrals.referrals, strict=True):
                decisions[index].referral.CopyFrom(referral)
        return {
            key: (decision, list(risk.cues))
            for key, decision, risk in zip(unique, decisions, risks.risks, strict=True)
        }


def _contacts_of(what_ifs: Sequence[WhatIf]) -> list[common_pb2.ContactDetails]:
    return [contact for what_if in what_ifs for contact in what_if.contacts.values()]


def _within_limit(what_ifs: list[WhatIf], now: datetime) -> list[WhatIf]:
    """The what-ifs whose contacts are valid (a placeholder answer may not make one), as many
    as one preview call carries with the draft, the most important first."""
    kept: list[WhatIf] = []
    count = 1
    for what_if in sorted(what_ifs, key=lambda what_if: what_if.kind):
        for answer, contact in list(what_if.contacts.items()):
            try:
                validate_contact(contact, now)
            except InvalidField:
                del what_if.contacts[answer]
        if count + len(what_if.contacts) > MAX_PREVIEW_DRAFTS:
            break
        count += len(what_if.contacts)
        kept.append(what_if)
    return kept


def _open_question(
    what_if: WhatIf, current: preview_pb2.PreviewDecisions, decided: dict[bytes, Decided]
) -> preview_pb2.OpenQuestion | None:
    """The question with the changes each answer would make; a question kept only because its
    answers set facts is left out when no answer changes a decision, and so is such an answer."""
    effects = [
        preview_pb2.AnswerEffect(
            answer=answer,
            changes=decision_changes(current, decided[contact.SerializeToString(deterministic=True)][0]),
        )
        for answer, contact in what_if.contacts.items()
    ]
    if what_if.kind == CHANGES_DECISIONS:
        effects = [effect for effect in effects if effect.changes]
        if not effects:
            return None
    return what_if.as_message(effects)
