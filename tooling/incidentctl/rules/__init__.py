"""Stage 3, rules. Takes documents, the policy and the archive index; gives findings (pure).

``registry`` names every rule id; ``context`` is what a rule may consult; one module per
family (``incident``, ``postmortem``, ``playbook``, ``policy``, ``secrets``); ``references``
and ``results`` are the model-free values a cached run reuses; ``check`` runs every rule on
one incident folder or playbook.
"""

from incidentctl.rules.registry import RULES, Rule

__all__ = ["RULES", "Rule"]
