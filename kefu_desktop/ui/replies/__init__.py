"""话术: the panel beside the case (search, copy with Ctrl+Shift+C) and the supervisor's editor."""
