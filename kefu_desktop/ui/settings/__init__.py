"""文件 → 设置…: this computer's and the office's settings."""
