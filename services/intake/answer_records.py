"""A contact version's guided answers as rows: each answer by question id with the question set's
version, and each mandatory line of enquiry left unanswered, so stored answers can be read and
compared version by version without the contact's JSON."""

from __future__ import annotations

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import common_pb2
from services.intake.models import Contact, ContactAnswer

ANSWERED = "answered"
UNANSWERED_MANDATORY = "unanswered_mandatory"


def answer_rows(contact_id: int, version: int, details: common_pb2.ContactDetails) -> list[ContactAnswer]:
    """The rows of the version's guided answers and gaps (none without guided capture)."""
    if not details.HasField("guided"):
        return []
    guided = details.guided

    def row(question_id: str, status: str, answer_json: str) -> ContactAnswer:
        return ContactAnswer(
            contact_id=contact_id,
            version=version,
            question_set_id=guided.question_set_id,
            question_set_version=guided.question_set_version,
            question_id=question_id,
            status=status,
            answer_json=answer_json,
        )

    answered = [
        row(question_id, ANSWERED, json_format.MessageToJson(answer, indent=None))
        for question_id, answer in sorted(guided.answers.items())
    ]
    gaps = [row(gap.question_id, UNANSWERED_MANDATORY, "") for gap in guided.unanswered_mandatory]
    return answered + gaps


def stored_answers(sessions: sessionmaker[Session], reference: str, version: int) -> list[ContactAnswer]:
    """The rows stored for version of the contact reference, by question id."""
    with sessions() as session:
        return list(
            session.scalars(
                select(ContactAnswer)
                .join(Contact, Contact.id == ContactAnswer.contact_id)
                .where(Contact.reference == reference, ContactAnswer.version == version)
                .order_by(ContactAnswer.question_id)
            )
        )
