"""The built-in policy: one YAML file per concern, read when a repository has none of its own."""
