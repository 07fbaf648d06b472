"""A new request for an EHC needs assessment: the child, the family's contact, and the date the
council received the request (which starts the 20 weeks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, render_template, request, url_for

from casework import clock
from casework.models import Child, Contact
from casework.request_scope import perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, has_control_characters, read_date
from casework.web.staff import bp, staff_actor
from casework.workflow import contacts, opening, sen2_data
from casework.workflow.errors import InvalidInput, WorkflowError
from casework.workflow.families import initial_family, place_new_child
from casework.workflow.kinds import assessment

REQUEST_SOURCES = [
    ("parent", "Parent"),
    ("young_person", "Young person"),
    ("school", "School or setting"),
    ("health", "Health professional"),
    ("social_care", "Social care"),
    ("other", "Someone else"),
]


CONTACT_FIELDS = ("email", "phone", "address_1", "address_2", "address_3", "postcode", "preferred_channel", "language")


@bp.route("/requests/new", methods=["GET", "POST"])
@staff_required
def new_request():
    """A new request for an EHC needs assessment: the child (new, or found as a sibling by a shared
    contact) and the date the council received it. Allocation puts it with a sibling's officer."""
    errors = FormErrors()
    form = request.form
    names = ("given_name", "family_name", "upn", "school", "contact_name", *CONTACT_FIELDS, "request_source")
    values: dict[str, Any] = {k: form.get(k, "").strip() for k in names}
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
        given = {
            "name": values["contact_name"] or "-",
            "email": values["email"],
            "phone": values["phone"],
            "address_lines": [values["address_1"], values["address_2"], values["address_3"]],
            "postcode": values["postcode"],
            "preferred_channel": values["preferred_channel"] or "email",
            "language": values["language"],
        }
        contact_values: dict[str, Any] = {}
        try:
            contact_values = contacts.check(given)
        except InvalidInput as exc:
            for field, messages in exc.errors.items():
                errors.add("address_1" if field == "address_lines" else field, messages[0])
        source = values["request_source"] or "parent"
        upn, problem = sen2_data.check_upn(values["upn"])
        if problem:
            errors.add("upn", problem)
        rya = form.get("rya") == "1"
        if len(values["school"]) > 200:
            errors.add("school", "Enter the school or setting in 200 characters or fewer")
        if not errors:
            actor = staff_actor()

            def record_request(session):
                contact = Contact(**contact_values)
                family_id = initial_family(session, [contact.email_normalised], [contact.phone_e164], None)
                child = Child(
                    given_name=values["given_name"],
                    family_name=values["family_name"],
                    date_of_birth=dob,
                    upn=upn,
                    school=values["school"] or None,
                    family_id=family_id,
                    contacts=[contact],
                )
                session.add(child)
                place_new_child(session, child, None, actor)
                result = opening.open_case(
                    session,
                    assessment.KIND.name,
                    child.id,
                    received=received,
                    actor=actor,
                    request_source=source,
                    settings=services().config.statutory,
                )
                sen2_data.set_rya(session, result.case_id, rya)
                return result

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
