"""Small real filesystems for storage-fault tests: a tmpfs and an ext4 on a loop device.

Mounting needs root (CI runs as root); elsewhere the tests that need them skip, and the
same faults are covered with injected OS errors.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")


def need_root(tool: str = "mount") -> None:
    if os.geteuid() != 0 or shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the filesystem tests (root and {tool} needed)")
        pytest.skip(f"needs root and {tool} to mount a small filesystem")


@contextmanager
def tmpfs(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` for the duration."""
    need_root()
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


class LoopDisk:
    """An ext4 filesystem in an image file, mounted with errors=remount-ro like a system disk."""

    def __init__(self, image: Path, mount_point: Path) -> None:
        self.image = image
        self.mount_point = mount_point

    def mount(self) -> None:
        _run("mount", "-o", "loop,errors=remount-ro", str(self.image), str(self.mount_point))

    def unmount(self) -> None:
        _run("umount", str(self.mount_point))

    def device(self) -> str:
        out = subprocess.run(
            ["findmnt", "-n", "-o", "SOURCE", str(self.mount_point)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return Path(out.stdout.strip()).name

    def disk_error(self) -> None:
        """What a failing disk does: ext4 records an error and turns itself read-only."""
        Path(f"/sys/fs/ext4/{self.device()}/trigger_fs_error").write_text("kefu test\n")

    def cut_off(self) -> None:
        """What a vanished share does to open files: every read and write fails from now on
        (ext4's shutdown ioctl, as `xfs_io -c shutdown` sends it)."""
        going_down_nologflush = 2
        ext4_ioc_shutdown = 0x8004587D
        handle = os.open(self.mount_point, os.O_RDONLY)
        try:
            fcntl.ioctl(handle, ext4_ioc_shutdown, struct.pack("I", going_down_nologflush))
        finally:
            os.close(handle)

    def repair(self) -> None:
        """Unmount, fsck and mount again, as the administrator would after a disk error."""
        self.unmount()
        subprocess.run(["e2fsck", "-fy", str(self.image)], capture_output=True, timeout=120)
        self.mount()


@contextmanager
def loop_disk(where: Path, size_mb: int = 16) -> Iterator[LoopDisk]:
    need_root("mkfs.ext4")
    image = where / "disk.img"
    mount_point = where / "disk"
    mount_point.mkdir(parents=True, exist_ok=True)
    with open(image, "wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    _run("mkfs.ext4", "-q", "-F", str(image))
    disk = LoopDisk(image, mount_point)
    disk.mount()
    if not Path(f"/sys/fs/ext4/{disk.device()}/trigger_fs_error").exists():
        disk.unmount()
        pytest.skip("this kernel cannot simulate an ext4 disk error")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
