from kefu_desktop.cli import main

raise SystemExit(main())
