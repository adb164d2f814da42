"""The example archive with the XSS payloads written where contributors write."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitebuild import copy_repo
from xss_payloads import PAYLOADS, TIMELINE, TITLE

POSTMORTEM = "INC-2026-0003"  # its postmortem body
TITLED = "INC-2026-0007"  # its title
TIMELINED = "INC-2026-0002"  # its first timeline text
PLAYBOOK = "credential-leak"


def hostile_repo(dest: Path) -> Path:
    root = copy_repo(dest)
    body = "\n\n".join(PAYLOADS)
    pm = root / "incidents" / POSTMORTEM / "postmortem.md"
    pm.write_text(pm.read_text() + "\n\n## Payloads\n\n" + body + "\n")
    record = root / "incidents" / TITLED / "incident.yaml"
    record.write_text(
        re.sub(r"(?m)^title: .*$", "title: " + json.dumps(TITLE), record.read_text(), count=1)
    )
    record = root / "incidents" / TIMELINED / "incident.yaml"
    record.write_text(
        re.sub(
            r"(?m)^    text: .*$", "    text: " + json.dumps(TIMELINE), record.read_text(), count=1
        )
    )
    playbook = root / "docs" / "playbooks" / f"{PLAYBOOK}.md"
    playbook.write_text(playbook.read_text() + "\n\n## Payloads\n\n" + body + "\n")
    return root
