"""Turning files uploaded through the web page into a path the list readers understand.

A list arrives as one file (UN XML, CSL CSV, DPL, FtM), as the files of an OFAC set uploaded
together (sdn.csv, alt.csv, add.csv, sdn_comments.csv), or as a zip of either. The files are written
to a private temporary folder under their base names only, and zip members are checked so that no
name can escape that folder and no archive can expand beyond a fixed size.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from qgov.screening.sources import ofac
from qgov.screening.versions import ListRejected

MAX_EXTRACTED_BYTES = 500 * 1024 * 1024


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    if base in {"", ".", ".."}:
        raise ListRejected(f"'{name}' is not a usable file name")
    return base


def _extract(archive: Path, folder: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_EXTRACTED_BYTES:
                raise ListRejected(f"{archive.name}: the archive expands to more than 500 MB")
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.filename.startswith(("/", "\\")) or ".." in parts or not parts:
                    raise ListRejected(
                        f"{archive.name}: the member '{member.filename}' points outside the archive"
                    )
                if parts[0] == "__MACOSX" or parts[-1].startswith("."):
                    continue
                target = folder.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
    except zipfile.BadZipFile as error:
        raise ListRejected(f"{archive.name}: not a readable zip archive ({error})") from error


def _list_path(folder: Path, names: str) -> Path:
    """The file or OFAC folder inside ``folder`` that holds the list."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    ofac_folders = {p.parent for p in files if p.name.lower() in ofac.PRIMARY_FILE_NAMES}
    if len(ofac_folders) == 1:
        return ofac_folders.pop()
    if len(ofac_folders) > 1:
        raise ListRejected(f"{names}: several OFAC sets in one upload; import them one at a time")
    if len(files) == 1:
        return files[0]
    if not files:
        raise ListRejected(f"{names}: no file was uploaded")
    raise ListRejected(
        f"{names}: {len(files)} files but no OFAC set (sdn.csv or cons_prim.csv); "
        "upload several files only for an OFAC set, other lists one file at a time"
    )


@contextmanager
def uploaded_list(files: Iterable[Any]) -> Iterator[Path]:
    """Yield the path of the uploaded list (file or OFAC folder); the copies are removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="qgov-list-") as temporary:
        folder = Path(temporary) / "upload"
        folder.mkdir()
        names = []
        for upload in files:
            name = _safe_name(upload.name)
            names.append(name)
            target = folder / name
            with target.open("wb") as sink:
                for chunk in upload.chunks():
                    sink.write(chunk)
            if zipfile.is_zipfile(target):
                _extract(target, folder / f"{name}.contents")
                target.unlink()
        yield _list_path(folder, ", ".join(names) or "the upload")
