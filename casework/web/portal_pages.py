"""The parent portal's pages, for a family signed in by email link or by a code sent by text (who is
asking is decided in `portal.py` alone): their children, each with what happens next and by when; a child's page
with every stage and the date the law sets for it, their officer and how to reach them, the advice,
what they can do if they disagree, the plan, the messages the council has sent them and their own
views; and a form to add views or a document."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework import clock
from casework.models import AdviceRequest, Case, Child, Contact, FamilyContribution, Letter, Plan, PlanDocument
from casework.notifications import outbox
from casework.notifications.letters import LETTERS
from casework.notifications.links import send_time_values
from casework.notifications.messages import Message
from casework.queries import advice_list, plan_dict
from casework.read import family_view
from casework.request_scope import db_session, services
from casework.web import labels, uploads
from casework.web.forms import FormErrors
from casework.web.portal import _child_for_parent, _children_for, _contacts, bp, parent_required
from casework.words import case_ref
from casework.workflow.audit import audit
from casework.workflow.engine import Actor
from casework.workflow.explain import required_advice, workings
from casework.workflow.kinds import KINDS
from casework.workflow.quality import documents


def my_contacts(child: Child) -> list[Contact]:
    """The signed-in person's own contact entries for this child (the portal admits them)."""
    return [contact for contact, of in _contacts() if of.id == child.id]


@bp.get("/")
@parent_required
def home():
    s = db_session()
    summaries = []
    for child in _children_for():
        case = family_view.latest_case(s, child.id)
        nxt = None
        if case is not None:
            nxt = family_view.next_for(case, family_view.deadlines_of(s, [case.id])[case.id]) if case.is_open else None
        summaries.append(
            {
                "child": child,
                "case": case,
                "stage": labels.state_name(case.kind, case.state) if case else "No case at the moment",
                "next": nxt,
            }
        )
    return render_template("portal_home.html", errors=None, summaries=summaries)


@bp.get("/children/<id:child_id>")
@parent_required
def child_page(child_id: int):
    child = _child_for_parent(child_id)
    s = db_session()
    today = clock.today()
    config = services().config
    cases = (
        s.execute(select(Case).where(Case.child_id == child.id).order_by(Case.is_open.desc(), Case.id.desc()))
        .scalars()
        .all()
    )
    deadlines = family_view.deadlines_of(s, [c.id for c in cases])
    views = []
    for case in cases:
        advice = advice_list(s, AdviceRequest.case_id == case.id, today)
        views.append(
            {
                **_explained(case, child, today),
                "case": case,
                "ref": case_ref(case.id),
                "stages": family_view.stages(case, deadlines[case.id], today),
                "next": family_view.next_for(case, deadlines[case.id]),
                "advice": advice,
                "officer": case.officer,
                "appeal": deadlines[case.id].get("appeal"),
                "days_late": {
                    a["id"]: (today - a["due_on"]).days
                    for a in advice
                    if a["status"] == "overdue" and a["due_on"] is not None
                },
            }
        )
    plan = s.execute(
        select(Plan).where(Plan.child_id == child.id, Plan.status == "active").order_by(Plan.id.desc()).limit(1)
    ).scalar_one_or_none()
    contributions = (
        s.execute(
            select(FamilyContribution)
            .where(FamilyContribution.child_id == child.id)
            .order_by(FamilyContribution.id.desc())
        )
        .scalars()
        .all()
    )
    sent = family_view.messages_to(
        s, [c.id for c in cases], {c.id for c in my_contacts(child)}, send_time_values(config)
    )
    return render_template(
        "portal_child.html",
        errors=None,
        child=child,
        views=views,
        today=today,
        plan=plan_dict(plan, child, config.statutory, today) if plan else None,
        contributions=contributions,
        messages=sent,
        labels=labels,
        sendiass={"name": config.sendiass_name, "phone": config.sendiass_phone, "url": config.sendiass_url},
        kinds=KINDS,
        letters=_letters_to_me(child.id),
        plan_documents=documents.documents_of(s, plan.id) if plan else [],
        letter_titles={kind: spec.title for kind, spec in LETTERS.items()},
    )


def _letters_to_me(child_id: int) -> list[Letter]:
    """The letters sent to the signed-in family member about this child (posted, or sent by Notify)."""
    mine = [contact.id for contact, child in _contacts() if child.id == child_id]
    if not mine:
        return []
    return list(db_session().execute(
        select(Letter).where(Letter.contact_id.in_(mine), Letter.status == "sent").order_by(Letter.id.desc())
    ).scalars())  # fmt: skip


@bp.get("/plan-documents/<id:document_id>")
@parent_required
def plan_document(document_id: int):
    """The child's plan as issued; another family's plan is simply not found."""
    from casework.web.staff.audit_form import send_plan_document

    s = db_session()
    doc = s.get(PlanDocument, document_id)
    plan = s.get(Plan, doc.plan_id) if doc is not None else None
    if plan is None:
        abort(404)
    child = _child_for_parent(plan.child_id)
    mine = my_contacts(child)
    audit(s.connection(), Actor("parent", mine[0].id if mine else None), "plan_document_downloaded", "child",
          child.id, document_id=doc.id)  # fmt: skip
    s.commit()
    return send_plan_document(doc)


@bp.get("/letters/<id:letter_id>.pdf")
@parent_required
def letter_pdf(letter_id: int):
    """A copy of a letter we sent this family member; anyone else's letter is simply not found."""
    s = db_session()
    letter = s.get(Letter, letter_id)
    mine = {contact.id for contact, _child in _contacts()}
    if letter is None or letter.contact_id not in mine or letter.status != "sent" or letter.pdf is None:
        abort(404)
    audit(s.connection(), Actor("parent", letter.contact_id), "letter_downloaded", "child",
          s.get(Case, letter.case_id).child_id, letter_id=letter.id)  # fmt: skip
    s.commit()
    return Response(letter.pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="letter-{letter.id}.pdf"'})  # fmt: skip


def _explained(case: Case, child: Child, today) -> dict:
    """For families: the advice the law requires and where it stands, and how each date still to come was
    worked out, in plain English (no rule IDs)."""
    working = workings(case.kind, case.facts, services().config.statutory)
    explained = [
        {"label": labels.deadline_label(case.kind, d.key), "text": working[d.key]["family_text"]}
        for d in case.deadlines
        if case.is_open and d.outcome == "pending" and d.key in working and working[d.key]["due_on"] == d.due_on
    ]
    return {"required_advice": required_advice(case.kind, case.facts, child.date_of_birth, case.closed_on or today),
            "explained": explained}  # fmt: skip


@bp.route("/children/<id:child_id>/views", methods=["GET", "POST"])
@parent_required
def add_views(child_id: int):
    child = _child_for_parent(child_id)
    errors = FormErrors()
    text = ""
    if request.method == "POST":
        text = request.form.get("views", "").strip()[:20_000]
        upload = request.files.get("document")
        checked = None
        if upload and upload.filename:
            try:
                checked = uploads.check(
                    upload.filename, upload.read(uploads.MAX_BYTES + 1), services().config.clamd_url
                )
            except ValueError as exc:
                errors.add("document", str(exc))
        if not text and not (upload and upload.filename):
            errors.add("views", "Write your views or choose a document to send")
        if not errors:
            s = db_session()
            stored = (
                uploads.store(Path(services().config.upload_dir) / "family", child.id, checked) if checked else None
            )
            mine = my_contacts(child)
            contact = mine[0] if mine else None
            try:
                s.add(
                    FamilyContribution(
                        child_id=child.id,
                        contact_id=contact.id if contact else None,
                        text=text or None,
                        filename=checked.filename if checked else None,
                        content_type=checked.content_type if checked else None,
                        stored_as=stored,
                    )
                )
                s.flush()
                audit(
                    s.connection(),
                    Actor("parent", contact.id if contact else None),
                    "family_views_added",
                    "child",
                    child.id,
                )
                ids = _tell_officer(s, child)
                s.commit()
            except Exception:
                s.rollback()
                if stored:
                    (Path(services().config.upload_dir) / "family" / stored).unlink(missing_ok=True)
                raise
            services().dispatch(ids)
            flash("Thank you. Your case officer can now see what you sent.", "success")
            return redirect(url_for("portal.child_page", child_id=child.id))
    return render_template("portal_views.html", errors=errors.summary(), form_errors=errors, child=child, text=text), (
        400 if errors else 200
    )


def _tell_officer(s, child: Child) -> list[int]:
    case = s.execute(
        select(Case).where(Case.child_id == child.id, Case.is_open).order_by(Case.id.desc()).limit(1)
    ).scalar_one_or_none()
    if case is None or case.officer is None:
        return []
    count = s.execute(select(FamilyContribution.id).where(FamilyContribution.child_id == child.id)).all()
    return outbox.add(
        s.connection(),
        [
            Message(
                dedupe_key=f"family-views:{child.id}:{len(count)}",
                recipient=case.officer.email,
                recipient_kind="staff",
                channel="email",
                template="family_views_added_officer.email",
                personalisation={"officer_name": case.officer.name, "case_ref": case_ref(case.id)},
                case_id=case.id,
            )
        ],
    )
