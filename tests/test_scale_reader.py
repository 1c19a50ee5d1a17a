from __future__ import annotations

import os
import tty

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.scale import ReadingStatus
from kefu_desktop.services.warehouse_settings import ScaleSettings
from kefu_desktop.ui.warehouse.scale import NO_SCALE_TEXT, STALE_SECONDS, ScaleReader, SerialScale

pytestmark = pytest.mark.gui


class FakeScale(ScaleReader):
    """The same interface as the serial scale, fed by the test."""

    def open(self, settings: ScaleSettings) -> bool:
        self._set_connected(True)
        return True

    def send(self, data: bytes) -> None:
        self._receive(data)

    def unplug(self) -> None:
        self._lost("可能已拔出")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_stable_reading_kept_unstable_ignored(qtbot: QtBot) -> None:
    clock = Clock()
    scale = FakeScale(clock=clock)
    with pytest.raises(KefuError, match="未连接"):
        scale.take_reading()
    assert scale.status == NO_SCALE_TEXT
    scale.open(ScaleSettings("fake", 9600))
    with pytest.raises(KefuError, match="还没有收到"):
        scale.take_reading()
    with qtbot.waitSignal(scale.reading) as got:
        scale.send(b"ST,GS,+  1.234kg\r\n")
    assert got.args[0].grams == 1234
    assert scale.take_reading() == 1234
    assert "1.234 kg（毛重，稳定）" in scale.status
    scale.send(b"US,GS,+  1.100kg\r\n")
    with pytest.raises(KefuError, match="不稳定"):
        scale.take_reading()
    scale.send(b"ST,NT,+0001.500 kg\r\nOL,GS,+ ---.--kg\r\n")
    with pytest.raises(KefuError, match="超出量程"):
        scale.take_reading()
    scale.send(b"ST,GS,+  0.000kg\r\n")
    with pytest.raises(ValidationError, match="不能为 0"):
        scale.take_reading()
    scale.send(b"ST,GS,+  2.000kg\r\n")
    clock.now += STALE_SECONDS + 1
    with pytest.raises(KefuError, match="没有数据"):
        scale.take_reading()


def test_garbage_and_unplugged_give_clear_status(qtbot: QtBot) -> None:
    scale = FakeScale()
    scale.open(ScaleSettings("fake", 9600))
    scale.send(b"ST,GS,+  1.234kg\r\n")
    with qtbot.waitSignal(scale.status_changed) as status:
        scale.send(b"\xff\xfe\x00garbage\r\n\x80\x81\r\n%%%%\r\n")
    assert "无法识别" in status.args[0]
    assert scale.take_reading() == 1234  # noise does not replace the stable reading
    with qtbot.waitSignal(scale.connected_changed) as connected:
        scale.unplug()
    assert connected.args == [False]
    assert "连接中断" in scale.status
    with pytest.raises(KefuError, match="未连接"):
        scale.take_reading()


def test_serial_scale_over_a_pty_pair(qtbot: QtBot) -> None:
    master, slave = os.openpty()
    tty.setraw(master)
    slave_path = os.ttyname(slave)
    scale = SerialScale()
    try:
        if not scale.open(ScaleSettings(slave_path, 9600)):
            pytest.skip(f"QSerialPort cannot open a pty here: {scale.status}")
        assert scale.is_connected()
        with qtbot.waitSignal(scale.reading, timeout=3000) as got:
            os.write(master, b"US,GS,+  0.9")
            os.write(master, b"00kg\r\nST,GS,+  1.234kg\r\n")
        readings = [got.args[0]]
        qtbot.waitUntil(lambda: scale.status.startswith("电子秤：1.234"), timeout=3000)
        assert readings[0].status == ReadingStatus.UNSTABLE
        assert scale.take_reading() == 1234
        with qtbot.waitSignal(scale.status_changed, timeout=3000) as status:
            os.write(master, b"\x00\xff\x13garbage\r\n" * 3)
        assert "波特率（当前 9600）" in status.args[0]
        # the scale is unplugged mid-reading: the other end of the line goes away
        with qtbot.waitSignal(scale.connected_changed, timeout=5000):
            os.write(master, b"ST,GS,+  1.2")
            os.close(master)
            master = -1
        assert "连接中断" in scale.status
        with pytest.raises(KefuError):
            scale.take_reading()
    finally:
        scale.close()
        if master >= 0:
            os.close(master)
        os.close(slave)


def test_serial_scale_bad_port_is_a_clear_status(qtbot: QtBot) -> None:
    scale = SerialScale()
    assert not scale.open(ScaleSettings("/dev/no-such-scale", 9600))
    assert "无法打开电子秤端口 /dev/no-such-scale" in scale.status
    assert not scale.is_connected()
    assert not scale.open(ScaleSettings("", 9600))
