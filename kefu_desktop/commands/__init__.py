"""Subcommands of `kefu-desktop`; each module has `register(subparsers)`."""
