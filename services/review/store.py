"""Reading and writing the verification queue. Each function is one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import NotFound
from contact101.v1 import case_pb2, common_pb2, review_pb2
from services.review import case_events
from services.review.models import Review

AWAITING = case_pb2.VerificationState.Name(case_pb2.VERIFICATION_STATE_AWAITING)
SUPERSEDED = case_pb2.VerificationState.Name(case_pb2.VERIFICATION_STATE_SUPERSEDED)


def as_message(review: Review) -> review_pb2.ReviewItem:
    item = review_pb2.ReviewItem(
        reference=review.reference,
        submission=review.submission,
        officer_id=review.officer_id,
        grade=common_pb2.RiskGrade.Value(review.grade),
        crime_recorded=review.crime_recorded,
        state=case_pb2.VerificationState.Value(review.state),
        supervisor_id=review.supervisor_id or "",
        reasons=review.reasons,
    )
    item.submitted_at.FromDatetime(review.submitted_at)
    if review.decided_at is not None:
        item.decided_at.FromDatetime(review.decided_at)
    if review.due_at is not None:
        item.due_at.FromDatetime(review.due_at)
    return item


def _find(session: Session, reference: str, submission: int) -> Review | None:
    return session.scalars(
        select(Review).where(Review.reference == reference, Review.submission == submission)
    ).one_or_none()


def submit(sessions: sessionmaker[Session], request: review_pb2.SubmitForVerificationRequest) -> Review:
    """Queue this submission of the case in place of any earlier one still awaiting, with the
    case's audit events it carries, or return it if already queued."""

    def queued(session: Session) -> Review:
        case_events.add_new_events(session, request.events)
        session.execute(
            update(Review)
            .where(
                Review.reference == request.reference,
                Review.submission < request.submission,
                Review.state == AWAITING,
            )
            .values(state=SUPERSEDED)
        )
        return Review(
            reference=request.reference,
            submission=request.submission,
            officer_id=request.officer_id,
            grade=common_pb2.RiskGrade.Name(request.grade),
            crime_recorded=request.crime_recorded,
            state=AWAITING,
            submitted_at=datetime.now(UTC),
            reasons=[],
            due_at=request.due_at.ToDatetime(tzinfo=UTC) if request.HasField("due_at") else None,
        )

    return insert_once(
        sessions, lambda session: _find(session, request.reference, request.submission), queued
    )


def awaiting(sessions: sessionmaker[Session], limit: int) -> list[Review]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Review)
                .where(Review.state == AWAITING)
                .order_by(Review.submitted_at, Review.id)
                .limit(limit)
            )
        )


def by_deadline(
    sessions: sessionmaker[Session], limit: int, references: set[str] | None = None
) -> list[Review]:
    """Cases awaiting verification, soonest verification deadline first (none: last); only
    those of references when given."""
    query = select(Review).where(Review.state == AWAITING)
    if references is not None:
        query = query.where(Review.reference.in_(references))
    with sessions() as session:
        return list(
            session.scalars(
                query.order_by(Review.due_at.is_(None), Review.due_at, Review.submitted_at, Review.id).limit(
                    limit
                )
            )
        )


def record_decision(
    sessions: sessionmaker[Session],
    reference: str,
    submission: int,
    decision: case_pb2.VerificationDecision,
) -> Review:
    """Store the supervisor's decision on this submission; storing it again changes nothing,
    even when two attempts race: only the update that finds the submission awaiting applies."""
    state = (
        case_pb2.VERIFICATION_STATE_APPROVED if decision.approved else case_pb2.VERIFICATION_STATE_RETURNED
    )
    with sessions.begin() as session:
        session.execute(
            update(Review)
            .where(Review.reference == reference, Review.submission == submission, Review.state == AWAITING)
            .values(
                state=case_pb2.VerificationState.Name(state),
                supervisor_id=decision.actor.id,
                reasons=list(decision.reasons),
                decided_at=datetime.now(UTC),
            )
        )
        review = _find(session, reference, submission)
        if review is None:
            raise NotFound(f"case {reference} has no submission {submission} for verification")
        return review
