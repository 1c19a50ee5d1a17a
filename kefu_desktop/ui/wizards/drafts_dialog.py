"""On start: offer the agent's unfinished wizards for resuming (or discarding)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.services.auth import User
from kefu_desktop.services.wizard import DraftView
from kefu_desktop.ui.generated.ui_wizard_drafts import Ui_ResumeDraftsDialog
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.wizards.case_wizard import CaseWizard, wizard_for_draft

DRAFT_ROLE = Qt.ItemDataRole.UserRole


def draft_title(draft: DraftView) -> str:
    """One line naming a draft: kind, customer, case number, when last saved."""
    customer = draft.answers.get("customer_id") or "（未填买家ID）"
    case = f"  {draft.case_no}" if draft.case_no else ""
    action = "继续处理" if draft.continuing else "新建"
    return (
        f"{action}「{draft.kind.label}」  买家 {customer}{case}  "
        f"保存于 {format_local(draft.updated_at)}"
    )


class ResumeDraftsDialog(QDialog):
    """Lists the agent's drafts; `chosen` is the draft to resume when accepted."""

    def __init__(self, user: User, drafts: list[DraftView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ResumeDraftsDialog()
        self.ui.setupUi(self)
        self.user = user
        self.chosen: DraftView | None = None
        for draft in drafts:
            item = QListWidgetItem(draft_title(draft))
            item.setData(DRAFT_ROLE, draft)
            self.ui.draftList.addItem(item)
        self.ui.draftList.setCurrentRow(0)
        self.ui.draftList.itemActivated.connect(lambda _item: self.resume())
        self.ui.resumeButton.clicked.connect(self.resume)
        self.ui.discardButton.clicked.connect(self.discard)
        self.ui.laterButton.clicked.connect(self.reject)

    def _current(self) -> DraftView | None:
        item = self.ui.draftList.currentItem()
        if item is None:
            return None
        draft = item.data(DRAFT_ROLE)
        return draft if isinstance(draft, DraftView) else None

    def resume(self) -> None:
        self.chosen = self._current()
        if self.chosen is not None:
            self.accept()

    def discard(self) -> None:
        draft = self._current()
        if draft is None:
            return
        answer = QMessageBox.question(
            self,
            "放弃草稿",
            f"确定放弃这个草稿吗？\n{draft_title(draft)}\n（已存入档案的照片会保留）",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            wizard_service.discard_draft(self.user, draft.id)
        except KefuError as error:
            show_problem(self, error)
            return
        self.ui.draftList.takeItem(self.ui.draftList.currentRow())
        if self.ui.draftList.count() == 0:
            self.reject()


def offer_drafts(user: User, parent: QWidget | None = None) -> CaseWizard | None:
    """At start: if `user` has unfinished wizards, ask which to resume; its wizard, or None."""
    drafts = wizard_service.list_drafts(user)
    if not drafts:
        return None
    dialog = ResumeDraftsDialog(user, drafts, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    return wizard_for_draft(user, dialog.chosen, parent)
