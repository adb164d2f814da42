from incidentctl.cli import main

raise SystemExit(main())
