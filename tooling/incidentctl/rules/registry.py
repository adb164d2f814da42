"""Every rule incidentctl reports, by stable id. Docs and tests enumerate this registry."""

from __future__ import annotations

from dataclasses import dataclass

from incidentctl.findings import Level

__all__ = ["RULES", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    summary: str
    level: Level = Level.ERROR


def _rules(*rows: tuple[str, str] | tuple[str, str, Level]) -> dict[str, Rule]:
    return {row[0]: Rule(*row) for row in rows}


W = Level.WARNING

RULES: dict[str, Rule] = _rules(
    # The strict YAML loader (every file).
    ("yaml.syntax", "The file is not valid YAML."),
    ("yaml.encoding", "The file is not UTF-8."),
    ("yaml.too-large", "The file is over the size limit (1 MiB)."),
    ("yaml.empty", "The file or front matter is empty."),
    ("yaml.not-a-mapping", "The document is not a mapping of keys to values."),
    ("yaml.duplicate-key", "A key appears twice in one mapping (YAML would keep the last)."),
    ("yaml.anchor", "Anchors are not allowed (they enable alias bombs and hide content)."),
    ("yaml.alias", "Aliases are not allowed."),
    ("yaml.tag", "Explicit tags (!!python/..., !custom) are not allowed."),
    ("yaml.directive", "%YAML and %TAG directives are not allowed."),
    ("yaml.multiple-documents", "A file holds exactly one YAML document."),
    ("yaml.too-deep", "Nesting is deeper than the limit."),
    ("yaml.complex-key", "A mapping key is not a plain string."),
    ("yaml.bad-key", "A key holds a control, tab or bidirectional-text character."),
    ("frontmatter.missing", "A Markdown file lacks YAML front matter."),
    ("frontmatter.unterminated", "Front matter opens with '---' but never closes."),
    # Schema (pydantic) errors.
    ("schema.missing-field", "A required field is missing."),
    ("schema.unknown-field", "A field is not part of the schema (often a typo)."),
    ("schema.type", "A value has the wrong type or form."),
    ("schema.enum", "A value is not one of the allowed choices."),
    ("schema.pattern", "A value does not match its pattern (ids, names)."),
    ("schema.naive-timestamp", "A timestamp has no time zone."),
    ("schema.timestamp", "A timestamp or date is not in ISO 8601 form (a number is not one)."),
    ("schema.control-character", "Text holds a control or bidirectional-override character."),
    ("timeline.status-field", "status appears exactly on status_change entries."),
    ("timeline.severity-field", "severity appears only on severity_change entries."),
    # Files and folders.
    ("discovery.symlink", "Symbolic links are not allowed in the archive."),
    ("discovery.unexpected-file", "A file that incidentctl does not know sits in the archive.", W),
    ("discovery.unreadable", "A file exists but cannot be read."),
    ("discovery.case-collision", "Two incident folders differ only in letter case."),
    ("incident.folder-name", "A folder under incidents/ is not named like an incident id."),
    ("incident.missing-record", "An incident folder has no incident.yaml."),
    ("incident.id-clash", "The base branch opened the same incident id since this branch began."),
    ("incident.id-mismatch", "The record's id differs from its folder name."),
    ("incident.id-prefix", "The id does not use the configured prefix."),
    (
        "incident.release-required",
        "A restricted-by-default type made less restricted needs a release.",
    ),
    # References to the policy and to other files.
    ("ref.unknown-type", "The incident type is not in the policy."),
    ("ref.unknown-lifecycle", "The lifecycle is not defined."),
    ("ref.unknown-state", "A status is not a state of the incident's lifecycle."),
    ("ref.unknown-severity", "The severity is not on the policy's scale."),
    ("ref.unknown-service", "A service is not in the service catalog."),
    ("ref.unknown-role", "A role name is not in the policy's roles."),
    ("ref.unknown-person", "A person field names a handle the roster (people.yaml) lacks."),
    ("ref.unknown-team", "A roster entry names a team that people.yaml does not define."),
    ("ref.unknown-incident", "A related or duplicate incident does not exist."),
    ("ref.unknown-playbook", "A referenced playbook does not exist."),
    ("ref.unknown-factor", "A contributing-factor category is not in the taxonomy."),
    ("ref.duplicate-id", "An id is used twice."),
    ("ref.self-reference", "An incident refers to itself."),
    # The timeline and the lifecycle.
    ("timeline.order", "Timeline entries are not in time order."),
    ("timeline.no-status-change", "The timeline records no status change."),
    ("timeline.status-mismatch", "status differs from the last status_change in the timeline."),
    ("timeline.illegal-transition", "The status changes are not a legal path of the lifecycle."),
    ("timeline.guarded-transition", "A transition's condition does not hold."),
    ("timeline.severity-mismatch", "severity differs from the last severity_change."),
    ("lifecycle.required-field", "A field the current or an earlier state requires is empty."),
    # Postmortems.
    ("postmortem.required", "The state and severity require a postmortem, and none exists."),
    ("postmortem.status-too-early", "The incident's state needs a further postmortem status."),
    ("postmortem.incident-mismatch", "The postmortem names another incident than its folder."),
    ("postmortem.missing-section", "A section the policy requires is missing from the body."),
    ("postmortem.approver-required", "An approved postmortem names an approver besides the owner."),
    ("postmortem.owner-missing", "A postmortem names no owner."),
    ("postmortem.orphan", "A postmortem sits in a folder without an incident record."),
    # Action items.
    ("action-item.id-prefix", "An action item id does not start with its incident's id."),
    ("action-item.completed-at-missing", "A done action item has no completed_at."),
    ("action-item.reason-missing", "A wont_do or blocked action item has no notes saying why."),
    ("action-item.due-before-created", "An action item is due before it was created."),
    ("action-item.type-missing", "An action item has no type (prevent, detect, ..., other)."),
    ("ref.unknown-priority", "A priority is not on the policy's scale (priorities.yaml)."),
    ("time.precision", "A time has digits finer than its stated precision, or none to qualify."),
    ("time.window-reversed", "An end is earlier than its start (impact, an effect, discovery)."),
    ("security.custody-order", "A chain-of-custody handover is earlier than the step before it."),
    (
        "security.notification-unsent",
        "A case has ended while a notification it owed by a date was neither sent nor waived.",
    ),
    (
        "import.unknown-fact",
        "An imported record lacks a fact a rule asks for (its source never had it).",
        W,
    ),
    ("time.future", "A timestamp is later than now (or than its commit), beyond the clock skew."),
    # Secrets and personal data in incident and postmortem text.
    ("secret.credential", "A cloud key, API token or similar credential."),
    ("secret.private-key", "A private key."),
    ("secret.connection-string", "A URL or connection string with a password in it."),
    ("secret.password", "A password, in an assignment or in prose."),
    ("pii.card-number", "A payment card number (passes the Luhn check)."),
    ("pii.iban", "A bank account number (a valid IBAN)."),
    ("pii.email", "An e-mail address outside the allowlist."),
    # Playbooks.
    ("playbook.id-mismatch", "A playbook's id differs from its file name."),
    ("playbook.review-overdue", "A playbook is past its review interval.", W),
    # History: what may change between the base branch and a pull request (check, audit).
    ("history.illegal-transition", "A status move in this change is not a lifecycle edge."),
    (
        "history.timeline-rewritten",
        "A timeline entry on the base branch was removed or altered (a refined time is neither).",
    ),
    (
        "history.backdated",
        "A new status change is certainly before the last one on the base (windows compared).",
    ),
    ("history.frozen", "A terminal incident changed outside the fields editable after closing."),
    ("history.id-changed", "A record's id changed."),
    ("history.incident-deleted", "An incident record was deleted or moved to another id."),
    ("history.severity-unrecorded", "Severity changed without a severity_change entry."),
    ("history.role-unrecorded", "Roles changed without a role_change entry."),
    ("history.postmortem-status", "A postmortem's status skipped a step or went backwards."),
    (
        "history.postmortem-frozen",
        "A published postmortem's front matter (its approved record) changed.",
    ),
    ("history.postmortem-deleted", "A postmortem was deleted."),
    ("history.action-item-deleted", "An action item was deleted (mark it wont_do instead)."),
    ("history.action-item-reopened", "A done action item was reopened without notes."),
    ("history.visibility-lowered", "Visibility was lowered without a new release record."),
    ("discovery.submodule", "A git submodule sits in the archive."),
    ("transition.refused", "incidentctl transition cannot make the requested move."),
    ("edit.refused", "An editing command (note, assign, action, ...) cannot make its change."),
    # The policy files themselves.
    ("lifecycle.unknown-state", "A transition names a state that does not exist."),
    ("lifecycle.no-initial-state", "No state is initial."),
    ("lifecycle.no-terminal-state", "No state is terminal."),
    ("lifecycle.unreachable-state", "A state cannot be reached from an initial state."),
    ("lifecycle.dead-end", "A non-terminal state has no way out."),
    ("lifecycle.unknown-field", "A state requires a field incidents do not have."),
    ("lifecycle.name-mismatch", "A lifecycle's name differs from its file name."),
    ("policy.unknown-field", "changes.yaml names a field incidents do not have."),
    (
        "policy.changed",
        "A change edits the policy or the settings (check: for an owner's review).",
        W,
    ),
)
