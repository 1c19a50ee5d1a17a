"""The pages of a case wizard: intake, evidence, one page per flow step, outcome."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizardPage,
)

from kefu_desktop.domain.couriers import COURIERS
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.flows import Field, FieldType, Outcome, Step
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.ui.care.customer_notice import CustomerNoticeLabel
from kefu_desktop.ui.generated.ui_wizard_evidence import Ui_WizardEvidence
from kefu_desktop.ui.generated.ui_wizard_intake import Ui_WizardIntake
from kefu_desktop.ui.generated.ui_wizard_outcome import Ui_WizardOutcome
from kefu_desktop.ui.generated.ui_wizard_question import Ui_WizardQuestion
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery
from kefu_desktop.ui.widgets.waybill_field import WaybillField

if TYPE_CHECKING:
    from kefu_desktop.ui.wizards.case_wizard import CaseWizard

ERROR_STYLE = "color: #c62828;"
QT_ASKED_AT = "yyyy-MM-dd HH:mm"
NOTICE_DELAY_MS = 150
"""The customer's recent cases are looked up once typing or pasting pauses this long."""


class _Page(QWizardPage):
    step_id = ""

    def case_wizard(self) -> CaseWizard:
        from kefu_desktop.ui.wizards.case_wizard import CaseWizard

        owner = self.wizard()
        assert isinstance(owner, CaseWizard)
        return owner


class _ScannerEnter(QObject):
    """Enter in the waybill field (what a scanner types last) moves to the next field."""

    def __init__(self, page: IntakePage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.page.waybill_scanned()
            return True
        return False


class IntakePage(_Page):
    """Customer, order, waybill and courier, goods, when the customer first asked."""

    step_id = wizard_service.INTAKE_STEP
    FIELDS: ClassVar[dict[str, str]] = {
        "customer_id": "customer",
        "order_no": "order",
        "waybill_no": "waybill",
        "courier": "courier",
        "sku": "sku",
        "colour": "colour",
        "size": "size",
        "quantity": "quantity",
        "batch": "batch",
        "asked_at": "askedAt",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("基本信息")
        self.ui = Ui_WizardIntake()
        self.ui.setupUi(self)
        self.ui.courierCombo.addItem("（请选择）", "")
        for courier in COURIERS:
            self.ui.courierCombo.addItem(courier.name, courier.code)
        self.ui.askedAtEdit.setDateTime(QDateTime.currentDateTime())
        self.replied_check = QCheckBox("已首次回复客户（勾选时记下此刻为首次回复时间）")
        self.replied_check.setObjectName("repliedCheck")
        self.replied_check.toggled.connect(self._replied_toggled)
        self.ui.grid.addWidget(self.replied_check, self.ui.grid.rowCount(), 1, 1, 2)
        self.replied_at = ""
        """When the agent ticked 已首次回复 (local 'yyyy-MM-dd HH:mm:ss'), '' when not ticked."""
        self.customer_notice = CustomerNoticeLabel(self)
        self.ui.mainLayout.insertWidget(1, self.customer_notice)
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_DELAY_MS)
        self._notice_timer.timeout.connect(
            lambda: self.customer_notice.show_for(
                self.case_wizard().user, self.ui.customerEdit.text()
            )
        )
        self.ui.customerEdit.textChanged.connect(lambda _text: self._notice_timer.start())
        self.waybill_field = WaybillField(self.ui.waybillEdit, self.ui.courierCombo)
        self.ui.waybillEdit.installEventFilter(_ScannerEnter(self))
        for key, name in self.FIELDS.items():
            widget = getattr(self.ui, name + ("Combo" if key == "courier" else "Edit"))
            if key == "courier":
                widget.currentIndexChanged.connect(self._clear_fixed_problems)
            elif key == "asked_at":
                widget.dateTimeChanged.connect(self._clear_fixed_problems)
            else:
                widget.textChanged.connect(self._clear_fixed_problems)

    def _replied_toggled(self, checked: bool) -> None:
        self.replied_at = (
            QDateTime.currentDateTime().toString("yyyy-MM-dd HH:mm:ss") if checked else ""
        )
        if checked:
            self.replied_check.setText(
                f"已首次回复客户（{self.replied_at[11:16]}，下一步时记入售后单）"
            )
        else:
            self.replied_check.setText("已首次回复客户（勾选时记下此刻为首次回复时间）")

    def _clear_fixed_problems(self) -> None:
        """A problem shown under a field goes as soon as the field is right (none are added)."""
        shown = [key for key in self.FIELDS if self.error_label(key).text()]
        if not shown:
            return
        _values, problems = wizard_service.check_intake(self.case_wizard().kind, self.raw())
        for key in shown:
            if key not in problems:
                self.error_label(key).clear()

    def waybill_scanned(self) -> None:
        """A scanned (or typed) waybill is complete: tidy it, guess the courier, move on."""
        self.waybill_field.finish()
        self.ui.skuEdit.setFocus()

    def raw(self) -> dict[str, str]:
        ui = self.ui
        return {
            "customer_id": ui.customerEdit.text(),
            "order_no": ui.orderEdit.text(),
            "waybill_no": ui.waybillEdit.text(),
            "courier": str(ui.courierCombo.currentData() or ""),
            "sku": ui.skuEdit.text(),
            "colour": ui.colourEdit.text(),
            "size": ui.sizeEdit.text(),
            "quantity": ui.quantityEdit.text(),
            "batch": ui.batchEdit.text(),
            "asked_at": ui.askedAtEdit.dateTime().toString(QT_ASKED_AT),
        }

    def load(self, answers: dict[str, Any]) -> None:
        ui = self.ui
        for key, edit in (
            ("customer_id", ui.customerEdit),
            ("order_no", ui.orderEdit),
            ("waybill_no", ui.waybillEdit),
            ("sku", ui.skuEdit),
            ("colour", ui.colourEdit),
            ("size", ui.sizeEdit),
            ("batch", ui.batchEdit),
        ):
            if answers.get(key) is not None:
                edit.setText(str(answers[key]))
        if answers.get("quantity") is not None:
            ui.quantityEdit.setText(str(answers["quantity"]))
        if answers.get("courier"):
            ui.courierCombo.setCurrentIndex(ui.courierCombo.findData(answers["courier"]))
        if answers.get("asked_at"):
            moment = QDateTime.fromString(str(answers["asked_at"]), QT_ASKED_AT)
            if moment.isValid():
                ui.askedAtEdit.setDateTime(moment)

    def error_label(self, key: str) -> QLabel:
        label = getattr(self.ui, f"{self.FIELDS[key]}Error")
        assert isinstance(label, QLabel)
        return label

    def show_problems(self, problems: dict[str, str]) -> None:
        for key in self.FIELDS:
            self.error_label(key).setText(problems.get(key, ""))
        first = next((k for k in self.FIELDS if k in problems), None)
        if first is not None:
            widget = getattr(
                self.ui, self.FIELDS[first] + ("Combo" if first == "courier" else "Edit")
            )
            widget.setFocus()

    def validatePage(self) -> bool:
        wizard = self.case_wizard()
        values, problems = wizard_service.check_intake(wizard.kind, self.raw())
        self.show_problems(problems)
        if problems:
            return False
        if self.replied_at and self.replied_check.isEnabled():
            values[wizard_service.FIRST_REPLY_KEY] = self.replied_at
        return wizard.intake_done(values)


class EvidencePage(_Page):
    """The case's photos through the evidence archive (the case is open from the intake)."""

    step_id = wizard_service.EVIDENCE_STEP

    def __init__(self, gallery: EvidenceGallery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("证据照片")
        self.ui = Ui_WizardEvidence()
        self.ui.setupUi(self)
        self.gallery = gallery
        self.ui.galleryLayout.addWidget(gallery)
        # Enter goes on to 下一步; the gallery's buttons are pressed with Space (or a click)
        for button in gallery.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def validatePage(self) -> bool:
        if self.gallery.busy:
            self.gallery.wait_idle()
        return self.case_wizard().page_done(self.step_id, {})


class QuestionPage(_Page):
    """One step of the kind's flow: its prompt and fields, built from the domain's `Step`."""

    def __init__(self, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.step_id = step.id
        self.setTitle(step.title)
        self.ui = Ui_WizardQuestion()
        self.ui.setupUi(self)
        self.ui.promptLabel.setText(step.prompt)
        self.groups: dict[str, QButtonGroup] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for field in step.fields:
            self._add_field(field)
        for group in self.groups.values():
            group.buttonToggled.connect(lambda *_args: self._clear_fixed_problems())
        for edit in self.edits.values():
            edit.textChanged.connect(self._clear_fixed_problems)

    def _clear_fixed_problems(self) -> None:
        """A problem shown beside a field goes as soon as the field is right (none are added)."""
        shown = [key for key, label in self.errors.items() if label.text()]
        if not shown:
            return
        kind = self.case_wizard().kind
        _values, problems = wizard_service.check_step(kind, self.step_id, self.raw())
        for key in shown:
            if key not in problems:
                self.errors[key].clear()

    def _add_field(self, field: Field) -> None:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        error = QLabel(box)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        self.errors[field.key] = error
        if field.type in (FieldType.CHOICE, FieldType.YESNO):
            title = QLabel(field.label if len(self.step.fields) > 1 else "", box)
            grid.addWidget(title, 0, 0)
            group = QButtonGroup(box)
            for row, option in enumerate(field.choices()):
                text = (
                    f"&{row + 1}  {option.label}"
                    if field.type == FieldType.CHOICE
                    else option.label
                )
                button = QRadioButton(text, box)
                button.setProperty("value", option.value)
                if option.hint:
                    button.setToolTip(option.hint)
                group.addButton(button, row)
                if field.type == FieldType.YESNO:
                    grid.addWidget(button, 0, row + 1)
                else:
                    grid.addWidget(button, row + 1, 0, 1, 2)
            self.groups[field.key] = group
            grid.addWidget(error, 0, 3 if field.type == FieldType.YESNO else 1)
            self.set_value(field, field.default)
        else:
            label = QLabel(field.label, box)
            edit = QLineEdit(box)
            edit.setObjectName(f"{field.key}Edit")
            edit.setText(field.default)
            if field.hint:
                edit.setPlaceholderText(field.hint)
                edit.setToolTip(field.hint)
            label.setBuddy(edit)
            grid.addWidget(label, 0, 0)
            grid.addWidget(edit, 0, 1)
            grid.addWidget(error, 0, 2)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)
            self.edits[field.key] = edit
        self.ui.fieldsLayout.addWidget(box)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A digit picks the option with that number (as the page says), no Alt needed."""
        text = event.text()
        group = self._group_for_digits()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and group is not None and text.isdigit() and text != "0":
            button = group.button(int(text) - 1)
            if button is not None:
                button.setChecked(True)
                button.setFocus(Qt.FocusReason.ShortcutFocusReason)
                event.accept()
                return
        super().keyPressEvent(event)

    def _group_for_digits(self) -> QButtonGroup | None:
        """The choice the digits answer: the one with focus, else the page's first choice."""
        focused = self.focusWidget()
        choices = [
            self.groups[f.key] for f in self.step.fields if f.type == FieldType.CHOICE
        ] or list(self.groups.values())
        for group in choices:
            if focused in group.buttons():
                return group
        return choices[0] if choices else None

    def set_value(self, field: Field, value: Any) -> None:
        if field.key in self.groups:
            for button in self.groups[field.key].buttons():
                if button.property("value") == value:
                    button.setChecked(True)
        elif value is not None:
            is_fen = field.type == FieldType.MONEY and isinstance(value, int)
            self.edits[field.key].setText(format_yuan(value) if is_fen else str(value))

    def choose(self, key: str, value: str) -> None:
        """Pick an option (tests and keyboard shortcuts)."""
        self.set_value(self.step.field(key), value)

    def raw(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in self.step.fields:
            if field.key in self.groups:
                button = self.groups[field.key].checkedButton()
                values[field.key] = str(button.property("value")) if button is not None else ""
            else:
                values[field.key] = self.edits[field.key].text()
        return values

    def load(self, answers: dict[str, Any]) -> None:
        for field in self.step.fields:
            if answers.get(field.key) is not None:
                self.set_value(field, answers[field.key])

    def initializePage(self) -> None:
        self.load(self.case_wizard().answers)
        first = next(iter(self.groups.values()), None)
        if first is not None:
            # focus on the choice, so digits and arrows answer it (and Enter goes on)
            (first.checkedButton() or first.buttons()[0]).setFocus()
        elif self.edits:
            edit = next(iter(self.edits.values()))
            edit.setFocus()
            edit.selectAll()

    def cleanupPage(self) -> None:
        """Going back keeps what was typed here (QWizard would reset the page)."""

    def validatePage(self) -> bool:
        wizard = self.case_wizard()
        values, problems = wizard_service.check_step(wizard.kind, self.step_id, self.raw())
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
        if problems:
            return False
        return wizard.page_done(self.step_id, values)


class OutcomePage(_Page):
    """What the case ends with: resolution, money, note and flag (one-click copy), what's next."""

    step_id = wizard_service.OUTCOME_STEP

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("处理结果")
        self.ui = Ui_WizardOutcome()
        self.ui.setupUi(self)
        self.outcome: Outcome | None = None
        self.clipboard_text = ""
        self.ui.copyButton.clicked.connect(self.copy_note)
        self.reply_text = ""
        self.reply_label = QLabel()
        self.reply_label.setWordWrap(True)
        self.reply_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reply_copy_button = QPushButton("复制话术")
        self.reply_copy_button.clicked.connect(self.copy_reply)
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.reply_label, 1)
        reply_row.addWidget(self.reply_copy_button)
        self.reply_title = QLabel("推荐话术")
        self.ui.mainLayout.insertWidget(self.ui.mainLayout.count() - 1, self.reply_title)
        self.ui.mainLayout.insertLayout(self.ui.mainLayout.count() - 1, reply_row)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        wizard = self.case_wizard()
        try:
            outcome = wizard.outcome()
        except KefuError as error:
            show_problem(self, error)
            return
        self.outcome = outcome
        note = outcome.note(wizard.kind, wizard.user.display_name, date.today())
        self.clipboard_text = note.clipboard_text()
        self.ui.resolutionLabel.setText(outcome.resolution_text)
        self.ui.stateLabel.setText(outcome.state.label)
        self.ui.moneyLabel.setText("；".join(outcome.money_lines()) or "无")
        self.ui.flagLabel.setText(
            f'<span style="color:{note.flag.colour}">⚑</span> {note.flag.label}'
            f"（平台代码 {int(note.flag)}）"
        )
        self.ui.noteEdit.setPlainText(note.text)
        self.ui.copiedLabel.clear()
        lines = [f"• {f.label}" for f in outcome.follow_ups]
        if outcome.is_waiting:
            lines.append(f"• 售后单保存为「{outcome.state.label}」，结果出来后在列表中点“继续处理”")
        if outcome.claims_courier:
            lines.append("• 保存后自动生成快递理赔单，在「快递理赔」里跟进")
        registers = wizard_service.outcome_registers(wizard.kind, outcome)
        if registers:
            lines.append("• 登记表：" + "、".join(r.label for r in registers))
        self.ui.nextLabel.setText("\n".join(lines) or "• 无，售后单已处理完毕")
        self._offer_reply(outcome, wizard)
        self.ui.copyButton.setFocus()

    def _offer_reply(self, outcome: Outcome, wizard: CaseWizard) -> None:
        """The shop's reply that fits this outcome, filled in for the customer."""
        from kefu_desktop.services import replies

        try:
            reply, self.reply_text = replies.reply_for_outcome(wizard.user, outcome, wizard.answers)
        except KefuError:
            reply, self.reply_text = None, ""
        shown = reply is not None
        self.reply_title.setText(f"推荐话术：{reply.title}" if reply else "推荐话术")
        self.reply_label.setText(self.reply_text)
        for widget in (self.reply_title, self.reply_label, self.reply_copy_button):
            widget.setVisible(shown)

    def copy_reply(self) -> None:
        """Put the offered reply on the clipboard for the chat window."""
        QGuiApplication.clipboard().setText(self.reply_text)
        self.ui.copiedLabel.setText("话术已复制，可粘贴到聊天窗口。")

    def copy_note(self) -> None:
        """Put note and flag on the clipboard for the seller workbench."""
        QGuiApplication.clipboard().setText(self.clipboard_text)
        self.ui.copiedLabel.setText("已复制，可粘贴到卖家工作台的备注栏。")

    def validatePage(self) -> bool:
        return self.case_wizard().finish()


__all__ = ["EvidencePage", "IntakePage", "OutcomePage", "QuestionPage"]
