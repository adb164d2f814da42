"""Stage 2, policy. Takes the policy files' bytes; gives one ``Policy`` value and its findings.

``files`` is the one table of policy files (name, model, field, schema) and reads their
bytes without importing a model, so the warm cache can fingerprint them cheaply; ``load``
parses them over the built-in ``defaults/``; ``value`` is the policy with the lookups rules
need; ``lifecycle`` is the pure state machine; ``schema`` exports the JSON Schemas.
"""
