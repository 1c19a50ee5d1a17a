"""Use cases on top of the store and archive: what the UI (and the CLI) call. No Qt here."""
