"""The bot's settings, read once from the environment (and an optional `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.paths import default_seeds_dir
from knowledge.service import sqlite_url

TELEGRAM_API_URL = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "POLICYBOT_TELEGRAM_BOT_TOKEN")
    )
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_file_url: str | None = None  # derived from telegram_api_url when unset
    data_dir: Path = Field(default_factory=lambda: platformdirs.user_data_path("policybot"))
    database_url: str | None = None  # default: a SQLite file in data_dir
    seeds_dir: Path = Field(default_factory=default_seeds_dir)
    inbox_dir: Path | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Asia/Shanghai"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None  # default: generated once, kept in the database
    metrics_port: int = 9464  # Prometheus metrics at http://<metrics_listen>:<port>/metrics; 0: off
    metrics_listen: str = "127.0.0.1"
    dispatch_interval_seconds: float = 5.0  # how often the leader looks for digests due or queued
    digest_lease_seconds: float = 60.0  # a digest claimed by a worker that died is resumed after this
    inbox_interval_seconds: int = 300
    feed_interval_seconds: int = 1800
    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(part) for part in parts if part)
            except ValueError as exc:
                raise ValueError(
                    f"POLICYBOT_ADMIN_IDS must be comma-separated user ids, got {value!r}"
                ) from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Asia/Shanghai)") from exc
        return value

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.data_dir)

    @property
    def resolved_file_url(self) -> str:
        if self.telegram_file_url:
            return self.telegram_file_url
        base = self.telegram_api_url.rstrip("/")
        root, _, tail = base.rpartition("/")
        return f"{root}/file/{tail}" if tail.startswith("bot") else f"{base}/file/bot"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
