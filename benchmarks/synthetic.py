"""A realistic synthetic archive in a real git repository, built with ``git fast-import``.

Shapes follow the examples: 15-30 timeline entries, 2-6 action items, a postmortem for a third
of the incidents; optionally a history of status changes, one commit each. Deterministic for a
given seed. Used by the benchmarks and by the scale tests.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path

OUTAGE_PATH = ["triage", "detected", "investigating", "mitigated", "resolved", "closed"]
SERVICES = ["checkout", "payments", "search", "identity", "notifications", "storage"]
WORDS = ["pool", "connection", "timeout", "replica", "lag", "deploy", "rollback", "cache", "queue", "consumer", "broker", "disk", "latency", "error", "rate", "alert", "page", "customer", "region", "shard", "index", "certificate", "dns"]  # fmt: skip


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


COMMITS_FROM = int(dt.datetime(2025, 12, 31, tzinfo=dt.UTC).timestamp())


def incident_yaml(i: int, states: int, rng: random.Random, year: int = 2025) -> str:
    """Incident ``i`` after its first ``states`` status changes (SEV3, so no postmortem needed)."""
    iid = f"INC-{year}-{i:04d}"
    # five minutes apart: 50,000 incidents still fit in the year, before any commit of them
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i * 5)
    path = OUTAGE_PATH[:states]
    status = path[-1]
    lines = [
        "# yaml-language-server: $schema=../../schemas/incident.schema.json",
        "schema_version: 1", f"id: {iid}", f"title: {_sentence(rng, 6)[:-1]}",
        f"summary: {_sentence(rng, 30)}", "type: outage", f"status: {status}", "severity: SEV3",
        "visibility: public", f"services: [{rng.choice(SERVICES)}]",
        "impact:", f"  description: {_sentence(rng, 20)}", f"  customers_affected: {rng.randint(0, 9000)}",
        "detection:", "  source: monitoring_alert", "roles:", "  incident_commander: alice",
        "  tech_lead: bob", "timeline:",
    ]  # fmt: skip
    # One block per status change: the change, then what happened until the next one. Every
    # random draw below is the same whatever ``states`` is, so step k+1 only appends a block.
    total = rng.randint(15, 30) - len(OUTAGE_PATH)
    cuts = (
        sorted(rng.sample(range(1, total), len(OUTAGE_PATH) - 1))
        if total > len(OUTAGE_PATH)
        else []
    )
    kinds = ["observation", "action", "decision", "communication"]
    fillers = [(rng.choice(kinds), _sentence(rng), _sentence(rng)) for _ in range(total)]
    bounds = [0, *cuts, total]
    blocks = [fillers[bounds[b] : bounds[b + 1]] for b in range(len(OUTAGE_PATH))]
    n = 0
    for b, state in enumerate(path):
        for kind, text, sc_text in [("status_change", None, None), *blocks[b]]:
            at = (start + dt.timedelta(minutes=4 * n)).isoformat().replace("+00:00", "Z")
            n += 1
            lines += [f"  - at: {at}", f"    type: {kind}"]
            lines += [f"    status: {state}"] if kind == "status_change" else []
            lines += ["    by: alice", f"    text: {text or sc_text or 'Status changed.'}"]
    lines.append("action_items:")
    for k in range(1, rng.randint(2, 6) + 1):
        lines += [
            f"  - id: {iid}-AI-{k}", f"    title: {_sentence(rng, 6)[:-1]}", "    owner: bob",
            "    type: prevent", "    status: open", f"    due: {year + 1}-03-01",
        ]  # fmt: skip
    lines.append("tags: [synthetic]")
    return "\n".join(lines) + "\n"


def postmortem_md(i: int, rng: random.Random, year: int = 2025) -> str:
    sections = ["Summary", "Impact", "Timeline", "Contributing factors", "What went well",
                "What went wrong", "Where we got lucky", "Action items"]  # fmt: skip
    body = "\n".join(f"## {s}\n\n{_sentence(rng, 40)}\n" for s in sections)
    return (
        f"---\nschema_version: 1\nincident: INC-{year}-{i:04d}\nstatus: draft\nowner: alice\n---\n\n"
        f"# Postmortem\n\n{body}"
    )


def build(path: Path, incidents: int, history: bool = False, seed: int = 7) -> int:
    """Create a repository at ``path``; returns the number of commits.

    Without history: one commit holding every incident in its final state. With history: one
    commit per status change (6 per incident), incidents interleaved as in real life.
    """
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    rng = random.Random(seed)
    stream: list[bytes] = []
    mark = 0

    def commit(files: dict[str, str], message: str) -> None:
        nonlocal mark
        mark += 1
        when = COMMITS_FROM + mark * 60  # after every record's times, as real history is
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"mark :{mark}\ncommitter Bench <bench@example.com> {when} +0000\n".encode())
        msg = message.encode()
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        if mark > 1:
            stream.append(f"from :{mark - 1}\n".encode())
        for rel, text in files.items():
            data = text.encode()
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (rel.encode(), len(data), data))

    if not history:
        files = {}
        for i in range(1, incidents + 1):
            files[f"incidents/INC-2025-{i:04d}/incident.yaml"] = incident_yaml(i, 6, rng)
            if i % 3 == 0:
                files[f"incidents/INC-2025-{i:04d}/postmortem.md"] = postmortem_md(i, rng)
        commit(files, f"{incidents} incidents")
    else:
        seeds = {i: rng.random() for i in range(1, incidents + 1)}
        for step in range(1, 7):
            for i in range(1, incidents + 1):
                r = random.Random(
                    seeds[i]
                )  # same texts at every step, so only the new lines differ
                commit(
                    {f"incidents/INC-2025-{i:04d}/incident.yaml": incident_yaml(i, step, r)},
                    f"INC-2025-{i:04d}: step {step}",
                )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, check=True)
    return mark
