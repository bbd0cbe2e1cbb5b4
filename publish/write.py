"""The site's folder written all or nothing, and only where a file changed.

How, and why this way:
- The whole site is built in memory first (publish.site): a failure while building (damaged data, a
  brief that cannot be drawn) happens before anything is written, and the old site stays as it was.
- Nothing changed (every file byte-identical, none to remove): nothing is written at all, so caches,
  git and CDNs see the same files with the same times.
- Something changed: the new site is assembled in a staging folder beside OUT. A file whose bytes did
  not change is a hard link to the published one (same inode, same modification time: not rewritten);
  a changed file is written; every written file is flushed to the disk (several at once) before two
  renames swap the folders (OUT -> .OUT.old, staging -> OUT) and the old one is removed. A failure
  while staging removes the staging folder and leaves OUT whole. A crash between the two renames leaves
  .OUT.old and the staging folder; the next publish finishes that swap (or puts the old site back)
  before doing anything else.
- OUT is the publisher's own: a file in it that the site no longer has is removed. So a folder that
  holds something else (no manifest, not empty) is refused rather than emptied.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from contract.errors import MonitorError

MANIFEST = ".icrmw-site.json"  # what was published and from which inputs; not a page of the site
FLUSHING = 16  # files flushed to the disk at once


class PublishError(MonitorError):
    """The site could not be published; the previous site (if any) is left whole."""


@dataclass
class Written:
    """What a publish did to the folder."""

    written: list[str] = field(default_factory=list)  # new or changed files
    removed: list[str] = field(default_factory=list)  # files the site no longer has
    unchanged: int = 0

    def summary(self, out: Path) -> str:
        """One line, like a commit message."""
        if not self.written and not self.removed:
            return f"published {out}: no change ({self.unchanged} files)"
        return (f"published {out}: {len(self.written)} written, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


def staging_dir(out: Path) -> Path:
    """Where the next site is assembled (beside OUT, so the rename is on the same filesystem)."""
    return out.parent / f".{out.name}.staging"


def old_dir(out: Path) -> Path:
    """Where the previous site waits while the new one takes its place."""
    return out.parent / f".{out.name}.old"


@contextlib.contextmanager
def publish_lock(out: Path) -> Iterator[None]:
    """One publish at a time into a folder (a lock file beside it); PublishError if another one runs."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"another publish into {out} is running; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(out: Path) -> None:
    """Finish or undo a swap that a crash interrupted; drop a half-built staging folder."""
    old, staging = old_dir(out), staging_dir(out)
    if old.exists() and not out.exists():
        if staging.exists() and (staging / MANIFEST).exists():
            os.replace(staging, out)  # the staging folder was complete: finish the swap
        else:
            os.replace(old, out)  # put the previous site back
    if old.exists():
        shutil.rmtree(old)
    if staging.exists():
        shutil.rmtree(staging)


def read_manifest(out: Path) -> dict | None:
    """The manifest of the site in OUT, None if there is none (or it is unreadable)."""
    try:
        value = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def check_folder(out: Path) -> None:
    """Refuse a folder that holds files this publisher did not write (it would remove them)."""
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder: give a folder to publish the site into")
    if out.is_dir() and any(out.iterdir()) and read_manifest(out) is None:
        raise PublishError(f"{out} holds files that were not published here (no {MANIFEST}); publish into a new "
                           "or empty folder, or into the folder of an earlier publish")


def site_files(out: Path) -> set[str]:
    """Every file of the published site, as paths relative to OUT (the manifest left out)."""
    if not out.is_dir():
        return set()
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()} - {MANIFEST}


def same(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly these bytes."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def manifest_bytes(files: dict[str, bytes], inputs: str) -> bytes:
    """The manifest: the inputs' fingerprint and each file's SHA-256, sorted (the same site, the same bytes)."""
    digests = {path: hashlib.sha256(files[path]).hexdigest() for path in sorted(files)}
    return (json.dumps({"format": 1, "inputs": inputs, "files": digests}, indent=1, sort_keys=True) + "\n").encode()


def is_current(out: Path, inputs: str) -> bool:
    """Whether OUT holds the site of these inputs, every file intact (then there is nothing to build)."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("inputs") != inputs or not isinstance(manifest.get("files"), dict):
        return False
    if set(manifest["files"]) != site_files(out):
        return False
    for path, digest in manifest["files"].items():
        try:
            if hashlib.sha256((out / path).read_bytes()).hexdigest() != digest:
                return False
        except OSError:
            return False
    return True


def write_site(out: Path, files: dict[str, bytes], inputs: str) -> Written:
    """Publish ``files`` ({relative path: bytes}) into OUT, all or nothing, writing only what changed."""
    out = out.resolve()
    recover(out)
    check_folder(out)
    before = site_files(out)
    changed = sorted(path for path in files if not same(out / path, files[path]))
    removed = sorted(before - set(files))
    report = Written(written=changed, removed=removed, unchanged=len(files) - len(changed))
    manifest = manifest_bytes(files, inputs)
    if not changed and not removed:
        if not same(out / MANIFEST, manifest):  # the same site from other inputs: remember them
            replace_file(out / MANIFEST, manifest)
        return report
    staging = staging_dir(out)
    try:
        stage(staging, out, files, set(changed))
        (staging / MANIFEST).write_bytes(manifest)
        swap(out, staging)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return report


def stage(staging: Path, out: Path, files: dict[str, bytes], changed: set[str]) -> None:
    """Assemble the new site: unchanged files linked to the published ones, changed ones written, and all of
    those flushed to the disk before the swap."""
    staging.mkdir(parents=True)
    for path in sorted(files):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in changed:
            target.write_bytes(files[path])
        else:
            try:
                os.link(out / path, target)
            except OSError:  # a filesystem without hard links: a copy with the same time
                shutil.copy2(out / path, target)
        os.chmod(target, 0o644)
    flush([staging / path for path in sorted(changed)])


def flush(paths: list[Path]) -> None:
    """fsync each file, several at once: the filesystem then commits them together (one fsync after another,
    the 1,634 files of a whole site took 3-10 s on a shared disk; together, a third of that)."""
    def sync(path: Path) -> None:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    with ThreadPoolExecutor(FLUSHING) as pool:
        list(pool.map(sync, paths))  # list(): the first error, if any, is raised here


def swap(out: Path, staging: Path) -> None:
    """Put the staged site in OUT's place (recover() finishes this if a crash interrupts it)."""
    if not out.exists():
        os.replace(staging, out)
        return
    old = old_dir(out)
    os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old)


def replace_file(path: Path, data: bytes) -> None:
    """Write one file atomically (a temporary file beside it, then a rename)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
