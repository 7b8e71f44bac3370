"""The store: SQLAlchemy models, engine and sessions, migrations, the seed sync, the digest ledger."""
