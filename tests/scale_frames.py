"""Frames as real scales send them, for the scale tests."""

from __future__ import annotations


def tf0(weight: str, decimals: int, *, corrupt: bool = False) -> bytes:
    """A Yaohua XK3190 tf=0 frame: STX, sign, 6 digits, decimal count, XOR (2 hex), ETX.

    `weight` is signed digits without the point, e.g. "+001234" with 3 decimals = 1.234 kg.
    """
    body = f"{weight}{decimals}".encode()
    xor = 0
    for value in body:
        xor ^= value
    if corrupt:
        xor ^= 0x01
    return b"\x02" + body + f"{xor:02X}".encode() + b"\x03"


def tf1(display: str) -> bytes:
    """An XK3190 tf=1 frame: '=' and the display text reversed ('0100.5' → '=5.0010')."""
    return b"=" + display[::-1].encode()


def tf2(display: str) -> bytes:
    """An XK3190 tf=2 frame: '=' and the display text in order."""
    return b"=" + display.encode()
