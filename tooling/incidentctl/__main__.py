"""``python -m incidentctl``: the same command as the ``incidentctl`` script."""

from incidentctl.cli import main

raise SystemExit(main())
