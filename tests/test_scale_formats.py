"""Reading the Yaohua XK3190 continuous formats beside the ST/US text lines."""

from __future__ import annotations

import pytest

from kefu_desktop.domain.scale import (
    SAME_FRAMES_FOR_STABLE,
    FrameProblem,
    ReadingStatus,
    ScaleDecoder,
    ScaleFormat,
    ScaleReading,
)
from tests.scale_frames import tf0, tf1, tf2

STABLE = ReadingStatus.STABLE
UNSTABLE = ReadingStatus.UNSTABLE


def _weights(items: list[ScaleReading | FrameProblem]) -> list[int | FrameProblem | None]:
    return [i.grams if isinstance(i, ScaleReading) else i for i in items]


def test_tf0_checksum_verified_and_stable_after_equal_frames() -> None:
    decoder = ScaleDecoder()
    got = decoder.feed(tf0("+001234", 3) * SAME_FRAMES_FOR_STABLE)
    assert _weights(got) == [1234] * SAME_FRAMES_FOR_STABLE
    assert [r.status for r in got if isinstance(r, ScaleReading)] == [UNSTABLE] * (
        SAME_FRAMES_FOR_STABLE - 1
    ) + [STABLE]
    assert decoder.detected == ScaleFormat.XK3190_TF0
    assert decoder.feed(tf0("+001234", 3, corrupt=True)) == [FrameProblem.BAD_CHECKSUM]
    # a bad frame breaks the run: stability has to be earned again
    got = decoder.feed(tf0("+001234", 3))
    assert got == [ScaleReading(UNSTABLE, 1234)]
    assert decoder.feed(tf0("+012500", 2)) == [ScaleReading(UNSTABLE, 125_000)]
    assert decoder.feed(tf0("-000120", 3)) == [ScaleReading(UNSTABLE, -120)]
    assert decoder.feed(tf0("+000350", 1)) == [ScaleReading(UNSTABLE, 35_000)]


def test_tf0_frames_split_anywhere_and_torn_frames() -> None:
    decoder = ScaleDecoder()
    stream = tf0("+000800", 3) * 3
    got: list[ScaleReading | FrameProblem] = []
    for byte in stream:  # the port may deliver one byte at a time
        got += decoder.feed(bytes([byte]))
    assert _weights(got) == [800, 800, 800]
    # the line breaks in the middle of a frame: the rest is lost, the next frame is read
    assert decoder.feed(tf0("+001234", 3)[:6] + tf0("+000900", 3)) == [
        FrameProblem.TORN,
        ScaleReading(UNSTABLE, 900),
    ]
    # a frame whose end byte is missing is never read as a weight
    assert decoder.feed(tf0("+001234", 3)[:-1] + b"x") == [FrameProblem.TORN]
    assert decoder.feed(tf0("+000900", 3)) == [FrameProblem.TORN, ScaleReading(UNSTABLE, 900)]


def test_tf1_reversed_and_tf2_in_order() -> None:
    decoder = ScaleDecoder()
    assert _weights(decoder.feed(tf1("00100.5") + tf1("00100.5"))) == [100_500, 100_500]
    assert decoder.detected == ScaleFormat.XK3190_TF1
    assert _weights(decoder.feed(tf1("001.234") + tf1("-00.120"))) == [1234, -120]
    decoder = ScaleDecoder()
    assert _weights(decoder.feed(tf2("000.450") + tf2("001.234") + tf2("012.340"))) == [
        450,
        1234,
        12_340,
    ]
    assert decoder.detected == ScaleFormat.XK3190_TF2


def test_tf1_and_tf2_told_apart_only_when_sure() -> None:
    decoder = ScaleDecoder()
    # "012.340" could be 12.34 (tf=2) or 43.21 (tf=1): no weight until the format is known
    assert decoder.feed(tf2("012.340")) == [FrameProblem.AMBIGUOUS]
    assert decoder.detected is None
    # a weight that reads the same both ways needs no decision
    assert _weights(decoder.feed(tf2("000.000"))) == [0]
    # the parcel goes on: the rising weight shows the display's leading zeros
    assert _weights(decoder.feed(tf2("000.054") + tf2("012.340"))) == [54, 12_340]
    assert decoder.detected == ScaleFormat.XK3190_TF2
    chosen = ScaleDecoder(ScaleFormat.XK3190_TF1)
    assert _weights(chosen.feed(tf1("012.340"))) == [12_340]


def test_auto_detects_lines_too_and_overrides_refuse_other_formats() -> None:
    decoder = ScaleDecoder()
    assert _weights(decoder.feed(b"ST,GS,+  1.234kg\r\n")) == [1234]
    assert decoder.detected == ScaleFormat.LINES
    assert decoder.feed(tf0("+001234", 3)) == [FrameProblem.UNREADABLE]
    decoder.reset()  # a new connection: recognised afresh
    assert _weights(decoder.feed(tf0("+001234", 3))) == [1234]
    forced = ScaleDecoder(ScaleFormat.XK3190_TF0)
    assert forced.feed(b"ST,GS,+  1.234kg\r\n") == [FrameProblem.UNREADABLE]
    assert forced.feed(tf2("001.234")) == [FrameProblem.UNREADABLE]


@pytest.mark.parametrize(
    "noise",
    [b"=12", b"=1a3.5b7=", b"=..1234=", b"\x02+00AB123xx\x03", b"\x02+0012", b"12.3"],
)
def test_noise_never_gives_a_weight(noise: bytes) -> None:
    decoder = ScaleDecoder()
    got = decoder.feed(noise + tf0("+000700", 3))
    assert all(isinstance(i, FrameProblem) for i in got[:-1])
    assert got[-1] == ScaleReading(UNSTABLE, 700)
    assert decoder.feed(b"") == []
