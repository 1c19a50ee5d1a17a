"""One QWizard per kind; the domain flow decides the pages, the service saves every page."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox, QToolTip, QWidget, QWizard

from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.flows import Outcome, StepMode, flow_for
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail
from kefu_desktop.services.wizard import DraftView
from kefu_desktop.ui.widgets.errors import offer_reload, show_problem
from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery
from kefu_desktop.ui.widgets.keyboard import save_shortcut, tab_leaves_within, tab_moves_on_within
from kefu_desktop.ui.wizards.pages import EvidencePage, IntakePage, OutcomePage, QuestionPage

log = logging.getLogger("kefu.ui.wizard")

INTAKE_ID = 0
EVIDENCE_ID = 1
OUTCOME_ID = 99
FIRST_STEP_ID = 10


class CaseWizard(QWizard):
    """A case wizard of one kind, new or resumed from a draft (which may continue a case)."""

    kind: CaseKind = CaseKind.WRONG_SHIPMENT

    def __init__(self, user: User, draft: DraftView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.user = user
        self.flow = flow_for(self.kind)
        self.setWindowTitle(f"新建售后单 — {self.kind.label}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步(&N) >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步(&B)")
        self.setButtonText(QWizard.WizardButton.FinishButton, "保存售后单(&S)")
        self.setButtonText(QWizard.WizardButton.CancelButton, "关闭")
        self.resize(760, 560)
        if draft is None:
            draft = wizard_service.start_draft(user, self.kind)
        self.draft = draft
        self.answers: dict[str, Any] = dict(draft.answers)
        self.saved_case: CaseDetail | None = None
        self._replaying = False

        self.intake_page = IntakePage()
        self.gallery = EvidenceGallery(user)
        self.evidence_page = EvidencePage(self.gallery)
        self.outcome_page = OutcomePage()
        self.setPage(INTAKE_ID, self.intake_page)
        self.setPage(EVIDENCE_ID, self.evidence_page)
        self.step_pages: dict[str, QuestionPage] = {}
        self.page_ids: dict[str, int] = {
            wizard_service.INTAKE_STEP: INTAKE_ID,
            wizard_service.EVIDENCE_STEP: EVIDENCE_ID,
            wizard_service.OUTCOME_STEP: OUTCOME_ID,
        }
        for offset, step_id in enumerate(self.flow.asked_steps()):
            page = QuestionPage(self.flow.steps[step_id])
            self.step_pages[step_id] = page
            self.page_ids[step_id] = FIRST_STEP_ID + offset
            self.setPage(FIRST_STEP_ID + offset, page)
        self.setPage(OUTCOME_ID, self.outcome_page)
        self.intake_page.load(self.answers)
        tab_moves_on_within(self)
        tab_leaves_within(self)
        save_shortcut(self, self.save_now)
        if draft.case_id is not None:
            self._show_case_photos()
            if draft.continuing:
                self.setWindowTitle(f"继续处理 {draft.case_no} — {self.kind.label}")

    # --- where to go -------------------------------------------------------------------------

    def _live_answers(self) -> dict[str, Any]:
        """The answers with what the current question page shows right now."""
        page = self.currentPage()
        if isinstance(page, QuestionPage):
            values, _problems = wizard_service.check_step(self.kind, page.step_id, page.raw())
            return {**self.answers, **{k: v for k, v in values.items() if k not in _problems}}
        return self.answers

    def step_after(self, step_id: str, answers: dict[str, Any]) -> str:
        """The step that follows `step_id` for these answers (a flow step or 'outcome')."""
        decision = wizard_service.decide(self.kind, wizard_service.with_context(self.kind, answers))
        asked = [
            entry["step"]
            for entry in decision.path
            if self.flow.steps[entry["step"]].mode != StepMode.EXTERNAL
        ]
        if step_id in asked:
            later = asked[asked.index(step_id) + 1 :]
        elif step_id in (wizard_service.INTAKE_STEP, wizard_service.EVIDENCE_STEP):
            later = asked
        else:
            later = []
        if later:
            return str(later[0])
        if decision.next_step is not None:
            return decision.next_step
        return wizard_service.OUTCOME_STEP

    def nextId(self) -> int:
        current = self.currentId()
        if current == INTAKE_ID:
            return EVIDENCE_ID
        if current == OUTCOME_ID:
            return -1
        page = self.currentPage()
        step_id = page.step_id if isinstance(page, QuestionPage | EvidencePage) else ""
        return self.page_ids[self.step_after(step_id, self._live_answers())]

    # --- pages report in ---------------------------------------------------------------------

    def intake_done(self, values: dict[str, Any]) -> bool:
        """The intake is valid: open or update the case, save the draft."""
        self.answers.update(values)
        if self._replaying and self.draft.case_id is not None:
            return True
        try:
            self.draft = wizard_service.save_intake(self.user, self.draft.id, values)
        except StaleRecord as error:
            self.reload_after_stale(error)
            return False
        except KefuError as error:
            show_problem(self, error)
            return False
        self.answers = {**self.draft.answers, **self.answers}
        self._show_case_photos()
        return True

    def _show_case_photos(self) -> None:
        if self.gallery.case_id != self.draft.case_id:
            self.gallery.set_case(self.draft.case_id, str(self.answers.get("customer_id", "")))

    def page_done(self, step_id: str, values: dict[str, Any]) -> bool:
        """A page was answered: keep its answers and save the draft at the next step."""
        self.answers.update(values)
        if self._replaying:
            return True
        try:
            wizard_service.save_draft(
                self.user, self.draft.id, self.step_after(step_id, self.answers), self.answers
            )
        except KefuError as error:
            show_problem(self, error)
            return False
        return True

    def outcome(self) -> Outcome:
        """What the case will end with, for the outcome page."""
        answers = wizard_service.with_context(self.kind, self.answers)
        decision = wizard_service.decide(self.kind, answers)
        if decision.outcome is None:
            raise KefuError("还有问题未回答，请返回上一步。")
        return decision.outcome

    def finish(self) -> bool:
        """Save the case; the draft goes away."""
        try:
            self.saved_case = wizard_service.finish(self.user, self.draft.id, self.answers)
        except StaleRecord as error:
            self.reload_after_stale(error)
            return False
        except KefuError as error:
            show_problem(self, error, "售后单未保存")
            return False
        return True

    def reload_after_stale(self, error: StaleRecord) -> None:
        """A colleague saved the case meanwhile: say who and when; on 重新载入 their version
        becomes the base and every answer typed here stays for the next save."""
        if not offer_reload(self, error):
            return
        try:
            detail = wizard_service.reload_case(self.user, self.draft.id)
        except KefuError as problem:
            show_problem(self, problem)
            return
        self.answers[wizard_service.SEEN_VERSION_KEY] = detail.version
        QMessageBox.information(
            self,
            "已重新载入",
            f"已载入售后单 {detail.case_no} 的最新内容（当前状态：{detail.state.label}）。\n"
            "你在向导里填写的内容都还在，请核对后再保存。",
        )

    # --- resuming ----------------------------------------------------------------------------

    def resume(self) -> None:
        """Walk forward through the answered pages to where the draft stood (Back still works)."""
        target = self.page_ids.get(self.draft.step, INTAKE_ID)
        self._replaying = True
        try:
            for _ in range(len(self.page_ids) + 2):
                if self.currentId() in (target, OUTCOME_ID):
                    break
                before = self.currentId()
                self.next()
                if self.currentId() == before:
                    break
        finally:
            self._replaying = False

    # --- leaving -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Closing asks: keep the draft for later, discard it, or stay."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("关闭向导")
        box.setText("已填写的内容和照片都已保存为草稿。")
        box.setInformativeText("保留草稿，下次启动时可继续；或放弃该草稿？")
        keep = box.addButton("保留草稿", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("放弃草稿", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("继续填写", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is keep:
            self._save_position()
        elif clicked is discard:
            try:
                wizard_service.discard_draft(self.user, self.draft.id)
            except KefuError as error:
                show_problem(self, error)
                return
        else:
            return
        self.gallery.shutdown()
        super().reject()

    def save_now(self) -> bool:
        """Ctrl+S: keep what this page holds. The intake is checked and opens the case, a
        question's answers go into the draft, and on the outcome page the case is saved."""
        page = self.currentPage()
        if page is self.outcome_page:
            self.button(QWizard.WizardButton.FinishButton).click()
            return self.saved_case is not None
        if page is self.intake_page:
            if not self.intake_page.validatePage():
                return False
        elif isinstance(page, QuestionPage):
            values, problems = wizard_service.check_step(self.kind, page.step_id, page.raw())
            self.answers.update({k: v for k, v in values.items() if k not in problems})
        self._save_position()
        QToolTip.showText(
            self.mapToGlobal(self.rect().center()), "已保存草稿，关闭后下次启动可继续。", self
        )
        return True

    def _save_position(self) -> None:
        page = self.currentPage()
        step = getattr(page, "step_id", wizard_service.INTAKE_STEP)
        try:
            wizard_service.save_draft(self.user, self.draft.id, step, self.answers)
        except KefuError:
            log.warning("could not save the draft position", exc_info=True)

    def keep_draft(self) -> bool:
        """Save the draft as the wizard stands, the intake as typed (checked or not), after an
        unexpected error elsewhere; False when it could not be saved."""
        if self.saved_case is not None:
            return True
        page = self.currentPage()
        answers = dict(self.answers)
        step = getattr(page, "step_id", wizard_service.INTAKE_STEP)
        if page is self.intake_page:
            answers.update(self.intake_page.raw())
        elif isinstance(page, QuestionPage):
            values, problems = wizard_service.check_step(self.kind, page.step_id, page.raw())
            answers.update({k: v for k, v in values.items() if k not in problems})
        try:
            wizard_service.save_draft(self.user, self.draft.id, step, answers)
        except Exception:  # the error being reported may be the database's own
            log.warning("could not save the draft after an error", exc_info=True)
            return False
        return True

    def done(self, result: int) -> None:
        if result == QWizard.DialogCode.Accepted:
            self.gallery.shutdown()
        super().done(result)


class WrongShipmentWizard(CaseWizard):
    """发错货: photo check, warehouse stub and weight, then exchange, refund or the extra goods."""

    kind = CaseKind.WRONG_SHIPMENT


class DamagedParcelWizard(CaseWizard):
    """破包: refused, signed with items missing, or contents damaged."""

    kind = CaseKind.DAMAGED_PARCEL


class QualityWizard(CaseWizard):
    """质量问题: within 3 days and unworn, late or worn, or the customer's fault."""

    kind = CaseKind.QUALITY


class OrderChangeWizard(CaseWizard):
    """订单变更: withdraw or change an order by its state, or a special shipping request."""

    kind = CaseKind.ORDER_CHANGE


class LogisticsWizard(CaseWizard):
    """物流问题: undeliverable or problem parcel, misdelivered, lost, broken by the courier."""

    kind = CaseKind.LOGISTICS


WIZARD_CLASSES: dict[CaseKind, type[CaseWizard]] = {
    CaseKind.WRONG_SHIPMENT: WrongShipmentWizard,
    CaseKind.DAMAGED_PARCEL: DamagedParcelWizard,
    CaseKind.QUALITY: QualityWizard,
    CaseKind.ORDER_CHANGE: OrderChangeWizard,
    CaseKind.LOGISTICS: LogisticsWizard,
}


def wizard_for_draft(user: User, draft: DraftView, parent: QWidget | None = None) -> CaseWizard:
    """The wizard of a saved draft, walked forward to where it stood."""
    wizard = WIZARD_CLASSES[draft.kind](user, draft, parent)
    wizard.restart()
    wizard.resume()
    return wizard


def new_case_wizard(user: User, kind: CaseKind, parent: QWidget | None = None) -> CaseWizard:
    """A wizard for a new case of `kind` (its draft is saved from the start)."""
    wizard = WIZARD_CLASSES[kind](user, None, parent)
    wizard.restart()
    return wizard


def continue_case_wizard(user: User, case_id: int, parent: QWidget | None = None) -> CaseWizard:
    """Re-enter a waiting case at the right step; `KefuError` while it still waits on others."""
    return wizard_for_draft(user, wizard_service.continue_case(user, case_id), parent)
