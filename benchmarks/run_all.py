"""`make bench`: run every benchmarks/bench_*.py in turn; each prints its own table."""

from __future__ import annotations

import compileall
import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).parent
    sys.path.insert(0, str(here))
    # An editable install has no bytecode, and with PYTHONDONTWRITEBYTECODE (set on some CI
    # machines) every run would compile incidentctl from source (~60 ms of start-up), while
    # pydantic and PyYAML, installed from wheels, are byte-compiled: compile ours the same way.
    compileall.compile_dir(here.parent / "tooling" / "incidentctl", quiet=1)
    for script in sorted(here.glob("bench_*.py")):
        print(f"== {script.name}")
        runpy.run_path(str(script), run_name="__main__")
