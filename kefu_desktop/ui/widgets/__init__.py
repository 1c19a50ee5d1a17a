"""Widgets shared by several desks: evidence gallery, error dialogs."""
