"""A new request for an EHC needs assessment: the child, the family's contact, and the date the
council received the request (which starts the 20 weeks)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for

from casework import clock
from casework.models import Child, Contact
from casework.request_scope import perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, has_control_characters, read_date, valid_email
from casework.web.staff import bp, staff_actor
from casework.workflow import opening
from casework.workflow.errors import WorkflowError
from casework.workflow.families import initial_family, normalise_email, normalise_phone, place_new_child
from casework.workflow.kinds import assessment

REQUEST_SOURCES = [
    ("parent", "Parent"),
    ("young_person", "Young person"),
    ("school", "School or setting"),
    ("health", "Health professional"),
    ("social_care", "Social care"),
    ("other", "Someone else"),
]


@bp.route("/requests/new", methods=["GET", "POST"])
@staff_required
def new_request():
    """A new request for an EHC needs assessment: the child (new, or found as a sibling by a shared
    contact) and the date the council received it. Allocation puts it with a sibling's officer."""
    errors = FormErrors()
    form = request.form
    values: dict[str, Any] = {
        k: form.get(k, "").strip()
        for k in (
            "given_name",
            "family_name",
            "upn",
            "contact_name",
            "email",
            "phone",
            "preferred_channel",
            "request_source",
        )
    }
    if request.method == "POST":
        for name, label in (
            ("given_name", "the child's first name"),
            ("family_name", "the child's last name"),
            ("contact_name", "the parent's or carer's name"),
        ):
            if not values[name]:
                errors.add(name, f"Enter {label}")
            elif has_control_characters(values[name]) or len(values[name]) > (200 if name == "contact_name" else 100):
                errors.add(
                    name, f"Enter {label} on one line, in {200 if name == 'contact_name' else 100} characters or fewer"
                )
        dob = read_date(form, "date_of_birth", "the child's date of birth", errors)
        received = read_date(form, "received_on", "the date the council received the request", errors)
        today = clock.today()
        if dob and dob > today:
            errors.add("date_of_birth-day", "The date of birth must be in the past")
        if received and received > today:
            errors.add("received_on-day", "The date the request was received cannot be in the future")
        if received and received < dt.date(2014, 9, 1):
            errors.add("received_on-day", "The SEND Regulations 2014 apply to requests from 1 September 2014")
        email = values["email"].lower()
        if email and not valid_email(email):
            errors.add("email", "Enter an email address in the correct format, like name@example.com")
        phone_e164 = None
        if values["phone"]:
            try:
                phone_e164 = normalise_phone(values["phone"])
            except ValueError:
                errors.add("phone", "Enter a phone number, like 07700 900 982")
        channel = values["preferred_channel"] or "email"
        if not email and not values["phone"]:
            errors.add("email", "Enter an email address or a phone number for the family")
        elif channel == "sms" and not values["phone"]:
            errors.add("phone", "Enter a phone number to send text messages")
        elif channel == "email" and not email:
            errors.add("email", "Enter an email address to send emails")
        source = values["request_source"] or "parent"
        if values["upn"] and not re.match(r"^[A-Z]\d{11}[0-9A-Z]$", values["upn"].upper()):
            errors.add("upn", "A UPN is 13 characters: a letter, 11 digits, then a digit or letter")
        if not errors:
            actor = staff_actor()

            def record_request(session):
                contact = Contact(
                    name=values["contact_name"],
                    relationship_to_child="parent",
                    email=email or None,
                    email_normalised=normalise_email(email) if email else None,
                    phone=values["phone"] or None,
                    phone_e164=phone_e164,
                    preferred_channel=channel if channel in ("email", "sms") else "email",
                )
                family_id = initial_family(session, [contact.email_normalised], [phone_e164], None)
                child = Child(
                    given_name=values["given_name"],
                    family_name=values["family_name"],
                    date_of_birth=dob,
                    upn=values["upn"].upper() or None,
                    family_id=family_id,
                    contacts=[contact],
                )
                session.add(child)
                place_new_child(session, child, None, actor)
                return opening.open_case(
                    session,
                    assessment.KIND.name,
                    child.id,
                    received=received,
                    actor=actor,
                    request_source=source,
                    settings=services().config.statutory,
                )

            try:
                result = perform(record_request)
            except WorkflowError as exc:
                errors.add("received_on-day", exc.message)
            else:
                flash("Request recorded. The family has been told what happens next.", "success")
                return redirect(url_for("staff.case_page", case_id=result.case_id))
    return render_template(
        "new_request.html",
        errors=errors.summary() or None,
        form_errors=errors,
        values=values,
        sources=REQUEST_SOURCES,
        date_items=date_items,
        raw=form if request.method == "POST" else None,
        today=clock.today(),
    ), 400 if errors else 200
