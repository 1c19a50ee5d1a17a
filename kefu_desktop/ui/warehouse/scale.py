"""The electronic scale on a serial/USB-serial port, behind a small interface tests can fake."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.scale import (
    ReadingStatus,
    ScaleLineBuffer,
    ScaleReading,
    check_weight_g,
    format_kg,
    parse_scale_line,
)
from kefu_desktop.services.warehouse_settings import ScaleSettings

log = logging.getLogger("kefu.ui.scale")

STALE_SECONDS = 3.0
"""A stable reading older than this (no newer line) is not taken: the scale may be gone."""
GARBAGE_LINES_BEFORE_WARNING = 3
WATCH_INTERVAL_MS = 1000

NO_SCALE_TEXT = "未设置电子秤，请手动输入重量"


class ScaleReader(QObject):
    """Turns the bytes a scale sends into readings; keeps the latest stable one.

    Subclasses deliver bytes to `_receive` and report a lost connection via `_lost`.
    """

    reading = Signal(object)
    """Every parsed line (a `ScaleReading`)."""
    status_changed = Signal(str)
    connected_changed = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._buffer = ScaleLineBuffer()
        self._latest: ScaleReading | None = None
        self._latest_at = 0.0
        self._garbage_run = 0
        self._connected = False
        self.status = NO_SCALE_TEXT
        self._watch = QTimer(self, interval=WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._check_quiet)

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

    def take_reading(self) -> int:
        """The current stable weight in grams; `KefuError` saying why there is none."""
        if not self._connected:
            raise KefuError(f"电子秤未连接。{self.status}")
        latest = self._latest
        if latest is None:
            raise KefuError("还没有收到电子秤的读数，请把包裹放上秤稍等。")
        if self._clock() - self._latest_at > STALE_SECONDS:
            raise KefuError(
                "电子秤已几秒没有数据，读数可能不是当前重量。请检查秤后重试，或手动输入。"
            )
        if latest.status == ReadingStatus.OVERLOAD:
            raise KefuError("电子秤显示超出量程，请换秤或手动输入重量。")
        if not latest.stable or latest.grams is None:
            raise KefuError("读数还不稳定，请等秤上数字停稳后再取。")
        return check_weight_g(latest.grams)

    # --- for subclasses ---

    def _receive(self, data: bytes) -> None:
        for line in self._buffer.feed(data):
            parsed = parse_scale_line(line)
            if parsed is None:
                self._garbage_run += 1
                if self._garbage_run == GARBAGE_LINES_BEFORE_WARNING:
                    log.warning("unreadable data from the scale: %r", line[:60])
                    self._set_status(self._garbage_text())
                continue
            self._garbage_run = 0
            self._latest, self._latest_at = parsed, self._clock()
            self._set_status(_reading_text(parsed))
            self.reading.emit(parsed)

    def _garbage_text(self) -> str:
        return "收到无法识别的数据，请检查电子秤的波特率和输出格式设置。"

    def _lost(self, reason: str) -> None:
        log.warning("scale connection lost: %s", reason)
        self._set_connected(False)
        self._set_status(
            f"电子秤连接中断（{reason}）。请检查数据线后点「连接电子秤」；也可手动输入重量。"
        )

    def _set_connected(self, connected: bool) -> None:
        if not connected:
            self._latest = None
            self._buffer.reset()
            self._garbage_run = 0
            self._watch.stop()
        else:
            self._latest_at = self._clock()
            self._watch.start()
        if connected != self._connected:
            self._connected = connected
            self.connected_changed.emit(connected)

    def _set_status(self, text: str) -> None:
        if text != self.status:
            self.status = text
            self.status_changed.emit(text)

    def _check_quiet(self) -> None:
        if self._connected and self._clock() - self._latest_at > STALE_SECONDS:
            self._set_status("电子秤没有数据：请确认秤已开机并设为连续输出。")


def _reading_text(reading: ScaleReading) -> str:
    kind = "净重" if reading.net else "毛重"
    if reading.status == ReadingStatus.OVERLOAD:
        return "电子秤：超出量程"
    if reading.status == ReadingStatus.UNSTABLE:
        return f"电子秤：{format_kg(reading.grams)} kg（不稳定，请稍等）"
    return f"电子秤：{format_kg(reading.grams)} kg（{kind}，稳定）"


class SerialScale(ScaleReader):
    """A scale on a serial or USB-serial port (8N1, continuous output)."""

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent, clock)
        self._port = QSerialPort(self)
        self._port.readyRead.connect(self._read)
        self._port.errorOccurred.connect(self._error)

    def open(self, settings: ScaleSettings) -> bool:
        self.close()
        if not settings.port:
            return False
        self._port.setPortName(settings.port)
        self._port.setBaudRate(settings.baud)
        self._port.setDataBits(QSerialPort.DataBits.Data8)
        self._port.setParity(QSerialPort.Parity.NoParity)
        self._port.setStopBits(QSerialPort.StopBits.OneStop)
        self._port.setFlowControl(QSerialPort.FlowControl.NoFlowControl)
        if not self._port.open(QSerialPort.OpenModeFlag.ReadOnly):
            self._set_status(
                f"无法打开电子秤端口 {settings.port}：{self._port.errorString()}。"
                "请在「仓库设置」中检查端口，或手动输入重量。"
            )
            return False
        self._set_connected(True)
        self._set_status(f"电子秤已连接（{settings.port}，{settings.baud}），等待读数…")
        return True

    def close(self) -> None:
        if self._port.isOpen():
            self._port.close()
        super().close()

    def _read(self) -> None:
        self._receive(bytes(self._port.readAll().data()))

    def _garbage_text(self) -> str:
        return (
            f"收到无法识别的数据，请检查波特率（当前 {self._port.baudRate()}）"
            "和电子秤的输出格式设置。"
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


def available_ports() -> list[tuple[str, str]]:
    """(port name, description) of the serial ports this computer has."""
    ports = []
    for info in QSerialPortInfo.availablePorts():
        description = " ".join(p for p in (info.description(), info.manufacturer()) if p)
        ports.append((info.portName(), description))
    return ports
