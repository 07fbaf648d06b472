"""Settings from environment variables. The defaults are the embedded mode:
a SQLite file under instance/, jobs run in-process, messages to a local outbox folder."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from casework.workflow.statutory import Settings as StatutorySettings

INSTANCE_DIR = Path(os.environ.get("CASEWORK_INSTANCE_DIR", Path.cwd() / "instance"))


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'casework.sqlite3'}"


@dataclass
class Config:
    database_url: str = field(default_factory=_default_database_url)
    redis_url: str | None = None
    smtp_url: str | None = None
    notify_api_key: str | None = None
    outbox_dir: Path = field(default_factory=lambda: INSTANCE_DIR / "outbox")
    secret_key: str = "dev-only-change-me"
    base_url: str = "http://127.0.0.1:5000"
    statutory: StatutorySettings = field(default_factory=StatutorySettings)
    review_lead_weeks: int = 12  # the sweep opens a review this long before it is due
    testing: bool = False

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> "Config":
        env = os.environ if environ is None else environ
        statutory = StatutorySettings.from_mapping(
            {k: v for k, v in env.items() if k.startswith("CASEWORK_")})
        cfg = cls(statutory=statutory)
        cfg.database_url = env.get("DATABASE_URL") or cfg.database_url
        cfg.redis_url = env.get("REDIS_URL") or None
        cfg.smtp_url = env.get("SMTP_URL") or None
        cfg.notify_api_key = env.get("NOTIFY_API_KEY") or None
        if env.get("CASEWORK_OUTBOX_DIR"):
            cfg.outbox_dir = Path(env["CASEWORK_OUTBOX_DIR"])
        cfg.secret_key = env.get("SECRET_KEY") or cfg.secret_key
        cfg.base_url = env.get("CASEWORK_BASE_URL") or cfg.base_url
        if env.get("CASEWORK_REVIEW_LEAD_WEEKS"):
            weeks = env["CASEWORK_REVIEW_LEAD_WEEKS"].strip()
            if not weeks.isdigit() or not 1 <= int(weeks) <= 52:
                raise ValueError("CASEWORK_REVIEW_LEAD_WEEKS must be a whole number of weeks from 1 to 52")
            cfg.review_lead_weeks = int(weeks)
        return cfg
