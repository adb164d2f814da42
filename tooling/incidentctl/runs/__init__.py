"""Stage 5, runs. Takes a repository and a command's options; gives the command's result value.

One module per command (``validate``, ``check``, ``audit``, ``transition``; the responder
commands join them here), plus what runs share: the warm ``cache``, ``parallel`` workers and
the ``writer`` that edits files atomically. Runs do I/O and call the pure stages; they never
print (``reporters`` and ``cli`` do).
"""
