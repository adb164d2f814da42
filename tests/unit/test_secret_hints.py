"""Every kind of secret detect-secrets can find reaches it through the cheap pre-filter.

``rules.secrets`` hands a line to detect-secrets only when a hint word, a number shape or a
token shape marks it (detect-secrets costs 0.2 s to import). A detector whose secrets carry
none of them was never run: an Azure storage key, a Discord or Telegram bot token, a Twilio,
Mailchimp or OpenAI key passed ``validate``. Here each detector detect-secrets runs for us has a
sample, and each sample must pass the pre-filter and be found; a detector detect-secrets adds
later fails the first test until it has a sample (and, if needed, a hint).
"""

from __future__ import annotations

import re

import pytest
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.keyword import DENYLIST

from incidentctl.rules import detectors, secrets

_40 = "a1B2c3D4e5" * 4
SAMPLES = {
    "AWS Access Key": "key AKIAIOSFODNN7EXAMPLQ in the log",
    "Artifactory Credentials": "found AKCp8kqX4vfa2Bxw9mUe7cLr3t in the log",
    "Azure Storage Account access key": "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey="
    + "lJzRc1YdHaAA" * 7
    + "8j8rQ==",
    "Basic Auth Credentials": "https://admin:hunter2pass@db.internal/",
    "Cloudant Credentials": 'cl_pw = "' + "0123456789abcdef" * 4 + '"',
    "Discord Bot Token": "the bot used MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
    "GitHub Token": "ghp_" + _40[:36],
    "GitLab Token": "glpat-x1Y2z3W4v5U6t7S8r9Q0",
    "IBM COS HMAC Credentials": 'cos_hmac_secret_access_key = "' + "1a2b3c4d5e6f" * 4 + '"',
    "IBM Cloud IAM Key": "ibm_cloud_iam_key = " + _40 + "f6G7",
    "JSON Web Token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3",
    "Mailchimp Access Key": "leaked 0123456789abcdef0123456789abcdef-us12 in a paste",
    "NPM tokens": "//registry.npmjs.org/:_authToken=npm_" + _40[:36],
    "OpenAI Token": "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",
    "Private Key": "BEGIN OPENSSH PRIVATE KEY",
    "PyPI Token": "pypi-AgEIcHlwaS5vcmc" + _40 * 2,
    "Secret Keyword": 'contrasena = "hunter2hunter2"',
    "SendGrid API Key": "SG.a1B2c3D4e5F6g7H8i9J0k1.a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1v",
    "Slack Token": "xoxb-123456789012-abcdefghijk",
    "SoftLayer Credentials": 'sl_api_key = "' + "0123456789abcdef" * 4 + '"',
    "Square OAuth Secret": "sq0csp-a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1v",
    "Stripe Access Key": "sk_live_a1B2c3D4e5F6g7H8i9J0k1L2",
    "Telegram Bot Token": "bot 1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1 in the log",
    "Twilio API Key": "leaked AC0123456789abcdef0123456789abcdef in a paste",
}


def test_every_detector_we_run_has_a_sample() -> None:
    running = set(get_mapping_from_secret_type_to_class()) - detectors._SKIPPED_DETECTORS
    assert set(SAMPLES) == running


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_kind_passes_the_pre_filter_and_is_found(kind: str) -> None:
    line = SAMPLES[kind]
    assert secrets._candidate(line)
    assert kind in {found for found, _ in detectors._detectors(line)}


@pytest.mark.parametrize("word", DENYLIST)
def test_every_word_the_keyword_detector_knows_is_a_hint(word: str) -> None:
    for spelling in {re.sub(r"_\?", "", word), re.sub(r"_\?", "_", word)}:
        assert any(hint in spelling.lower() for hint in secrets._HINTS), spelling


def test_an_azure_storage_key_in_a_record_is_reported() -> None:
    text = f"summary: Found {SAMPLES['Azure Storage Account access key']} in the log\n"
    found = secrets.scan(text, "incidents/INC-2026-0001/incident.yaml", secrets.Allow())
    assert [(f.line, f.col, f.rule_id) for f in found] == [
        (1, 64, "secret.credential"),
        (1, 75, "secret.password"),
    ]
