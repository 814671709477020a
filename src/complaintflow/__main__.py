"""``python -m complaintflow``: the command line (see `complaintflow._cli`)."""

from complaintflow._cli import main

raise SystemExit(main())
