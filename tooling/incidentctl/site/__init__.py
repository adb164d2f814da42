"""Stage site, the learning archive. Takes the validated archive; gives MkDocs pages.

``collect`` (edge) loads and validates the archive with the loader and the rules, keeping only
what passed; ``pages`` and its helpers (pure) turn those values into ``GeneratedPage``s, with
contributor text escaped or sanitized (``sanitize``); ``layout`` (pure) says which layouts may
be built and what of the archive's folders in ``docs/`` is published; ``staging`` (edge) writes
only what may be published into the directory MkDocs reads; ``search`` (pure) prebuilds the search index our
worker loads; ``plugin`` is the thin MkDocs adapter and ``scan`` the post-build check that no
unpublished incident's id or title reached the output.
"""
