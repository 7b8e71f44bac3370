"""Delivery claims: digests queued once per chat, claimed by one worker at a time, confirmed part by part.

A digest is queued by moving the chat's cursor with a compare-and-set (`cursor_seq = :from`), so
two runs falling due together (a schedule, a catch-up, `/digest_now`, another replica) can never
queue the same articles twice. A worker sends a queued digest only after claiming it: a
conditional `UPDATE … WHERE status = 'pending' AND (lease expired)` (on PostgreSQL the candidate
rows are first picked `FOR UPDATE SKIP LOCKED`, so workers never queue behind each other). A row is
sent again only once its claimant's lease ran out (the claimant died or stalled), never while
it is held. Each part Telegram accepts is written down with the lease renewed, so a resumed
delivery continues after the last confirmed part. Functions take the session; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from knowledge.store.models import Delivery, Subscription, utcnow

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8  # then the delivery is given up (status failed)
CANDIDATES = 8  # rows a claim looks at on SQLite, where rows cannot be skipped while locked


@dataclass
class Claim:
    """A delivery one worker holds until `lease_until`."""

    delivery_id: int
    chat_id: int
    thread_id: int | None
    parts: list[str]
    worker: str
    lease_until: datetime
    attempts: int
    message_ids: list[int] = field(default_factory=list)

    @property
    def remaining(self) -> list[str]:
        return self.parts[len(self.message_ids) :]


def open_delivery(session: Session, chat_id: int) -> Delivery | None:
    """The chat's queued digest not yet confirmed (waiting, being sent, or waiting for a retry)."""
    return session.scalars(
        select(Delivery)
        .where(Delivery.chat_id == chat_id, Delivery.status == "pending")
        .order_by(Delivery.id)
    ).first()


def enqueue(
    session: Session,
    subscription: Subscription,
    *,
    to_seq: int,
    article_ids: list[str],
    parts: list[str],
    now: datetime | None = None,
) -> int | None:
    """Queue a digest of the articles in (cursor, to_seq]; None when another run moved the cursor first."""
    now = now or utcnow()
    from_seq = subscription.cursor_seq
    moved = session.execute(
        update(Subscription)
        .where(
            Subscription.chat_id == subscription.chat_id,
            Subscription.cursor_seq == from_seq,
            Subscription.active,
        )
        .values(cursor_seq=to_seq, last_run_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return None
    delivery = Delivery(
        chat_id=subscription.chat_id,
        from_seq=from_seq,
        to_seq=to_seq,
        article_ids=article_ids,
        parts=parts,
        status="pending",
        created_at=now,
    )
    session.add(delivery)
    session.flush()
    return delivery.id


def skip_to(
    session: Session, chat_id: int, *, from_seq: int, to_seq: int, now: datetime | None = None
) -> None:
    """Nothing to send: note the run, and move past articles the chat's topics filtered out."""
    values: dict[str, object] = {"last_run_at": now or utcnow()}
    query = update(Subscription).where(Subscription.chat_id == chat_id)
    if to_seq > from_seq:
        query = query.where(Subscription.cursor_seq == from_seq)
        values["cursor_seq"] = to_seq
    session.execute(query.values(**values).execution_options(synchronize_session=False))


def hurry(session: Session, delivery_ids: list[int]) -> None:
    """An admin asked for the digests now: queued retries may go at once."""
    if delivery_ids:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids), Delivery.status == "pending")
            .values(next_attempt_at=None)
            .execution_options(synchronize_session=False)
        )


def _claimable(now: datetime) -> list[object]:
    return [
        Delivery.status == "pending",
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
    ]


def claim_next(
    session: Session, worker: str, *, now: datetime | None = None, lease: timedelta = LEASE
) -> Claim | None:
    """Claim the oldest claimable delivery for `worker`, or None when there is none."""
    now = now or utcnow()
    query = select(Delivery.id).where(*_claimable(now)).order_by(Delivery.id)  # type: ignore[arg-type]
    postgres = session.get_bind().dialect.name == "postgresql"
    query = query.limit(1).with_for_update(skip_locked=True) if postgres else query.limit(CANDIDATES)
    for delivery_id in list(session.scalars(query)):
        taken = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, *_claimable(now))  # type: ignore[arg-type]
            .values(claimed_by=worker, lease_until=now + lease, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            row = session.get(Delivery, delivery_id, populate_existing=True)
            assert row is not None
            subscription = session.get(Subscription, row.chat_id)
            return Claim(
                delivery_id=row.id,
                chat_id=row.chat_id,
                thread_id=subscription.thread_id if subscription else None,
                parts=list(row.parts),
                worker=worker,
                lease_until=now + lease,
                attempts=row.attempts,
                message_ids=list(row.message_ids),
            )
    return None


def _held(claim: Claim) -> list[object]:
    return [
        Delivery.id == claim.delivery_id,
        Delivery.claimed_by == claim.worker,
        Delivery.status == "pending",
    ]


def renew(session: Session, claim: Claim, *, now: datetime | None = None, lease: timedelta = LEASE) -> bool:
    """Extend the claim; False when it was lost (it expired and another worker took the row)."""
    until = (now or utcnow()) + lease
    done = session.execute(
        update(Delivery)
        .where(*_held(claim))  # type: ignore[arg-type]
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount == 1:  # type: ignore[attr-defined]
        claim.lease_until = until
        return True
    return False


def confirm_part(
    session: Session, claim: Claim, message_id: int, *, now: datetime | None = None, lease: timedelta = LEASE
) -> bool:
    """Write down a part Telegram accepted (the last one: sent); False if the claim was lost."""
    now = now or utcnow()
    ids = [*claim.message_ids, message_id]
    values: dict[str, object] = {"message_ids": ids, "lease_until": now + lease}
    if len(ids) >= len(claim.parts):
        values.update(status="sent", sent_at=now, lease_until=None, error=None)
    done = session.execute(
        update(Delivery)
        .where(*_held(claim))  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    claim.message_ids = ids
    claim.lease_until = now + lease
    return True


def release(
    session: Session, claim: Claim, error: str, *, retry_in: float | None, now: datetime | None = None
) -> str:
    """Give the claim back after a failure: retried after `retry_in` seconds, or failed for good.

    Returns the row's new status (`pending` or `failed`); after MAX_ATTEMPTS it is `failed`.
    """
    now = now or utcnow()
    final = retry_in is None or claim.attempts >= MAX_ATTEMPTS
    values: dict[str, object] = {"error": error[:500], "claimed_by": None, "lease_until": None}
    if final:
        values["status"] = "failed"
    else:
        assert retry_in is not None
        values["next_attempt_at"] = now + timedelta(seconds=retry_in)
    session.execute(
        update(Delivery)
        .where(*_held(claim))  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return "failed" if final else "pending"


def retry_delay(attempts: int) -> float:
    """30 s, 1 min, 2 min … capped at an hour."""
    return float(min(3600, 30 * 2 ** max(0, attempts - 1)))


def statuses(session: Session, delivery_ids: list[int]) -> dict[int, tuple[str, int, bool]]:
    """Each delivery's (status, attempts, claimed now)."""
    now = utcnow()
    rows = session.execute(
        select(Delivery.id, Delivery.status, Delivery.attempts, Delivery.lease_until).where(
            Delivery.id.in_(delivery_ids)
        )
    )
    result: dict[int, tuple[str, int, bool]] = {}
    for delivery_id, status, attempts, lease_until in rows:
        if lease_until is not None and lease_until.tzinfo is None:
            lease_until = lease_until.replace(tzinfo=now.tzinfo)
        result[delivery_id] = (status, attempts, lease_until is not None and lease_until > now)
    return result


def backlog(session: Session) -> int:
    """Digests queued and not yet confirmed."""
    return int(
        session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status == "pending")) or 0
    )
