"""报表 menu: registers view, monthly export dialog."""
