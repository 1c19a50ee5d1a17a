"""The case list desk: main window, case table model, state dialog."""
