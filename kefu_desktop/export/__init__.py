"""Excel workbooks for management, written with openpyxl from plain data (no Qt, no database)."""
