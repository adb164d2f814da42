"""Alert zone and region labels (region, zone, availability_zone, cluster, or the policy's own
region_labels) become the record's impact.regions, from every alert of the group."""

from __future__ import annotations

import json
from pathlib import Path

from responder import team_repo

from conftest import REPO, CliRunner, GitRepo

AM = REPO / "tests/data/real/alertmanager-webhook/payload.json"
GRAFANA = REPO / "tests/data/alerts/grafana-webhook/payload.json"  # zones us-1 and eu-1
ALERTS = (
    "schema_version: 1\ntype: outage\nservice_labels: [job]\nservices: {http_checks: checkout}\n"
)
NEW = "incidents/INC-2026-0002/incident.yaml"


def _repo(git_repo: GitRepo, alerts: str = ALERTS) -> GitRepo:
    team_repo(git_repo)
    git_repo.commit("alert routing", {"schemas/alerts.yaml": alerts})
    return git_repo


def _am(tmp: Path, name: str, labels: list[dict[str, str]], status: str = "firing") -> Path:
    doc = json.loads(AM.read_text())
    first = doc["alerts"][0]
    doc["status"] = status
    doc["alerts"] = [
        {**first, "labels": {**first["labels"], **extra}, "fingerprint": f"f{n}"}
        for n, extra in enumerate(labels)
    ]
    out = tmp / f"{name}.json"
    out.write_text(json.dumps(doc))
    return out


def declare(cli: CliRunner, repo: GitRepo, payload: Path, at: str) -> tuple[int, list[str]]:
    run = cli("declare", "--from-alert", payload, "--at", at, "--by", "alice", "--repo", repo.path)
    return run.code, (run.out + run.err).splitlines()


def test_grafanas_zones_of_every_alert_become_impact_regions(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, GRAFANA, "2026-03-02T10:00:00Z")[0] == 0
    assert "\nimpact:\n  regions: [us-1, eu-1]\ntimeline:\n" in (repo.path / NEW).read_text()
    assert cli("validate", "--repo", repo.path).code == 0


def test_region_zone_and_cluster_labels_map_through_the_policy(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo, ALERTS + "regions:\n  us-east-1: virginia\n")
    payload = _am(repo.path.parent, "am", [
        {"region": "us-east-1", "availability_zone": "us-east-1a"},
        {"region": "us-east-1", "cluster": "Prod EU/1", "zone": "🚀"},  # no slug: skipped
    ])  # fmt: skip
    assert declare(cli, repo, payload, "2026-03-02T10:00:00Z")[0] == 0
    text = (repo.path / NEW).read_text()
    assert "impact:\n  regions: [virginia, us-east-1a, prod-eu-1]\n" in text
    assert cli("validate", "--repo", repo.path).code == 0


def test_the_policys_region_labels_replace_the_defaults(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = _repo(git_repo, ALERTS + "region_labels: [dc]\n")
    payload = _am(repo.path.parent, "am", [{"dc": "fra2", "region": "us-east-1"}])
    assert declare(cli, repo, payload, "2026-03-02T10:00:00Z")[0] == 0
    assert "impact:\n  regions: [fra2]\n" in (repo.path / NEW).read_text()


def test_no_region_label_no_impact_block(cli: CliRunner, git_repo: GitRepo) -> None:
    repo = _repo(git_repo)
    assert declare(cli, repo, AM, "2026-03-02T10:00:00Z")[0] == 0
    assert "impact" not in (repo.path / NEW).read_text()


def test_a_later_delivery_naming_a_new_region_writes_it_to_impact_regions(
    cli: CliRunner, git_repo: GitRepo
) -> None:
    repo = _repo(git_repo)
    tmp = repo.path.parent
    assert declare(cli, repo, _am(tmp, "one", [{"zone": "eu-1"}]), "2026-03-02T10:00:00Z")[0] == 0
    repo.commit("declared")
    later = _am(tmp, "two", [{"zone": "eu-1"}, {"zone": "eu-2"}], status="resolved")
    code, out = declare(cli, repo, later, "2026-03-02T10:30:00Z")
    assert code == 0
    assert "  added eu-2 to impact.regions" in out
    text = (repo.path / NEW).read_text()
    assert "impact:\n  regions: [eu-1, eu-2]\n" in text
    assert cli("validate", "--repo", repo.path).code == 0
    repo.commit("resolved")
    assert cli("check", "--base", "HEAD~1", "--repo", repo.path).code == 0
