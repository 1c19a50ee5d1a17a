"""The electronic scale on a serial/USB-serial port, behind a small interface tests can fake."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo
from PySide6.QtWidgets import QComboBox

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.scale import (
    FrameProblem,
    ReadingStatus,
    ScaleDecoder,
    ScaleFormat,
    ScaleReading,
    SerialParity,
    check_weight_g,
    format_kg,
)
from kefu_desktop.services.warehouse_settings import ScaleSettings

log = logging.getLogger("kefu.ui.scale")

FRESH_SECONDS = 1.0
"""A reading is taken only while it is at most this old: the weight on screen is the weight now."""
QUIET_SECONDS = 3.0
"""No data at all for this long: the scale is off, unplugged or not in continuous mode."""
PROBLEMS_BEFORE_WARNING = 3
"""One torn frame happens (e.g. on connecting mid-frame); this many in a row means a setting."""
WATCH_INTERVAL_MS = 250

NO_SCALE_TEXT = "未设置电子秤，请手动输入重量"
WAITING_TEXT = "等待下一个稳定读数…"

_PARITY = {
    SerialParity.NONE: QSerialPort.Parity.NoParity,
    SerialParity.EVEN: QSerialPort.Parity.EvenParity,
    SerialParity.ODD: QSerialPort.Parity.OddParity,
}
_DATA_BITS = {7: QSerialPort.DataBits.Data7, 8: QSerialPort.DataBits.Data8}


class ScaleNotReady(KefuError):
    """No fresh, stable reading at this moment; the next one from the scale may do."""


class ScaleReader(QObject):
    """Turns the bytes a scale sends into readings; only a fresh, stable one can be taken.

    Subclasses deliver bytes to `_receive` and report a lost connection via `_lost`. Any frame
    that gives no weight (noise, bad checksum, torn) clears the last reading, so the desk waits
    for the next stable one instead of reusing an old weight.
    """

    reading = Signal(object)
    """Every reading (a `ScaleReading`)."""
    status_changed = Signal(str)
    connected_changed = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._decoder = ScaleDecoder()
        self._latest: ScaleReading | None = None
        self._latest_at = 0.0
        self._data_at = 0.0
        self._problem: FrameProblem | None = None
        self._problem_run = 0
        self._connected = False
        self.status = NO_SCALE_TEXT
        self._watch = QTimer(self, interval=WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._refresh_status)

    # --- interface ---

    def open(self, settings: ScaleSettings) -> bool:
        """Start reading from the scale; False (with a status message) if it cannot."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop reading; the desk keeps working with typed weights."""
        self._set_connected(False)
        self._set_status(NO_SCALE_TEXT)

    def is_connected(self) -> bool:
        return self._connected

    def reading_age(self) -> float | None:
        """Seconds since the latest reading, None when there is none."""
        return None if self._latest is None else self._clock() - self._latest_at

    def take_reading(self) -> int:
        """The current weight in grams, from a fresh and stable reading.

        `ScaleNotReady` when the next reading may do (none yet, unstable, too old, after
        noise); `KefuError` when the clerk must act (not connected, overload, negative).
        """
        if not self._connected:
            raise KefuError(f"电子秤未连接。{self.status}")
        latest = self._latest
        if latest is None:
            if self._problem is not None:
                raise ScaleNotReady(f"{self._problem.label}，正在等待下一个稳定读数。")
            raise ScaleNotReady("还没有收到电子秤的读数，请把包裹放上秤稍等。")
        age = self._clock() - self._latest_at
        if age > FRESH_SECONDS:
            raise ScaleNotReady(
                f"最近的读数已是 {age:.1f} 秒前的，可能不是秤上现在的重量；正在等待新读数。"
                "如秤一直没有数据，请检查秤是否开机、是否设为连续输出。"
            )
        if latest.status == ReadingStatus.OVERLOAD:
            raise KefuError("电子秤显示超出量程，请换秤或手动输入重量。")
        if latest.grams is not None and latest.grams < 0:
            raise KefuError(
                f"电子秤显示负重（{format_kg(latest.grams)} kg）：请清空秤盘，按归零/去皮后再称。"
            )
        if not latest.stable or latest.grams is None:
            raise ScaleNotReady("读数还不稳定，请等秤上数字停稳。")
        return check_weight_g(latest.grams)

    # --- for subclasses ---

    def _use_format(self, scale_format: ScaleFormat) -> None:
        self._decoder = ScaleDecoder(scale_format)

    def _receive(self, data: bytes) -> None:
        now = self._clock()
        self._data_at = now
        for item in self._decoder.feed(data):
            if isinstance(item, FrameProblem):
                self._latest, self._problem = None, item
                self._problem_run += 1
                if self._problem_run == PROBLEMS_BEFORE_WARNING:
                    log.warning("unusable data from the scale: %s", item.value)
                continue
            self._latest, self._latest_at = item, now
            self._problem, self._problem_run = None, 0
            self.reading.emit(item)
        self._refresh_status()

    def _problem_text(self, problem: FrameProblem) -> str:
        return f"电子秤：{problem.label}。请检查电子秤的输出格式设置。"

    def _lost(self, reason: str) -> None:
        log.warning("scale connection lost: %s", reason)
        self._set_connected(False)
        self._set_status(
            f"电子秤连接中断（{reason}）。请检查数据线后点「连接电子秤」；也可手动输入重量。"
        )

    def _set_connected(self, connected: bool) -> None:
        if not connected:
            self._latest, self._problem, self._problem_run = None, None, 0
            self._decoder.reset()
            self._watch.stop()
        else:
            self._data_at = self._clock()
            self._watch.start()
        if connected != self._connected:
            self._connected = connected
            self.connected_changed.emit(connected)

    def _set_status(self, text: str) -> None:
        if text != self.status:
            self.status = text
            self.status_changed.emit(text)

    def _refresh_status(self) -> None:
        """The status line: the reading with its age, what is wrong, or that nothing comes."""
        if not self._connected:
            return
        now = self._clock()
        if now - self._data_at > QUIET_SECONDS:
            self._set_status("电子秤没有数据：请确认秤已开机并设为连续输出。")
        elif self._problem is not None:
            if self._problem == FrameProblem.AMBIGUOUS:
                self._set_status(f"电子秤：{self._problem.label}。")
            elif self._problem_run >= PROBLEMS_BEFORE_WARNING:
                self._set_status(self._problem_text(self._problem))
            else:
                self._set_status(f"电子秤：{WAITING_TEXT}（{self._problem.label}）")
        elif self._latest is not None:
            age = now - self._latest_at
            if age > FRESH_SECONDS:
                self._set_status(
                    f"电子秤：最近读数 {format_kg(self._latest.grams)} kg 已是 {age:.0f} 秒前，"
                    f"{WAITING_TEXT}"
                )
            else:
                self._set_status(f"{_reading_text(self._latest)}· {age:.1f} 秒前")


def _reading_text(reading: ScaleReading) -> str:
    kind = "净重" if reading.net else "毛重"
    if reading.status == ReadingStatus.OVERLOAD:
        return "电子秤：超出量程"
    if reading.grams is not None and reading.grams < 0:
        return f"电子秤：{format_kg(reading.grams)} kg（负重：请清空秤盘后归零/去皮）"
    if reading.status == ReadingStatus.UNSTABLE:
        return f"电子秤：{format_kg(reading.grams)} kg（不稳定，请稍等）"
    return f"电子秤：{format_kg(reading.grams)} kg（{kind}，稳定）"


class SerialScale(ScaleReader):
    """A scale on a serial or USB-serial port (continuous output, settings from 仓库设置)."""

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent, clock)
        self._port = QSerialPort(self)
        self._settings = ScaleSettings()
        self._port.readyRead.connect(self._read)
        self._port.errorOccurred.connect(self._error)

    def open(self, settings: ScaleSettings) -> bool:
        self.close()
        if not settings.port:
            return False
        self._settings = settings
        self._use_format(settings.scale_format)
        self._port.setPortName(settings.port)
        self._port.setBaudRate(settings.baud)
        self._port.setDataBits(_DATA_BITS[settings.data_bits])
        self._port.setParity(_PARITY[settings.parity])
        self._port.setStopBits(QSerialPort.StopBits.OneStop)
        self._port.setFlowControl(QSerialPort.FlowControl.NoFlowControl)
        if not self._port.open(QSerialPort.OpenModeFlag.ReadOnly):
            self._set_status(
                f"无法打开电子秤端口 {settings.port}：{self._port.errorString()}。"
                "请在「仓库设置」中检查端口，或手动输入重量。"
            )
            return False
        self._set_connected(True)
        self._set_status(f"电子秤已连接（{describe_line(settings)}），等待读数…")
        return True

    def close(self) -> None:
        if self._port.isOpen():
            self._port.close()
        super().close()

    def _read(self) -> None:
        self._receive(bytes(self._port.readAll().data()))

    def _problem_text(self, problem: FrameProblem) -> str:
        return (
            f"电子秤：{problem.label}。请在「仓库设置」中核对波特率、校验位、数据位"
            f"（当前 {describe_line(self._settings)}）和输出格式。"
        )

    def _error(self, error: QSerialPort.SerialPortError) -> None:
        if error == QSerialPort.SerialPortError.NoError or not self._port.isOpen():
            return
        if error in (
            QSerialPort.SerialPortError.ResourceError,
            QSerialPort.SerialPortError.DeviceNotFoundError,
            QSerialPort.SerialPortError.PermissionError,
            QSerialPort.SerialPortError.ReadError,
        ):
            reason = self._port.errorString() or "可能已拔出"
            self._port.close()
            self._lost(f"可能已拔出：{reason}")
        else:
            log.warning("serial port error %s: %s", error, self._port.errorString())


def describe_line(settings: ScaleSettings) -> str:
    """'COM3，9600，8N1，自动识别' — the port settings in the clerk's words."""
    parity = {"none": "N", "even": "E", "odd": "O"}[settings.parity.value]
    return (
        f"{settings.port}，{settings.baud}，{settings.data_bits}{parity}1，"
        f"{settings.scale_format.label}"
    )


def port_label(name: str, description: str) -> str:
    """How a port is listed: 'USB-SERIAL CH340 (COM3)', or just the name without a description."""
    return f"{description} ({name})" if description else name


def available_ports() -> list[tuple[str, str]]:
    """(port name, description) of the serial ports this computer has, USB adapters included."""
    return [(info.portName(), info.description()) for info in QSerialPortInfo.availablePorts()]


def fill_port_combo(combo: QComboBox, current: str) -> None:
    """List '（不用电子秤）' and this computer's serial ports in an editable combo, showing
    `current` (typed in when it is not plugged in now)."""
    combo.clear()
    combo.addItem("（不用电子秤）", "")
    for name, description in available_ports():
        combo.addItem(port_label(name, description), name)
    index = combo.findData(current)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(current)


def chosen_port(combo: QComboBox) -> str:
    """The port picked from the list, or typed ('' = no scale)."""
    if combo.currentIndex() >= 0 and combo.currentText() == combo.itemText(combo.currentIndex()):
        return str(combo.currentData() or "")
    return combo.currentText().strip()
