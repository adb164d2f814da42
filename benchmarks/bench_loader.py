"""The strict loader against PyYAML's own loaders, on generated incident records in memory.

Checks the requirement that position tracking keeps the C loader's speed: the strict loader
(duplicate keys, anchors, tags and depth checked in the same pass) vs. `CSafeLoader`; the
same with the position table forced (what a file with a problem costs). No file I/O: the parser alone.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from harness import best_of, table
from synthetic import incident_yaml

from incidentctl.load import yaml as yamlsource


def main(records: int = 2000) -> None:
    rng = random.Random(7)
    texts = [incident_yaml(i, 6, rng) for i in range(1, records + 1)]

    def strict(positions: bool) -> None:
        for text in texts:
            loaded, _ = yamlsource.load(text, "incident.yaml")
            if positions and loaded is not None:
                loaded.value_pos(("timeline", 0, "at"))

    def pyyaml(loader: type) -> None:
        for text in texts:
            yaml.load(text, Loader=loader)

    rows = [
        ("PyYAML CSafeLoader (libyaml)", best_of(lambda: pyyaml(yaml.CSafeLoader))),
        ("incidentctl strict loader", best_of(lambda: strict(False))),
        ("incidentctl strict loader + positions", best_of(lambda: strict(True))),
    ]
    size = sum(len(t) for t in texts) // len(texts)
    title = f"the YAML loader on {records} records of about {size / 1024:.1f} KB"
    print(table(title, rows, "PyYAML CSafeLoader (libyaml)"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
