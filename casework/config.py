"""Settings from environment variables. The defaults are the embedded mode:
a SQLite file under instance/, jobs run in-process, messages to a local outbox folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from casework.workflow.statutory import Settings as StatutorySettings

INSTANCE_DIR = Path(os.environ.get("CASEWORK_INSTANCE_DIR", Path.cwd() / "instance"))


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'casework.sqlite3'}"


def _whole(env, name: str, default: int, low: int, high: int) -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return int(value)


@dataclass
class Config:
    database_url: str = field(default_factory=_default_database_url)
    redis_url: str | None = None
    smtp_url: str | None = None  # smtp://user:pass@host:port (smtps:// for TLS, ?starttls=1 for STARTTLS)
    smtp_from: str = "SEND Team <send-team@council.example>"
    notify_api_key: str | None = None
    notify_base_url: str | None = None  # default: GOV.UK Notify's own API
    # GOV.UK Notify templates: a generic one per channel with ((subject)) and ((body)) placeholders,
    # or a specific id per casework template name (NOTIFY_TEMPLATE_IDS='{"family_draft_issued.email": "..."}')
    notify_email_template_id: str | None = None
    notify_sms_template_id: str | None = None
    notify_letter_template_id: str | None = None
    notify_template_ids: dict[str, str] = field(default_factory=dict)
    # the bearer token GOV.UK Notify sends with its delivery receipts (set in Notify's API
    # integration settings, callbacks); unset: receipts are refused
    notify_callback_token: str | None = None
    # what every message's reference starts with ("<prefix>-outbox-<id>"), so two deployments
    # sharing a Notify service never mistake each other's messages: CASEWORK_NOTIFY_REFERENCE_PREFIX,
    # else CASEWORK_DEPLOYMENT_ID, else the database's name
    notify_reference_prefix: str | None = None
    # a row left 'sending' this long is taken to have been abandoned by a dead worker and is sent
    # again; it must exceed the longest attempt (the channel's timeouts and the wait to record it)
    outbox_stuck_seconds: int = 600
    outbox_dir: Path = field(default_factory=lambda: INSTANCE_DIR / "outbox")
    upload_dir: Path = field(default_factory=lambda: INSTANCE_DIR / "uploads")
    secret_key: str = "dev-only-change-me"
    base_url: str = "http://127.0.0.1:5000"
    statutory: StatutorySettings = field(default_factory=StatutorySettings)
    review_lead_weeks: int = 12  # the sweep opens a review this long before it is due
    council_name: str = "Your council"
    # the council's SEND team, shown on the pages (footer, accessibility statement, the parent's
    # page, the advice-giver's page) and in messages; the letters use the same details
    council_phone: str | None = None
    council_email: str | None = None
    council_address: tuple[str, ...] = ()  # lines; CASEWORK_COUNCIL_ADDRESS separates them with "|"
    council_website: str | None = None
    feedback_url: str | None = None  # the beta banner's feedback link (default: email the SEND team)
    # the local SEND information, advice and support service (SENDIASS), free and impartial
    sendiass_name: str | None = None
    sendiass_phone: str | None = None
    sendiass_url: str | None = None
    accessibility_tested_on: str = "2026-11-30"  # when the service was last tested for accessibility
    # single sign-on for staff (OpenID Connect, e.g. Microsoft Entra ID): unset = passwords only
    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # signed-in sessions: an absolute limit from sign-in, and how long one may sit unused
    staff_session_hours: int = 10
    parent_session_hours: int = 4
    session_idle_minutes: int = 60
    # how many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none; the client
    # address is then the connection's). Rate limits count failures per address: set it right.
    trusted_proxies: int = 0
    # GOV.UK Notify calls back with delivery receipts carrying this bearer token
    notify_callback_token: str | None = None
    # optional virus scanning of uploads by ClamAV's clamd: "tcp://host:3310" or "unix:///path/clamd.ctl"
    clamd_url: str | None = None
    # the services the letters also name (statutory.md; reg 5(3), 10(3), 32), besides the council's
    # details and its SENDIASS above
    ipsea_website: str = "www.ipsea.org.uk"
    mediation_name: str = "our mediation service"
    mediation_phone: str = "the number on our website"
    # how letters go: "post" (the print queue page) or "notify" (GOV.UK Notify's precompiled letters)
    letters_by: str = "post"
    # a folder of the council's own wording (letters in <language>/<kind>.html), searched first
    wording_dir: Path | None = None
    # the SEN2 return's header (statutory.md 12): the council's 3-digit LA code, and whether it has a
    # Designated Medical Officer, Designated Clinical Officer and Designated Social Care Officer
    # (Y yes, N no, R recruiting): CASEWORK_LA_CODE, CASEWORK_DMO, CASEWORK_DCO, CASEWORK_DSCO
    la_code: str = "000"
    dmo: str = "N"
    dco: str = "N"
    dsco: str = "N"
    # the monthly call sample for family feedback (reporting.md section 4): families a month
    call_sample_size: int = 25
    # "you said, we did": the themes managers tag answers with (CASEWORK_FEEDBACK_THEMES, ';'-separated)
    feedback_themes: tuple[str, ...] = ()
    testing: bool = False
    demo: bool = False  # CASEWORK_DEMO=1: show the local outbox folder in the app (demo data only)

    def letterhead(self) -> dict:
        """What every letter says about the council and the services it names (a detail the council has
        not set reads as where to find it, never as a blank)."""
        return {
            "council": {"name": self.council_name, "address_lines": list(self.council_address) or ["SEND Team"],
                        "phone": self.council_phone or "the number on our website",
                        "email": self.council_email or "the address on our website",
                        "website": self.council_website or "our website"},
            "advice_services": {
                "sendiass_name": self.sendiass_name or "Your local SEND Information, Advice and Support Service (SENDIASS)",
                "sendiass_phone": self.sendiass_phone or "the number on its website",
                "sendiass_website": self.sendiass_url
                or "www.councilfordisabledchildren.org.uk/information-advice-and-support-services-network",
                "ipsea_website": self.ipsea_website},
            "mediation": {"name": self.mediation_name, "phone": self.mediation_phone},
        }  # fmt: skip

    @property
    def session_cookie_secure(self) -> bool:
        """An https deployment's cookies are Secure (and HSTS is sent)."""
        return self.base_url.startswith("https://")

    def team_line(self) -> str:
        """How to reach the SEND team, as a sentence for messages (always something to say)."""
        ways = [
            f"call {self.council_phone}" if self.council_phone else "",
            f"email {self.council_email}" if self.council_email else "",
        ]
        how = " or ".join(w for w in ways if w)
        return f"You can also contact the SEND team at {self.council_name}" + (f": {how}." if how else ".")

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> Config:
        env = os.environ if environ is None else environ
        statutory = StatutorySettings.from_mapping({k: v for k, v in env.items() if k.startswith("CASEWORK_")})
        cfg = cls(statutory=statutory)
        cfg.database_url = env.get("DATABASE_URL") or cfg.database_url
        cfg.redis_url = env.get("REDIS_URL") or None
        cfg.smtp_url = env.get("SMTP_URL") or None
        cfg.notify_api_key = env.get("NOTIFY_API_KEY") or None
        cfg.notify_base_url = env.get("NOTIFY_BASE_URL") or None
        cfg.notify_email_template_id = env.get("NOTIFY_EMAIL_TEMPLATE_ID") or None
        cfg.notify_sms_template_id = env.get("NOTIFY_SMS_TEMPLATE_ID") or None
        cfg.notify_letter_template_id = env.get("NOTIFY_LETTER_TEMPLATE_ID") or None
        if env.get("NOTIFY_TEMPLATE_IDS"):
            import json

            try:
                ids = json.loads(env["NOTIFY_TEMPLATE_IDS"])
            except ValueError as exc:
                raise ValueError("NOTIFY_TEMPLATE_IDS must be a JSON object of template name -> Notify id") from exc
            if not isinstance(ids, dict) or not all(isinstance(v, str) for v in ids.values()):
                raise ValueError("NOTIFY_TEMPLATE_IDS must be a JSON object of template name -> Notify id")
            cfg.notify_template_ids = ids
        cfg.notify_callback_token = (env.get("NOTIFY_CALLBACK_TOKEN") or "").strip() or None
        if cfg.notify_callback_token is not None and len(cfg.notify_callback_token) < 16:
            raise ValueError("NOTIFY_CALLBACK_TOKEN must be a long random value (at least 16 characters)")
        cfg.notify_reference_prefix = (
            env.get("CASEWORK_NOTIFY_REFERENCE_PREFIX") or env.get("CASEWORK_DEPLOYMENT_ID") or None
        )
        if env.get("CASEWORK_OUTBOX_STUCK_SECONDS"):
            stuck = env["CASEWORK_OUTBOX_STUCK_SECONDS"].strip()
            if not stuck.isdigit() or int(stuck) < 10:
                raise ValueError("CASEWORK_OUTBOX_STUCK_SECONDS must be a whole number of seconds, at least 10")
            cfg.outbox_stuck_seconds = int(stuck)
        cfg.smtp_from = env.get("SMTP_FROM") or cfg.smtp_from
        if env.get("CASEWORK_OUTBOX_DIR"):
            cfg.outbox_dir = Path(env["CASEWORK_OUTBOX_DIR"])
        if env.get("CASEWORK_UPLOAD_DIR"):
            cfg.upload_dir = Path(env["CASEWORK_UPLOAD_DIR"])
        cfg.secret_key = env.get("SECRET_KEY") or cfg.secret_key
        cfg.call_sample_size = _whole(env, "CASEWORK_CALL_SAMPLE_SIZE", 25, 1, 500)
        themes = tuple(t.strip()[:80] for t in env.get("CASEWORK_FEEDBACK_THEMES", "").split(";") if t.strip())
        cfg.feedback_themes = themes or cfg.feedback_themes
        cfg.demo = env.get("CASEWORK_DEMO", "").lower() in ("1", "true", "yes")
        cfg.council_name = env.get("CASEWORK_COUNCIL_NAME") or cfg.council_name
        for name in ("phone", "email", "website"):
            setattr(cfg, f"council_{name}", (env.get(f"CASEWORK_COUNCIL_{name.upper()}") or "").strip() or None)
        if cfg.council_email and ("@" not in cfg.council_email or " " in cfg.council_email):
            raise ValueError("CASEWORK_COUNCIL_EMAIL must be an email address")
        cfg.council_address = tuple(
            line.strip() for line in (env.get("CASEWORK_COUNCIL_ADDRESS") or "").split("|") if line.strip()
        )
        cfg.feedback_url = (env.get("CASEWORK_FEEDBACK_URL") or "").strip() or None
        for name in ("name", "phone", "url"):
            setattr(cfg, f"sendiass_{name}", (env.get(f"CASEWORK_SENDIASS_{name.upper()}") or "").strip() or None)
        if cfg.demo and not (cfg.council_phone or cfg.council_email or env.get("CASEWORK_COUNCIL_NAME")):
            # the demo's council (Ofcom's drama phone numbers, reserved example domains): never real
            cfg.council_name = "Northshire County Council"
            cfg.council_phone, cfg.council_email = "01632 960100", "send@northshire.example"
            cfg.council_address = ("SEND Team", "County Hall", "Northtown", "NT1 1AA")
            cfg.council_website = "https://www.northshire.example/send"
            cfg.sendiass_name = cfg.sendiass_name or "Northshire SENDIASS"
            cfg.sendiass_phone = cfg.sendiass_phone or "01632 960200"
        if env.get("CASEWORK_ACCESSIBILITY_TESTED_ON"):
            import datetime as dt

            try:
                dt.date.fromisoformat(env["CASEWORK_ACCESSIBILITY_TESTED_ON"])
            except ValueError as exc:
                raise ValueError("CASEWORK_ACCESSIBILITY_TESTED_ON must be a date, YYYY-MM-DD") from exc
            cfg.accessibility_tested_on = env["CASEWORK_ACCESSIBILITY_TESTED_ON"]
        cfg.oidc_discovery_url = env.get("OIDC_DISCOVERY_URL") or None
        cfg.oidc_client_id = env.get("OIDC_CLIENT_ID") or None
        cfg.oidc_client_secret = env.get("OIDC_CLIENT_SECRET") or None
        if cfg.oidc_discovery_url and not (cfg.oidc_client_id and cfg.oidc_client_secret):
            raise ValueError("OIDC_DISCOVERY_URL is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too")
        if not cfg.database_url.startswith("sqlite") and cfg.secret_key == "dev-only-change-me":
            raise ValueError("Set SECRET_KEY to a long random value: it signs the advice-givers' private links")
        cfg.base_url = env.get("CASEWORK_BASE_URL") or cfg.base_url
        cfg.staff_session_hours = _whole(env, "CASEWORK_STAFF_SESSION_HOURS", cfg.staff_session_hours, 1, 24)
        cfg.parent_session_hours = _whole(env, "CASEWORK_PARENT_SESSION_HOURS", cfg.parent_session_hours, 1, 24)
        cfg.session_idle_minutes = _whole(env, "CASEWORK_SESSION_IDLE_MINUTES", cfg.session_idle_minutes, 5, 24 * 60)
        cfg.trusted_proxies = _whole(env, "CASEWORK_TRUSTED_PROXIES", cfg.trusted_proxies, 0, 5)
        cfg.notify_callback_token = env.get("NOTIFY_CALLBACK_TOKEN") or None
        cfg.clamd_url = env.get("CASEWORK_CLAMD_URL") or None
        for name in ("ipsea_website", "mediation_name", "mediation_phone"):
            value = (env.get(f"CASEWORK_{name.upper()}") or "").strip()
            if value:
                setattr(cfg, name, value)
        cfg.letters_by = (env.get("CASEWORK_LETTERS_BY") or ("notify" if cfg.notify_api_key else "post")).strip()
        if cfg.letters_by not in ("post", "notify"):
            raise ValueError("CASEWORK_LETTERS_BY must be post (the print queue) or notify (GOV.UK Notify)")
        if cfg.letters_by == "notify" and not cfg.notify_api_key:
            raise ValueError("CASEWORK_LETTERS_BY=notify needs NOTIFY_API_KEY")
        if env.get("CASEWORK_WORDING_DIR"):
            cfg.wording_dir = Path(env["CASEWORK_WORDING_DIR"])
        la_code = (env.get("CASEWORK_LA_CODE") or "").strip()
        if la_code:
            if not (len(la_code) == 3 and la_code.isdigit()):
                raise ValueError("CASEWORK_LA_CODE must be the council's 3-digit LA code, e.g. 885")
            cfg.la_code = la_code
        elif cfg.demo:
            cfg.la_code = "999"  # the demo's council: not a real LA code
        for role in ("dmo", "dco", "dsco"):
            value = (env.get(f"CASEWORK_{role.upper()}") or "").strip().upper()
            if value:
                if value not in ("Y", "N", "R"):
                    raise ValueError(f"CASEWORK_{role.upper()} must be Y (yes), N (no) or R (recruiting)")
                setattr(cfg, role, value)
        if env.get("CASEWORK_REVIEW_LEAD_WEEKS"):
            weeks = env["CASEWORK_REVIEW_LEAD_WEEKS"].strip()
            if not weeks.isdigit() or not 1 <= int(weeks) <= 52:
                raise ValueError("CASEWORK_REVIEW_LEAD_WEEKS must be a whole number of weeks from 1 to 52")
            cfg.review_lead_weeks = int(weeks)
        return cfg

    @property
    def reference_prefix(self) -> str:
        """The deployment's prefix for message references: the configured one, else the database's
        name (a PostgreSQL database, or a SQLite file's stem), as letters, digits, '.', '_' only."""
        raw = self.notify_reference_prefix
        if not raw:
            parts = urlsplit(self.database_url)
            raw = Path(parts.path).stem if parts.scheme.startswith("sqlite") else parts.path.strip("/")
        cleaned = re.sub(r"[^A-Za-z0-9._]+", "_", raw or "").strip("._")[:40]
        return cleaned or "casework"
