"""kefu-desktop — the after-sales (售后) desktop for online shops."""

__version__ = "0.1.0"
APP_NAME = "kefu-desktop"
APP_TITLE = "售后工作台"
