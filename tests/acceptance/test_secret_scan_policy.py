"""The secret scan's allowlist lives in the policy (schemas/secrets.yaml, issue #11): read on a
cold run, seen by a warm one when it changes, and documented by an example that works."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, CliRunner
from incidentctl.load.records import parse_yaml
from incidentctl.models.policy import SecretScanPolicy
from incidentctl.policy.defaults import __name__ as DEFAULTS
from incidentctl.rules.check import _allow

REC = "incidents/INC-2026-0003/incident.yaml"
MESSAGE = (
    "pii.email an e-mail address outside the allowlist; use a name, or add a vendor's public"
    " address to email_allowlist in schemas/secrets.yaml"
)


def test_a_vendor_address_passes_once_the_policy_lists_it_even_on_a_warm_run(
    cli: CliRunner, archive: Path
) -> None:
    record = archive / REC
    text = record.read_text()
    assert "\ntitle: " in text
    record.write_text(
        text.replace("\ntitle: ", "\ntitle: Reported to noc@probe-vendor.example - ", 1)
    )
    run = cli("validate", "--repo", archive)
    summary = "failed: 44 files checked, 1 error, 0 warnings"
    assert (run.code, run.out, run.err) == (1, f"{REC}:4:20: {MESSAGE}\n{summary}\n", "")

    policy = archive / "schemas/secrets.yaml"
    allowed = policy.read_text().replace(
        "email_allowlist:\n", "email_allowlist:\n  - noc@probe-vendor.example\n", 1
    )
    policy.write_text(allowed)
    run = cli("validate", "--repo", archive)  # the first run's cache must not answer
    assert (run.code, run.out, run.err) == (0, "ok: 44 files checked, no problems\n", "")


def test_the_documented_example_is_a_valid_policy_that_does_what_it_says() -> None:
    page = (REPO / "docs/maintainers/configuration.md").read_text()
    section = page.split("## The secret scan's allowlist", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    _, model, findings = parse_yaml(block.encode(), "secrets.yaml", SecretScanPolicy)
    assert (findings, model is not None) == ([], True)
    assert model is not None
    allow = _allow(tuple(model.email_allowlist), tuple(model.allow_patterns))
    assert allow.email("security@payments-vendor.example")
    assert not allow.email("jane@payments-vendor.example")
    assert allow.email("noc@eu.cdn-vendor.example")
    assert allow.value("AKIAIOSFODNN7EXAMPLE")
    assert not allow.value("AKIAIOSFODNN7EXAMPLF")


def test_the_built_in_default_accepts_the_documentation_domains_only() -> None:
    from importlib import resources

    raw = resources.files(DEFAULTS).joinpath("secrets.yaml").read_bytes()
    _, model, findings = parse_yaml(raw, "secrets.yaml", SecretScanPolicy)
    assert findings == []
    assert model is not None
    assert (model.email_allowlist, model.allow_patterns) == (
        ["example.com", "example.org", "example.net"],
        [],
    )
