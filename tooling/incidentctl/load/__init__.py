"""Stage 1, load. Takes bytes from a ``Source``; gives documents (model plus positions) and findings.

Everything that reads a file lives here: where bytes come from (``sources``: the working
tree, a commit's objects, an in-memory map), the strict YAML loader (``yaml``), front matter,
pydantic errors placed at ``line:col`` (``positions``), the parsed values (``documents``), one
incident folder or playbook read and parsed (``records``) and what is in the archive at all
(``discovery``). It runs no rule: what a file *says* is judged in ``rules``.
"""
