"""Accounts: login dialog, staff dialog."""
