"""The shop's after-sales rules as plain data and functions (stdlib only)."""
