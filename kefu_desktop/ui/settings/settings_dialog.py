"""文件 → 设置…: this computer's data folder, database and scale; the office's compensation
limit, time promises and evidence archive (administrator)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.money import check_agent_limit, format_yuan, limit_text, parse_yuan
from kefu_desktop.domain.roles import Operation
from kefu_desktop.paths import read_desk_choice
from kefu_desktop.services import desk_settings, evidence, promises, settings, warehouse_settings
from kefu_desktop.services.auth import User
from kefu_desktop.services.desk_settings import (
    RESTART_NOTE,
    CheckedDesk,
    DatabaseKind,
    OfficeServer,
)
from kefu_desktop.services.warehouse_settings import BAUD_RATES
from kefu_desktop.ui.warehouse.scale import chosen_port, fill_port_combo
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem

log = logging.getLogger("kefu.ui.settings")

RESTART_STYLE = "color:#b26a00"
NOTE_STYLE = "color:#555"
ERROR_STYLE = "color:#c62828"
OK_STYLE = "color:#2e7d32"


def _note(text: str, style: str = NOTE_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class SettingsDialog(QDialog):
    """One dialog with two tabs: 本机设置 (this computer) and 办公室设置 (administrator)."""

    def __init__(self, user: User, database_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.may_change_office = user.may_do(Operation.OFFICE_SETTINGS)
        self.scale_changed = False
        self._closing = False
        self.setWindowTitle("设置")
        self._desk = desk_settings.current_desk_settings()
        self._scale = warehouse_settings.load_scale_settings()
        self._limit_fen = settings.agent_compensation_limit_fen()
        self._checks = LatestCall("settings-check", self)
        self._checks.finished.connect(self._checked)
        self._checks.failed.connect(self._check_failed)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._desk_tab(database_text), "本机设置")
        self.tabs.addTab(self._office_tab(), "办公室设置")
        self.status = _note("")
        self.buttons = confirm_buttons(self, "保存", self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(720, 600)

    # --- this computer -----------------------------------------------------------------------

    def _desk_tab(self, database_text: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

        folder_box = QGroupBox("数据文件夹")
        folder_layout = QVBoxLayout(folder_box)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(self._desk.data_folder))
        self.folder_edit.setToolTip("存放本机数据库、日志、待归档照片和本机设置的文件夹")
        self.folder_button = QPushButton("选择…")
        self.folder_button.clicked.connect(self.choose_folder)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        folder_layout.addLayout(row)
        folder_layout.addWidget(_note(f"{RESTART_NOTE}。留空即默认文件夹。", RESTART_STYLE))
        if self._desk.data_folder_overridden:
            folder_layout.addWidget(
                _note("本次启动时用命令行参数或环境变量指定了数据文件夹，它优先于这里的设置。")
            )
        layout.addWidget(folder_box)

        db_box = QGroupBox("数据库")
        db_layout = QVBoxLayout(db_box)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[DatabaseKind, QRadioButton] = {}
        for kind in DatabaseKind:
            button = QRadioButton(kind.label)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            db_layout.addWidget(button)
        self.kind_buttons[self._desk.kind].setChecked(True)
        self.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())
        server = self._desk.server
        self.host_edit = QLineEdit(server.host)
        self.host_edit.setPlaceholderText("服务器名称或地址，例如 192.168.1.10")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(server.port)
        self.name_edit = QLineEdit(server.database)
        self.name_edit.setPlaceholderText("例如 kefu")
        self.user_edit = QLineEdit(server.user)
        self.password_edit = QLineEdit(server.password)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test_connection)
        self.server_form = QWidget()
        form = QFormLayout(self.server_form)
        form.setContentsMargins(24, 0, 0, 0)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host_edit, 1)
        host_row.addWidget(QLabel("端口"))
        host_row.addWidget(self.port_spin)
        form.addRow("服务器：", host_row)
        form.addRow("数据库名：", self.name_edit)
        login_row = QHBoxLayout()
        login_row.addWidget(self.user_edit, 1)
        login_row.addWidget(QLabel("密码"))
        login_row.addWidget(self.password_edit, 1)
        login_row.addWidget(self.test_button)
        form.addRow("用户名：", login_row)
        db_layout.addWidget(self.server_form)
        self.test_result = _note("")
        db_layout.addWidget(self.test_result)
        db_layout.addWidget(
            _note(f"{RESTART_NOTE}。保存前会先连接测试。现在使用：{database_text}", RESTART_STYLE)
        )
        if self._desk.database_overridden:
            db_layout.addWidget(_note("本次启动时用环境变量指定了数据库，它优先于这里的设置。"))
        layout.addWidget(db_box)

        scale_box = QGroupBox("电子秤（仓库）")
        scale_form = QFormLayout(scale_box)
        self.port_combo = QComboBox()
        self.port_combo.setEditable(True)
        self.port_combo.setToolTip("从列表选择，或直接输入端口名，例如 COM3")
        fill_port_combo(self.port_combo, self._scale.port)
        self.baud_combo = QComboBox()
        for baud in BAUD_RATES:
            self.baud_combo.addItem(str(baud), baud)
        self.baud_combo.setCurrentIndex(BAUD_RATES.index(self._scale.baud))
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.port_combo, 1)
        scale_row.addWidget(QLabel("波特率"))
        scale_row.addWidget(self.baud_combo)
        scale_form.addRow("串口：", scale_row)
        scale_form.addRow(
            _note("保存后立即生效。校验位、数据位和秤的输出格式在 仓库核实 → 仓库设置 里。")
        )
        layout.addWidget(scale_box)
        layout.addStretch(1)
        return page

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "选择数据文件夹", self.folder_edit.text() or str(Path.home())
        )
        if folder:
            self.folder_edit.setText(str(Path(folder)))

    def kind(self) -> DatabaseKind:
        for kind, button in self.kind_buttons.items():
            if button.isChecked():
                return kind
        return DatabaseKind.EMBEDDED

    def server(self) -> OfficeServer:
        return OfficeServer(
            self.host_edit.text(),
            self.port_spin.value(),
            self.name_edit.text(),
            self.user_edit.text(),
            self.password_edit.text(),
        )

    def _kind_changed(self) -> None:
        office = self.kind() == DatabaseKind.OFFICE
        self.server_form.setEnabled(office)
        self.test_result.setText("")

    def _busy(self, text: str) -> None:
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(text)
        self.save_button.setEnabled(False)
        self.test_button.setEnabled(False)

    def _idle(self) -> None:
        self.save_button.setEnabled(True)
        self.test_button.setEnabled(True)
        self.status.setText("")

    def test_connection(self) -> None:
        """Connect to the office database off the UI thread and say what was found."""
        server = self.server()
        self._busy("正在连接数据库服务器…")
        self._checks.request("test", lambda: desk_settings.check_office_server(server))

    # --- the office ------------------------------------------------------------------------

    def _office_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        if not self.may_change_office:
            layout.addWidget(_note("办公室设置由管理员修改，这里只能查看。", RESTART_STYLE))

        limit_box = QGroupBox("客服补偿权限")
        limit_layout = QFormLayout(limit_box)
        self.limit_edit = QLineEdit(format_yuan(self._limit_fen))
        self.limit_edit.setMaximumWidth(140)
        limit_layout.addRow("客服可自行补偿（元）：", self.limit_edit)
        limit_layout.addRow(
            _note(
                "补偿和改价优惠合计超过这个金额，需客服主管审批。默认 20 元，"
                "最多 1000 元，精确到分。保存后立即生效。"
            )
        )
        layout.addWidget(limit_box)

        promise_box = QGroupBox("时效与生产问题反馈")
        promise_layout = QVBoxLayout(promise_box)
        self.promise_summary = _note("")
        self.promise_summary.setStyleSheet("")
        self.promise_button = QPushButton("服务时间与时效…")
        self.promise_button.clicked.connect(self.open_promise_settings)
        promise_layout.addWidget(self.promise_summary)
        promise_layout.addWidget(self.promise_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(promise_box)

        archive_box = QGroupBox("证据照片归档位置")
        archive_layout = QVBoxLayout(archive_box)
        self.archive_label = _note("")
        self.archive_label.setStyleSheet("")
        self.archive_button = QPushButton("更改归档位置…")
        self.archive_button.clicked.connect(self.change_archive_root)
        archive_layout.addWidget(self.archive_label)
        archive_layout.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignLeft)
        archive_layout.addWidget(_note("办公室所有电脑共用，更改后立即生效。"))
        layout.addWidget(archive_box)
        layout.addStretch(1)
        for widget in (self.limit_edit, self.promise_button, self.archive_button):
            widget.setEnabled(self.may_change_office)
        self._show_office()
        return page

    def _show_office(self) -> None:
        limits = promises.promise_limits()
        rule = promises.defect_rule()
        self.promise_summary.setText(
            f"首次回复 {_minutes(limits.first_reply.total_seconds())}，"
            f"物流问题解决 {_hours(limits.logistics_resolve.total_seconds())}，"
            f"需核实问题答复 {_hours(limits.checked_answer.total_seconds())}。\n"
            f"生产问题反馈提醒：同款同批 {rule.window.days} 天内 "
            f"{rule.min_customers} 位及以上不同客户反映质量问题。"
        )
        self.archive_label.setText(str(evidence.archive_root()))

    def open_promise_settings(self) -> None:
        from kefu_desktop.ui.cases.promise_settings import PromiseSettingsDialog

        if PromiseSettingsDialog(self.user, self).exec():
            self._show_office()

    def change_archive_root(self) -> None:
        if choose_archive_root(self, self.user) is not None:
            self._show_office()

    def limit_fen(self) -> int:
        """The limit typed, checked (`ValidationError` saying what is wrong)."""
        return check_agent_limit(parse_yuan(self.limit_edit.text() or "0", "agent_limit"))

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        """Check everything (the database off the UI thread), then save all of it or none."""
        try:
            if self.may_change_office:
                self.limit_fen()
        except ValidationError as error:
            self.tabs.setCurrentIndex(1)
            self.limit_edit.setFocus()
            show_problem(self, error, "设置未保存")
            return
        folder, kind, server = self.folder_edit.text(), self.kind(), self.server()
        self._busy("正在检查设置…" if kind == DatabaseKind.EMBEDDED else "正在连接数据库服务器…")
        self._checks.request(
            "save", lambda: desk_settings.check_desk_settings(folder, kind, server)
        )

    def _check_failed(self, key: str, message: str) -> None:
        self._idle()
        if self._closing:
            return
        self.tabs.setCurrentIndex(0)
        if key == "test":
            self.test_result.setStyleSheet(ERROR_STYLE)
            self.test_result.setText(message)
            return
        show_problem(self, KefuError(message), "设置未保存")

    def _checked(self, key: str, result: object) -> None:
        self._idle()
        if self._closing:
            return  # cancelled while the check ran: nothing is saved
        if key == "test":
            self.test_result.setStyleSheet(OK_STYLE)
            self.test_result.setText(str(result))
            return
        assert isinstance(result, CheckedDesk)
        self._store(result)

    def _store(self, checked: CheckedDesk) -> None:
        """Write the office limit, the desk's choice and the scale; a part that fails puts the
        parts written before it back, so nothing is half-saved."""
        scale = replace(
            self._scale, port=chosen_port(self.port_combo), baud=int(self.baud_combo.currentData())
        )
        new_limit = self.limit_fen() if self.may_change_office else self._limit_fen
        previous_choice = read_desk_choice()
        done: list[str] = []
        try:
            if new_limit != self._limit_fen:
                settings.set_agent_compensation_limit(self.user, new_limit)
                done.append("limit")
            saved = desk_settings.store_desk_settings(checked)
            done.append("desk")
            if scale != self._scale:
                warehouse_settings.save_scale_settings(scale)
        except KefuError as error:
            self._undo(done, previous_choice)
            show_problem(self, error, "设置未保存")
            return
        self.scale_changed = scale != self._scale
        log.info("settings saved by %s", self.user.login)
        lines = ["设置已保存。"]
        if new_limit != self._limit_fen:
            lines.append(f"客服补偿权限：{limit_text(new_limit)}（已生效）。")
        if saved.restart_needed:
            lines.append(f"数据文件夹或数据库的更改{RESTART_NOTE}，请退出后重新打开程序。")
        lines += saved.notes
        QMessageBox.information(self, "设置已保存", "\n\n".join(lines))
        self.accept()

    def _undo(self, done: list[str], previous_choice: desk_settings.DeskChoice) -> None:
        try:
            if "desk" in done:
                desk_settings.restore_desk_file(previous_choice)
            if "limit" in done:
                settings.set_agent_compensation_limit(self.user, self._limit_fen)
        except KefuError:
            log.exception("could not put the earlier settings back")

    def done(self, result: int) -> None:
        self._closing = result != QDialog.DialogCode.Accepted
        self._checks.wait()  # a check still running delivers before the dialog goes
        super().done(result)


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} 分钟"


def _hours(seconds: float) -> str:
    return f"{int(seconds // 3600)} 小时"


def choose_archive_root(parent: QWidget, user: User) -> Path | None:
    """Let the administrator point the office at another evidence archive folder."""
    current = evidence.archive_root()
    folder = QFileDialog.getExistingDirectory(
        parent, f"选择证据照片归档文件夹（当前：{current}）", str(current)
    )
    if not folder:
        return None
    try:
        root = evidence.set_archive_root(user, folder)
    except KefuError as error:
        show_problem(parent, error)
        return None
    QMessageBox.information(
        parent,
        "归档位置已更改",
        f"今后的证据照片存入：\n{root}\n\n已有照片仍在原位置；如需迁移，请把原文件夹里的"
        "“售后问题图片”整个复制过去，再运行 kefu-desktop archive verify 核对。",
    )
    return root
