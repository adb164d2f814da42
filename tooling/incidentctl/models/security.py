"""A security case's own facts, after NIST SP 800-61 (pure).

Indicators of compromise (an IP, a domain, a hash, a path are evidence, not secrets: the secret
and personal-data scan leaves a well-formed indicator value alone), evidence and its chain of
custody as pointers (never the evidence itself), who was told and under which obligation, and
NIST's impact categories (SP 800-61 Rev. 2, tables 3-2 to 3-4).
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from incidentctl.models.base import Line, Name, Person, StrictModel, Text, Timestamp


class IndicatorType(StrEnum):
    IP = "ip"
    CIDR = "cidr"
    DOMAIN = "domain"
    URL = "url"
    EMAIL = "email"
    HASH = "hash"
    FILE_PATH = "file_path"
    FILE_NAME = "file_name"
    USER_AGENT = "user_agent"
    ACCOUNT = "account"
    PROCESS = "process"
    REGISTRY_KEY = "registry_key"
    OTHER = "other"


_DOMAIN = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?"
)
_HASH = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}")
_EMAIL = re.compile(r"[^@\s]{1,64}@" + _DOMAIN.pattern)


def refanged(value: str) -> str:
    """An indicator as published defanged (``potrax[.]com``, ``hxxps://``) made whole again."""
    for defanged, plain in (("[.]", "."), ("(.)", "."), ("[:]", ":"), ("[@]", "@")):
        value = value.replace(defanged, plain)
    return re.sub(r"^hxxp", "http", value, flags=re.IGNORECASE)


def _well_formed(kind: IndicatorType, value: str) -> bool:
    """Whether ``value`` has the shape its type says (types without one accept any line).

    A defanged value (``potrax[.]com``) is judged as the value it stands for, and kept as
    written: defanging is how indicators are published, so no one follows them by accident.
    """
    value = refanged(value)
    if kind is IndicatorType.IP:
        return _parses(ipaddress.ip_address, value)
    if kind is IndicatorType.CIDR:
        return _parses(lambda v: ipaddress.ip_network(v, strict=False), value)
    pattern = {
        IndicatorType.DOMAIN: _DOMAIN, IndicatorType.HASH: _HASH, IndicatorType.EMAIL: _EMAIL,
    }.get(kind)  # fmt: skip
    return pattern is None or pattern.fullmatch(value) is not None


def _parses(parse: object, value: str) -> bool:
    try:
        parse(value)  # type: ignore[operator]
    except ValueError:
        return False
    return True


class Indicator(StrictModel):
    type: IndicatorType
    value: Line
    description: Text | None = None
    first_seen: Timestamp | None = None
    last_seen: Timestamp | None = None

    @model_validator(mode="after")
    def _shaped(self) -> Indicator:
        if not _well_formed(self.type, self.value):
            raise PydanticCustomError(
                "schema.type",
                "the value is not a well-formed {kind} indicator; fix it or use type: other",
                {"kind": self.type.value},
            )
        return self


class Handover(StrictModel):
    """One link in the chain of custody."""

    to: Name = Field(description="Who received it: a handle, a team or an outside party.")
    at: Timestamp
    by: Person | None = None
    reference: Line | None = Field(
        None, description="What it was filed under: an exhibit, a receipt, a case number."
    )
    notes: Text | None = None


class Evidence(StrictModel):
    """A pointer to evidence: where it is kept and who holds it, never the content."""

    description: Text
    location: Line = Field(description="Where it is stored (a locker, a bucket, a case file).")
    custodian: Name
    collected_at: Timestamp | None = None
    collected_by: Person | None = None
    sha256: Line | None = None
    custody: list[Handover] = Field([], description="Every handover since it was collected.")


class Obligation(StrEnum):
    REGULATOR = "regulator"
    CUSTOMERS = "customers"
    LAW_ENFORCEMENT = "law_enforcement"
    DATA_SUBJECTS = "data_subjects"
    PARTNERS = "partners"
    INSURER = "insurer"
    CERT = "cert"
    INTERNAL = "internal"
    OTHER = "other"


class Notification(StrictModel):
    """Who was (or must be) told, under which obligation, and when."""

    party: Name = Field(description="e.g. 'ICO', 'affected customers', 'FBI field office'.")
    obligation: Obligation
    due_at: Timestamp | None = None
    sent_at: Timestamp | None = None
    by: Person | None = None
    reference: Line | None = Field(None, description="A case or filing number.")
    waived: Text | None = Field(None, description="Why it was not (or need not be) sent.")
    notes: Text | None = None


class FunctionalImpact(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class InformationImpact(StrEnum):
    NONE = "none"
    PRIVACY_BREACH = "privacy_breach"
    PROPRIETARY_BREACH = "proprietary_breach"
    INTEGRITY_LOSS = "integrity_loss"


class RecoverabilityImpact(StrEnum):
    REGULAR = "regular"
    SUPPLEMENTED = "supplemented"
    EXTENDED = "extended"
    NOT_RECOVERABLE = "not_recoverable"


class NistImpact(StrictModel):
    """NIST SP 800-61 Rev. 2's impact categories; information may name several kinds."""

    functional: FunctionalImpact | None = None
    information: list[InformationImpact] = []
    recoverability: RecoverabilityImpact | None = None


class Security(StrictModel):
    indicators: list[Indicator] = []
    evidence: list[Evidence] = []
    notifications: list[Notification] = []
    nist_impact: NistImpact | None = None
    attack_vector: Name | None = Field(None, description="e.g. 'web', 'email', 'supply chain'.")
