from __future__ import annotations

import os
import tty

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.scale import (
    SAME_FRAMES_FOR_STABLE,
    ReadingStatus,
    ScaleFormat,
    SerialParity,
)
from kefu_desktop.services.warehouse_settings import ScaleSettings
from kefu_desktop.ui.warehouse.scale import (
    FRESH_SECONDS,
    NO_SCALE_TEXT,
    QUIET_SECONDS,
    WAITING_TEXT,
    ScaleNotReady,
    ScaleReader,
    SerialScale,
    available_ports,
    port_label,
)
from tests.scale_frames import tf0, tf1, tf2

pytestmark = pytest.mark.gui


class FakeScale(ScaleReader):
    """The same interface as the serial scale, fed by the test."""

    def open(self, settings: ScaleSettings) -> bool:
        self._use_format(settings.scale_format)
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
    with pytest.raises(ScaleNotReady, match="还没有收到"):
        scale.take_reading()
    with qtbot.waitSignal(scale.reading) as got:
        scale.send(b"ST,GS,+  1.234kg\r\n")
    assert got.args[0].grams == 1234
    assert scale.take_reading() == 1234
    assert "1.234 kg（毛重，稳定）· 0.0 秒前" in scale.status
    scale.send(b"US,GS,+  1.100kg\r\n")
    with pytest.raises(ScaleNotReady, match="不稳定"):
        scale.take_reading()
    scale.send(b"ST,NT,+0001.500 kg\r\nOL,GS,+ ---.--kg\r\n")
    with pytest.raises(KefuError, match="超出量程"):
        scale.take_reading()
    scale.send(b"ST,GS,+  0.000kg\r\n")
    with pytest.raises(ValidationError, match="不能为 0"):
        scale.take_reading()
    scale.send(b"ST,GS,-  0.120kg\r\n")
    with pytest.raises(KefuError, match="负重") as negative:
        scale.take_reading()
    assert not isinstance(negative.value, ScaleNotReady)
    assert "负重" in scale.status


def test_only_a_fresh_reading_is_taken_and_its_age_is_shown(qtbot: QtBot) -> None:
    clock = Clock()
    scale = FakeScale(clock=clock)
    scale.open(ScaleSettings("fake", 9600))
    scale.send(b"ST,GS,+  2.000kg\r\n")
    clock.now += 0.6
    scale._refresh_status()  # what the desk's timer does every quarter second
    assert scale.status.endswith("· 0.6 秒前")
    assert scale.reading_age() == pytest.approx(0.6)
    assert scale.take_reading() == 2000
    clock.now += FRESH_SECONDS
    with pytest.raises(ScaleNotReady, match=r"1\.6 秒前"):
        scale.take_reading()
    scale._refresh_status()
    assert "2.000 kg 已是 2 秒前" in scale.status and WAITING_TEXT in scale.status
    clock.now += QUIET_SECONDS
    scale._refresh_status()
    assert "没有数据" in scale.status


def test_after_garbage_the_old_reading_is_never_taken(qtbot: QtBot) -> None:
    clock = Clock()
    scale = FakeScale(clock=clock)
    scale.open(ScaleSettings("fake", 9600))
    scale.send(b"ST,GS,+  2.222kg\r\n")
    assert scale.take_reading() == 2222
    scale.send(b"\xff\xfe\x00garbage\r\n")
    with pytest.raises(ScaleNotReady, match=r"无法识别.*等待下一个稳定读数"):
        scale.take_reading()
    assert WAITING_TEXT in scale.status
    with qtbot.waitSignal(scale.status_changed) as status:
        scale.send(b"\x80\x81\r\n%%%%\r\n")
    assert "无法识别" in status.args[0] and "输出格式" in status.args[0]
    scale.send(b"US,GS,+  2.300kg\r\n")
    with pytest.raises(ScaleNotReady, match="不稳定"):
        scale.take_reading()
    scale.send(b"ST,GS,+  2.310kg\r\n")
    assert scale.take_reading() == 2310


def test_unplugged_gives_clear_status(qtbot: QtBot) -> None:
    scale = FakeScale()
    scale.open(ScaleSettings("fake", 9600))
    scale.send(b"ST,GS,+  1.234kg\r\n")
    with qtbot.waitSignal(scale.connected_changed) as connected:
        scale.unplug()
    assert connected.args == [False]
    assert "连接中断" in scale.status
    with pytest.raises(KefuError, match="未连接"):
        scale.take_reading()


def test_port_list_names_the_adapter() -> None:
    assert port_label("COM3", "USB-SERIAL CH340") == "USB-SERIAL CH340 (COM3)"
    assert port_label("ttyS0", "") == "ttyS0"
    for name, description in available_ports():  # whatever this machine has, in that shape
        assert name and isinstance(description, str)


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
        assert "无法识别" in status.args[0] and "9600，8N1" in status.args[0]
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


@pytest.mark.parametrize(
    ("scale_format", "frame", "grams"),
    [
        (ScaleFormat.AUTO, tf0("+001234", 3), 1234),
        (ScaleFormat.AUTO, tf1("001.234"), 1234),
        (ScaleFormat.AUTO, tf2("000.850"), 850),
        (ScaleFormat.XK3190_TF1, tf1("012.340"), 12_340),
        (ScaleFormat.XK3190_TF2, tf2("012.340"), 12_340),
    ],
)
def test_xk3190_formats_over_a_pty(
    qtbot: QtBot, scale_format: ScaleFormat, frame: bytes, grams: int
) -> None:
    """Continuous XK3190 output without line ends, 7 data bits and even parity as in 仓库设置."""
    master, slave = os.openpty()
    tty.setraw(master)
    scale = SerialScale()
    settings = ScaleSettings(os.ttyname(slave), 9600, SerialParity.EVEN, 7, scale_format)
    try:
        if not scale.open(settings):
            pytest.skip(f"QSerialPort cannot open a pty here: {scale.status}")
        assert "9600，7E1" in scale.status
        stream = frame * (SAME_FRAMES_FOR_STABLE + 1)
        with qtbot.waitSignal(scale.reading, timeout=3000):
            os.write(master, frame[:3])  # a frame split across reads
            os.write(master, stream[3:])
        qtbot.waitUntil(
            lambda: "稳定" in scale.status and "不稳定" not in scale.status, timeout=3000
        )
        assert scale.take_reading() == grams
        # noise on the line: the weight is not taken again until the next stable reading
        if scale_format == ScaleFormat.AUTO and frame.startswith(b"\x02"):
            os.write(master, tf0("+001234", 3, corrupt=True))
            qtbot.waitUntil(lambda: "校验错误" in scale.status, timeout=3000)
            with pytest.raises(ScaleNotReady, match="校验错误"):
                scale.take_reading()
            os.write(master, tf0("+001234", 3)[:7] + tf0("+000500", 3))
            qtbot.waitUntil(lambda: "0.500 kg" in scale.status, timeout=3000)
            with pytest.raises(ScaleNotReady, match="不稳定"):
                scale.take_reading()
            os.write(master, tf0("-000200", 3) * (SAME_FRAMES_FOR_STABLE + 1))
            qtbot.waitUntil(lambda: "负重" in scale.status, timeout=3000)
            with pytest.raises(KefuError, match="负重"):
                scale.take_reading()
    finally:
        scale.close()
        os.close(master)
        os.close(slave)
