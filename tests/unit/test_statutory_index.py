"""The statutory package keeps one index and stays pure (casework/workflow/statutory/__init__.py).

(a) every rule ID in RULES is in the index docstring, with its exact title and a function that exists;
(b) every deadline function's docstring still starts with ``[ID]``;
(c) importing the package imports nothing outside the standard library, ``holidays`` and the package.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import re
import subprocess
import sys
import textwrap

from casework.workflow import statutory as law

PACKAGE_DIR = pathlib.Path(law.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__")
ROW_MODULES = ("assessment", "review", "disputes", "orders", "transfers", "reassessment")

# Every public name of the single-file module before the split: each must still be importable as law.<name>.
NAMES_BEFORE_SPLIT = [
    "Settings",
    "DEFAULT_SETTINGS",
    "Rule",
    "RULES",
    "Due",
    "is_working_day",
    "practical_date",
    "next_working_day",
    "to_local_date",
    "clock_start",
    "add_months",
    "weeks_after",
    "weeks_before",
    "days_beginning",
    "days_after",
    "months_after",
    "months_before",
    "months_beginning",
    "working_days_beginning",
    "working_days_after",
    "tribunal_working_days",
    "tribunal_adjust",
    "decision_to_assess",
    "advice_due",
    "no_plan_decision",
    "representations",
    "earliest_final_plan",
    "draft_plan_target",
    "school_consultation_reply",
    "final_plan",
    "appeal_notice_with_plan",
    "review_meeting",
    "next_review_period_start",
    "meeting_notice",
    "advice_circulation",
    "review_report",
    "review_decision",
    "proposed_amendments",
    "amendment_representations",
    "earliest_amended_plan",
    "amended_plan",
    "decision_not_to_amend",
    "amended_plan_overall",
    "phase_transfer",
    "phase_transfer_planning_aids",
    "school_year",
    "preparing_for_adulthood_applies",
    "review_list_to_settings",
    "early_years_reminders",
    "earliest_cease_date",
    "appeal_deadline",
    "mediation_contact",
    "certificate_without_mediation",
    "health_issues_notice",
    "mediation_held",
    "certificate_cannot_arrange",
    "certificate_after_mediation",
    "mediation_agreement_appealable",
    "agreement_action",
    "commissioning_body_tells_la",
    "appeal_response_prompt",
    "order_clock_start",
    "tribunal_order",
    "unopposed_appeal",
    "recommendation_response",
    "transfer_between_las",
    "new_la_informs",
    "transfer_review",
    "commissioning_body_transfer",
    "reassessment_decision",
    "reassessment_plan",
    "direct_payments_review",
    "detained_person_decision",
    "EXCEPTION_REASONS",
    "exception_allowed",
    "closure_qualifies",
    "closure_window",
    "closure_exception_available",
    "outcome",
]

_ROW = re.compile(r"^ {4}(?P<id>[A-G]\d+[a-z]?(?:-[a-z]+)?) +(?P<rest>.+?)\s*$")


def _index_rows() -> list[tuple[str, str]]:
    return [(m["id"], m["rest"]) for line in law.__doc__.splitlines() if (m := _ROW.match(line))]


def _resolve(ref: str):
    module, _, name = ref.partition(".")
    return getattr(importlib.import_module(f"{law.__name__}.{module}"), name)


def test_every_rule_in_the_index_with_its_title_and_function():
    rows = _index_rows()
    for rule_id, rule in law.RULES.items():
        mine = [rest for rid, rest in rows if rid == rule_id]
        assert mine, f"{rule_id} is missing from the index docstring"
        assert any(rest.startswith(rule.title) for rest in mine), f"{rule_id}: title differs from RULES"
    for rule_id, rest in rows:
        ref = rest.split()[-1]
        if rule_id.count("-"):  # planning aid rows: the block header names the function
            assert rest == law.RULES[rule_id].title
            continue
        func = _resolve(ref)
        assert callable(func) and getattr(law, func.__name__) is func, f"{ref} is not re-exported"
    assert "all from review.phase_transfer_planning_aids" in law.__doc__


# Public functions of the row modules that are not deadlines (a year group; a set of planning aids).
NOT_DEADLINES = {"school_year", "phase_transfer_planning_aids"}
# IDs of rules with no RULES entry, whose function is still indexed (what restarts B1; the order clock start).
INDEXED_WITHOUT_RULE = {"B2", "E9"}


def test_every_deadline_function_docstring_starts_with_its_id():
    checked = 0
    for module_name in ROW_MODULES:
        module = importlib.import_module(f"{law.__name__}.{module_name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__ or name in NOT_DEADLINES:
                continue
            doc = inspect.getdoc(func) or ""
            m = re.match(r"\[([A-G]\d+[a-z]?)\]", doc)
            assert m, f"{module_name}.{name}: docstring must start with [ID]"
            assert m[1] in law.RULES or m[1] in INDEXED_WITHOUT_RULE, f"{module_name}.{name}: unknown rule {m[1]}"
            assert " -- " in doc.splitlines()[0], f"{module_name}.{name}: first line is [ID] <title> -- <citation>"
            assert re.search(rf"^ {{4}}{m[1]} .* {module_name}\.{name}$", law.__doc__, re.M), f"{name} not indexed"
            checked += 1
    assert checked >= 49  # every deadline function of the six row modules at the split


def test_old_names_are_all_still_exported():
    missing = [n for n in NAMES_BEFORE_SPLIT if not hasattr(law, n)]
    assert not missing
    assert set(NAMES_BEFORE_SPLIT) <= set(law.__all__)
    assert all(hasattr(law, n) for n in law.__all__)


def test_modules_are_small_and_import_only_stdlib_holidays_and_siblings():
    for name in [*MODULES, "__init__"]:
        source = (PACKAGE_DIR / f"{name}.py").read_text()
        if name != "__init__":
            assert len(source.splitlines()) <= 420, f"{name}.py is over ~400 lines"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: a sibling module of the package
                    assert node.level == 1, f"{name}.py reaches outside the package"
                    continue
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                assert top in sys.stdlib_module_names or top == "holidays", f"{name}.py imports {top}"


def test_importing_the_package_loads_nothing_outside_stdlib_holidays_and_the_package():
    # casework/__init__.py itself imports Flask (the app factory), so the parent packages are stood in
    # for by empty namespace modules: what is measured is what the statutory package pulls in.
    root = PACKAGE_DIR.parents[2]
    script = textwrap.dedent(
        f"""
        import json, sys, types
        for name, path in (("casework", {str(root / "casework")!r}),
                           ("casework.workflow", {str(root / "casework" / "workflow")!r})):
            stub = types.ModuleType(name)
            stub.__path__ = [path]
            sys.modules[name] = stub
        import holidays  # and whatever holidays itself needs
        before = set(sys.modules)
        import casework.workflow.statutory as law
        assert law.final_plan.__module__ == "casework.workflow.statutory.assessment"
        print(json.dumps(sorted(set(sys.modules) - before)))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = __import__("json").loads(done.stdout)
    assert "casework.workflow.statutory" in loaded
    outside = [
        m
        for m in loaded
        if not m.startswith("casework.workflow.statutory")
        and m.split(".")[0] not in sys.stdlib_module_names
        and not m.startswith("_")  # interpreter internals such as _sysconfigdata
    ]
    assert outside == []
    for forbidden in ("flask", "sqlalchemy", "casework.config", "casework.models", "casework.db"):
        assert not any(m == forbidden or m.startswith(forbidden + ".") for m in loaded)
