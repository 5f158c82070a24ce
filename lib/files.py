"""Reading and writing the user's files safely: bounded reads, writes that are never left half done,
and one French sentence for every way a file can fail.

- A read never takes more than its limit + 1 bytes, even from a device whose size says 0
  (``/dev/zero``) or a file that grows while it is read.
- A write goes to a temporary file in the same folder, is flushed to the disk (``fsync``), then
  takes the file's place in one step (``os.replace``): a process killed at any moment leaves the
  old file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

_ERRNO_TEXTS = {
    errno.ENOENT: "fichier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "accès refusé (droits insuffisants)",
    errno.EPERM: "opération non permise",
    errno.EROFS: "disque en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
}


class FileProblem(Exception):
    """A file that cannot be read or written, with the one French sentence that says why."""


def describe_os_error(exc: OSError) -> str:
    """What an operating-system error means, in French, without Python's English text."""
    text = _ERRNO_TEXTS.get(exc.errno or 0)
    if text is None:
        text = f"erreur du système ({errno.errorcode.get(exc.errno or 0, exc.errno)})"
    return text


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, at most ``limit``; raises FileProblem when it holds more (reading stops at
    ``limit + 1`` bytes) or cannot be read. A regular file's size is checked before reading."""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FileProblem(f"{path} : c'est un dossier, pas un fichier")
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise FileProblem(too_big(info.st_size, limit))
            data = fh.read(limit + 1)
    except OSError as exc:
        raise FileProblem(f"{path} : {describe_os_error(exc)}") from None
    if len(data) > limit:
        raise FileProblem(too_big(None, limit))
    return data


def too_big(size: int | None, limit: int) -> str:
    """The sentence for a file over the limit (``size`` None when it is not known: a device)."""
    mb = limit / (1024 * 1024)
    limit_text = f"{mb:.0f} Mo" if mb >= 1 else f"{limit / 1024:.0f} Ko"
    weight = f"pèse {size / (1024 * 1024):.0f} Mo" if size is not None else "dépasse la limite"
    return f"le fichier {weight}, au-delà de la limite de {limit_text} : découpez-le en plusieurs fichiers"


def decode_text(data: bytes) -> str:
    """A text file's text: UTF-8 (with or without BOM), else Windows-1252 (an old Windows editor);
    FileProblem when it is neither (bytes 0x81, 0x8d, 0x8f, 0x90, 0x9d are not Windows-1252)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"encodage non reconnu (ni UTF-8 ni Windows-1252) : octet 0x{data[exc.start]:02X} à la "
                          f"position {exc.start} ; enregistrez le fichier en UTF-8") from None


def read_text_file(path: Path, limit: int) -> str:
    """A text file's text (``read_limited`` then ``decode_text``); FileProblem, in French, otherwise."""
    data = read_limited(path, limit)
    try:
        return decode_text(data)
    except FileProblem as exc:
        raise FileProblem(f"{path} : {exc}") from None


def check_writable(path: Path) -> None:
    """FileProblem unless ``path`` is an existing file that may be replaced: not marked read-only
    (whoever runs the command, root included), in a folder where a file can be created."""
    try:
        info = path.stat()
    except OSError as exc:
        raise FileProblem(f"{path} : {describe_os_error(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(f"{path} : c'est un dossier, pas un fichier")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise FileProblem(f"{path} : fichier en lecture seule ; rendez-le modifiable (chmod u+w) puis relancez")
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileProblem(f"{folder} : dossier en lecture seule ; la sauvegarde et le nouveau fichier ne "
                          "peuvent pas y être écrits")


def write_atomically(path: Path, data: bytes, like: Path | None = None) -> None:
    """Replace ``path`` by a file holding ``data`` in one step, durable once this returns.

    The new file keeps the permissions of the file it replaces (or of ``like``). A failure leaves
    the old file untouched and removes the temporary one; a kill leaves at worst a hidden
    ``.NAME.*.tmp`` beside it.
    """
    path = Path(path)
    model = like if like is not None else path
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            shutil.copymode(model, tmp)
        except OSError:  # a new file: the usual permissions, not mkstemp's private ones
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(path.parent)


def copy_atomically(source: Path, target: Path) -> None:
    """A copy of ``source`` at ``target`` (a backup), written the same way: complete or absent."""
    write_atomically(target, Path(source).read_bytes(), like=source)
    with contextlib.suppress(OSError):
        shutil.copystat(source, target)


def _umask() -> int:
    """The process's umask, read without changing it (``os.umask`` would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (the folder's entry), where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
