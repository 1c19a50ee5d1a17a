"""The supervisor desk: approval requests."""
