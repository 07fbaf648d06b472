"""Children, their contacts and the families that link siblings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.clock import now
from casework.db import Base


class Family(Base):
    """Children in one family share a contact (email or phone) or were linked explicitly."""

    __tablename__ = "families"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    upn: Mapped[str | None] = mapped_column(String(13), index=True)
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    postcode: Mapped[str | None] = mapped_column(String(10))
    school: Mapped[str | None] = mapped_column(String(200))  # the school or setting the child attends now
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    # the SEN team that covers the child (optional: allocation prefers officers in it)
    team: Mapped[str | None] = mapped_column(String(100))
    # what the SEN2 return and the inspection list need (codes of workflow/sen2/codes.py)
    sex: Mapped[str | None] = mapped_column(String(1))  # M | F
    ethnicity: Mapped[str | None] = mapped_column(String(4))  # CBDS code, e.g. WBRI
    uln: Mapped[str | None] = mapped_column(String(10))  # unique learner number
    upn_unknown: Mapped[str | None] = mapped_column(String(4))  # why there is neither UPN nor ULN (UN1...)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="child", order_by="Contact.id", cascade="all, delete-orphan"
    )


class Contact(Base):
    """A parent, carer or the young person: who the family updates go to."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_child: Mapped[str] = mapped_column("relationship", String(50), default="parent")
    email: Mapped[str | None] = mapped_column(String(254))
    email_normalised: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    phone_e164: Mapped[str | None] = mapped_column(String(16))
    # a postal address: its lines (newline-separated, without the postcode) and the postcode
    address: Mapped[str | None] = mapped_column(String(500))
    postcode: Mapped[str | None] = mapped_column(String(10))
    preferred_channel: Mapped[str] = mapped_column(String(10), default="email")
    # the parent portal: None follows the relationship (parents, carers, and the young person from
    # 16); True or False is an officer's explicit choice for this contact
    portal_access: Mapped[bool | None] = mapped_column()
    language: Mapped[str | None] = mapped_column(String(50))  # the language they prefer, if not English
    # the day they asked not to be sent feedback surveys or called for feedback (None: not asked)
    surveys_opted_out_on: Mapped[dt.date | None] = mapped_column(Date)

    child: Mapped[Child] = relationship(back_populates="contacts")

    __table_args__ = (
        Index("ix_contacts_email_normalised", "email_normalised"),
        Index("ix_contacts_phone_e164", "phone_e164"),
    )


class FamilyLink(Base):
    """An officer's correction to the automatic family rule: `link` joins two children the rule
    missed (e.g. separated parents with different contact details); `unlink` separates two the
    rule joined wrongly. The latest decision for a pair stands; the audit log keeps the history."""

    __tablename__ = "family_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    other_child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # link | unlink
    reason: Mapped[str | None] = mapped_column(String(2000))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    __table_args__ = (UniqueConstraint("child_id", "other_child_id"),)


class FamilyContribution(Base):
    """What a parent or young person adds through the portal: their views ("all about me") and
    documents. Shown to the officer on the case."""

    __tablename__ = "family_contributions"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    text: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    stored_as: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class PortalToken(Base):
    """A one-time sign-in link for the parent portal (only its hash is stored)."""

    __tablename__ = "portal_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    email_normalised: Mapped[str] = mapped_column(String(254), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    expires_at: Mapped[dt.datetime] = mapped_column()
    used_at: Mapped[dt.datetime | None] = mapped_column()


class PortalCode(Base):
    """A one-time code texted to a family without email, to sign in to the parent portal (only its
    hash is stored; a few wrong tries and it is dead)."""

    __tablename__ = "portal_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    expires_at: Mapped[dt.datetime] = mapped_column()
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[dt.datetime | None] = mapped_column()


class RateLimit(Base):
    """Attempts per key (e.g. "signin:email:<hash>") in a fixed window, shared by every worker."""

    __tablename__ = "rate_limits"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column()
    count: Mapped[int] = mapped_column(default=0)


class SenNeed(Base):
    """A child's special educational need (SEN2 SENtype), ranked: 1 is the primary need."""

    __tablename__ = "sen_needs"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    sen_type: Mapped[str] = mapped_column(String(4))
    rank: Mapped[int] = mapped_column()


class Placement(Base):
    """Where the child actually attends (SEN2 PlacementDetail): a school by URN, a college or other
    provider by UKPRN, or a SENSetting code when there is neither; ranked (1 the main one)."""

    __tablename__ = "placements"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    urn: Mapped[str | None] = mapped_column(String(6))
    ukprn: Mapped[str | None] = mapped_column(String(8))
    sen_setting: Mapped[str | None] = mapped_column(String(4))
    sen_setting_other: Mapped[str | None] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(default=1)
    entry_date: Mapped[dt.date | None] = mapped_column(Date)
    leaving_date: Mapped[dt.date | None] = mapped_column(Date)
    sen_unit: Mapped[bool] = mapped_column(default=False)
    resourced_provision: Mapped[bool] = mapped_column(default=False)
