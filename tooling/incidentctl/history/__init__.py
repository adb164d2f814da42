"""Stage 4, history. Takes commits; gives what changed and whether a change was allowed.

``git`` is the one git boundary (the only GitPython user) and returns plain values; ``plan``
turns a log into what each commit did to each incident folder (``touched_folders`` is shared
with ``check``); ``compare`` is the pure rule set on two versions of a record (``history.*``),
on ``entries``, which pairs the timeline entries of the two (a refined time keeps an entry's
identity); ``results`` holds the audit's values and each incident's trail.
"""
