"""Views the menus open as tabs of the main window: made on first use, refreshed after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

View = TypeVar("View", bound=QWidget)


def show_view_tab(
    window: Any, attribute: str, title: str | Callable[[View], str], make: Callable[[], View]
) -> View:
    """Show the view kept in `window.<attribute>` as a tab of `window.view_tabs`.

    The first time, `make()` builds it (connecting its signals) and it is added as a tab titled
    `title` (or `title(view)`); later it is refreshed, so reopening shows current rows.
    """
    view: View | None = getattr(window, attribute, None)
    if view is None:
        view = make()
        setattr(window, attribute, view)
        window.view_tabs.addTab(view, title if isinstance(title, str) else title(view))
    else:
        view.refresh()  # type: ignore[attr-defined]  (every tab view has one)
    window.view_tabs.setCurrentWidget(view)
    return view
