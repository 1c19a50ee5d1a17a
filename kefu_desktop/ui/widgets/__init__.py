"""Widgets shared by several desks: evidence gallery, error dialogs, photos waiting for the archive."""
