"""``comms``: a stakeholder update rendered from a strict Jinja2 template, and recorded.

Templates are package data (``runs/templates/comms/<name>.md.j2``); a repository overrides or adds
one as ``<policy_dir>/comms/<name>.md.j2``. The environment is sandboxed and strict: an
unknown variable is an error naming the template and line, never an empty gap in a message
customers read. A restricted incident has no ``customers`` update until it is released.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Any

from incidentctl.config import Settings
from incidentctl.errors import UserError
from incidentctl.load.documents import IncidentDoc, Unit
from incidentctl.load.sources import FsSource, SymlinkError
from incidentctl.models.incident import Incident, Visibility
from incidentctl.policy.lifecycle import terminal_states
from incidentctl.policy.value import Policy
from incidentctl.rules.context import Context
from incidentctl.runs.edit import Edited, Plan, format_time, run_edit
from incidentctl.runs.listing import load_one
from incidentctl.runs.report_templates import read_template
from incidentctl.runs.writer import Append
from incidentctl.suggest import closest

CHANNELS = {"customers": "status_page", "internal": "chat", "executives": "email"}
NEXT_UPDATE_MINUTES = {"SEV1": 30, "SEV2": 60}  # else 120: Atlassian's cadence by severity
CUSTOMER_STATE = {
    "mitigated": "A fix is in place and we are monitoring the results.",
    "resolved": "This incident has been resolved.",
}


def context(inc: Incident, policy: Policy) -> dict[str, Any]:
    """The values a template may use (documented in docs/responders/cli.md)."""
    lifecycle = policy.lifecycle_for(inc)
    ended = inc.status in (terminal_states(lifecycle) if lifecycle else []) or inc.status in (
        "resolved", "postmortem", "recovered", "post_incident",
    )  # fmt: skip
    started = inc.impact.started_at if inc.impact and inc.impact.started_at else None
    started = started or min((e.at for e in inc.timeline), default=None)
    events = [e for e in inc.timeline if e.text][-3:]
    # when the record entered its status (its last status_change to it): "investigating since"
    moves = [e.at for e in inc.timeline if e.type == "status_change" and e.status == inc.status]
    since = max(moves, default=None)
    return {
        "id": inc.id, "title": inc.title, "status": inc.status, "severity": inc.severity,
        "summary": (inc.summary or "").strip(), "services": list(inc.services),
        "impact": (inc.impact.description or "").strip() if inc.impact else "",
        "commander": inc.roles.get("incident_commander"),
        "chat": inc.channels.chat if inc.channels else None,
        "started_at": started.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if started else None,
        "status_since": since.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if since else None,
        "ended": ended,
        "customer_state": CUSTOMER_STATE.get(inc.status)
        or ("This incident has been resolved." if ended else "We are investigating the problem."),
        "next_update_minutes": NEXT_UPDATE_MINUTES.get(inc.severity or "", 120),
        "last_events": [{"at": format_time(e.at), "text": " ".join(e.text.split())} for e in events],
    }  # fmt: skip


TEMPLATE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
BUILTIN_TEMPLATES = ("customers", "executives", "internal")


def template_text(root: Path, settings: Settings, name: str) -> tuple[str, str]:
    """(where it came from, its text): the repository's template, else the built-in one.

    A name is a plain word, never a path: ``../x`` would read outside the repository. The
    repository's file is read as every policy file is, never through a symbolic link (the
    file's, or ``comms/``'s, or the policy folder's).
    """
    folder = f"{settings.policy_dir}/comms"
    if not TEMPLATE_NAME.fullmatch(name):
        raise UserError(f"'{name}' is not a template name (a word such as customers)")
    rel = f"{folder}/{name}.md.j2"
    source = FsSource(root)
    if (own := read_template(source, rel, encoding="utf-8-sig")) is not None:
        return rel, own
    builtin = resources.files("incidentctl").joinpath(f"runs/templates/comms/{name}.md.j2")
    if not builtin.is_file():
        known = {*BUILTIN_TEMPLATES, *_own_templates(source, folder)}
        guess = closest(name, known)
        hint = f"; did you mean {' or '.join(guess)}?" if guess else ""
        raise UserError(
            f"no comms template '{name}'{hint} (add {rel}, or use one of"
            f" {', '.join(sorted(known))})"
        )
    return f"(built-in)/comms/{name}.md.j2", builtin.read_text(encoding="utf-8")


def _own_templates(source: FsSource, folder: str) -> list[str]:
    try:
        names = source.listdir(folder)
    except (OSError, SymlinkError):
        return []
    return [n.removesuffix(".md.j2") for n in names if n.endswith(".md.j2")]


def render(source: tuple[str, str], values: dict[str, Any]) -> str:
    from jinja2 import StrictUndefined, TemplateError, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html"], default_for_string=False),
        keep_trailing_newline=True,
    )
    name, text = source
    try:
        return env.from_string(text).render(values).strip() + "\n"
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise UserError(f"{name}{f':{line}' if line else ''}: {exc.message or exc}") from None
    except Exception as exc:  # noqa: BLE001 - the repository's template code failed, not ours
        # ``{% include %}`` (no loader: templates stand alone), range() past the sandbox's
        # limit, a filter given the wrong type: each is the template's problem, said as such
        why = "templates cannot include or extend others" if "loader" in str(exc) else exc
        raise UserError(f"{name}: the template failed: {why}") from None  # the CLI escapes it


def compose(
    root: Path, settings: Settings, incident_id: str, audience: str, template: str | None
) -> str:
    """The update's text; a UserError when the audience may not see this incident."""
    unit, policy = load_one(root, settings, incident_id)
    if unit.incident is None:
        raise UserError(f"{unit.incident_path} does not load; run 'incidentctl validate'")
    inc = unit.incident.model
    if (
        audience == "customers"
        and policy.visibility(inc) is Visibility.RESTRICTED
        and inc.release is None
    ):
        raise UserError(
            f"{incident_id} is restricted: no customer update until it is released "
            "(a release: block with approved_by and approved_at)"
        )
    name = audience if template is None else template
    return render(template_text(root, settings, name), context(inc, policy))


def record(
    root: Path, settings: Settings, incident_id: str, audience: str, text: str, when: dt.datetime
) -> Edited:
    """Append the update, as sent, to the record's ``updates``."""

    def plan(_doc: IncidentDoc, _unit: Unit, _ctx: Context) -> Plan:
        update = {"at": format_time(when), "audience": audience,
                  "channel": CHANNELS[audience], "text": text.rstrip("\n")}  # fmt: skip
        return Plan(
            [Append("updates", update)], summary=f"{incident_id}: {audience} update recorded"
        )

    return run_edit(root, settings, incident_id, plan)
