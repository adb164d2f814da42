"""Error taxonomy: user errors are one line on stderr; anything else is a bug (exit 3)."""

from __future__ import annotations


class IncidentctlError(Exception):
    """Base of every error incidentctl raises on purpose."""


class UserError(IncidentctlError):
    """An expected problem the user can fix (bad path, unknown id); exit 2."""


class ConfigError(UserError):
    """The repository's configuration ([tool.incidentctl]) cannot be used."""


class GitError(UserError):
    """Git is missing, or the directory is not a usable git repository."""


class GitMissing(GitError):
    """No git to run: said as such, never as the revision or folder a command failed on."""
