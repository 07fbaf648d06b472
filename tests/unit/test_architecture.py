"""The house rules (docs/architecture.md), enforced: the import contracts, no Flask below the
faces, no branch on a kind of case outside its module, modules of a readable size, and a registry
whose every kind is complete."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from casework.notifications.templates import TEMPLATES
from casework.workflow.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "casework"
MAX_LINES = 400


def test_import_contracts_are_kept():
    """import-linter's contracts in pyproject.toml (layers, no Flask below the faces, the law on
    its own, independent faces)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(out.split())


def test_a_worker_and_the_law_load_no_flask():
    loaded = _modules_loaded_by("import casework.jobs, casework.jobs.cron, casework.workflow.statutory")
    assert not {m for m in loaded if m.split(".")[0] in ("flask", "flask_smorest", "flask_wtf", "werkzeug")}


def test_importing_the_package_loads_nothing_heavy():
    loaded = _modules_loaded_by("import casework")
    assert not {m for m in loaded if m.split(".")[0] in ("flask", "sqlalchemy", "transitions", "rq", "holidays")}
    assert {m for m in loaded if m.startswith("casework")} == {"casework"}


def test_the_law_imports_only_the_standard_library_and_holidays():
    loaded = _modules_loaded_by("import casework.workflow.statutory")
    tops = {m.split(".")[0] for m in loaded if not m.startswith("_")}  # interpreter internals start with _
    third_party = tops - set(sys.stdlib_module_names) - {"casework", "holidays"}
    assert third_party <= {"dateutil", "six", "sitecustomize", "usercustomize"}, third_party  # holidays' own
    assert {m for m in loaded if m.startswith("casework")} <= {"casework", "casework.workflow"} | {
        m for m in loaded if m.startswith("casework.workflow.statutory")
    }


def test_no_branch_on_a_kind_outside_its_module():
    pattern = re.compile(r"""kind == ["'](review|assessment)["']|["'](review|assessment)["'] == \w*kind""")
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in (".py", ".html") or path.parent.name == "kinds":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_modules_are_of_a_readable_size():
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_complete(name):
    kind = KINDS[name]
    machine = kind.machine
    assert kind.prepare is not None and kind.opening_event and kind.opening_label
    assert set(kind.state_names) == set(machine.states), "every state has a name people read"
    for stage in kind.stages:
        assert stage.active_in in machine.states and set(stage.done_in) <= set(machine.states)
        assert stage.deadline is None or stage.deadline in kind.deadline_labels, stage.name
    assert any(f.required for f in kind.opening_fields) or kind.opening_fields, "what the kind opens from"
    for state in machine.open_states:
        assert state in kind.next_step, f"families are told what happens next in {state}"
    for step in machine.steps:
        assert step.label, f"{name}.{step.trigger} has a label"
        assert step.form in ("inline", "separate", "none")
        assert set(step.roles) <= {"officer", "manager", "admin"}
        if step.dest is not None:  # every change of state a family would want to know about
            assert step.tells_family or step.silent, f"{name}.{step.trigger} moves the case on: the family is told"
    updates = [kind.opening_update] + [s.tells_family for s in machine.steps]
    for stem in filter(None, updates):
        assert {f"family_{stem}.email", f"family_{stem}.sms"} <= set(TEMPLATES.names()), stem
    for key in kind.exception_rules:
        assert key in kind.deadline_labels


def test_a_field_means_the_same_in_every_event():
    kinds_of = {}
    for kind in KINDS.values():
        for step in kind.machine.steps:
            for f in step.fields:
                kinds_of.setdefault(f.name, set()).add("text" if f.kind in ("text", "textarea") else f.kind)
    assert {name: k for name, k in kinds_of.items() if len(k) > 1} == {}


def test_no_markup_is_built_from_strings_in_the_templates():
    """Markup is written in the templates and Jinja escapes every value; a tag inside a string that is
    joined to others (`~ '<br>'`) is escaped as text or, marked safe, lets a value in unescaped."""
    joined = re.compile(r"""~\s*["'][^"']*<[a-zA-Z/]|["'][^"']*<[a-zA-Z/][^"']*["']\s*~""")
    offenders = []
    for path in (PACKAGE / "web" / "templates").glob("*.html"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if joined.search(line):
                offenders.append(f"{path.name}:{n}: {line.strip()[:120]}")
    assert offenders == []
