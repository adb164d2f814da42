"""incidentctl: incident management as code (incidents, postmortems and playbooks in git)."""

__version__ = "0.1.0"
__all__ = ["__version__"]
