"""Values every replica must agree on, generated once and kept in the database (the webhook secret)."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from knowledge.store import db
from knowledge.store.models import BotSecret


def shared_secret(sessions: sessionmaker[Session], name: str) -> str:
    """The stored secret `name`, created (URL-safe, 43 characters) by whichever process asks first."""
    with db.unit_of_work(sessions) as session:
        row = session.get(BotSecret, name)
        if row is not None:
            return row.value
    try:
        with db.unit_of_work(sessions) as session:
            session.add(BotSecret(name=name, value=secrets.token_urlsafe(32)))
    except IntegrityError:
        pass  # another replica created it first: use theirs
    with db.unit_of_work(sessions) as session:
        row = session.get(BotSecret, name)
        assert row is not None, "the secret was just stored"
        return row.value
