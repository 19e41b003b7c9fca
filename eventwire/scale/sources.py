"""Corpora at URIs for the Ray engine: ``s3://``, ``gs://``, ``file://``, ``local://``, and
any other scheme pyarrow has a filesystem for.

The files under a URI are listed with ``pyarrow.fs``, in the order a local folder is
walked (a folder's files sorted by name, then its sub-folders sorted by name; names
starting with "." skipped), and read by ``ray.data.read_binary_files`` in Ray tasks. Each
task hands its file to eventwire's reader for the file's suffix, so a corpus reads the
same from an object store as from a local folder: the same reports, and the same
failures, named ``<uri>:<line>``. Files without a reader, and files over ``max_bytes``
(from the listing's size), are reported without being read. A task holds one file (at
most ``max_bytes``), and the driver one file's reports at a time.

``http://`` and ``https://`` are not URIs here: they are feed URLs, read on the driver.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from eventwire.errors import ConfigError, EventwireError
from eventwire.readers import READERS, SUPPORTED_SUFFIXES, read_path
from eventwire.readers.decode import _too_large
from eventwire.records import RawReport, ReadFailure
from eventwire.scale.serial import reports_from_json, reports_to_json
from eventwire.settings import Settings

FEED_SCHEMES = ("http", "https")


def is_uri(item: str) -> bool:
    """``scheme://…`` other than a feed URL (``http``/``https``)."""
    scheme, sep, _ = item.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() not in FEED_SCHEMES


def filesystem(uri: str) -> tuple[Any, str]:
    """The pyarrow filesystem of ``uri`` and the path in it, or ConfigError."""
    import pyarrow.fs

    try:
        return pyarrow.fs.FileSystem.from_uri(uri)
    except (OSError, ValueError, TypeError) as exc:  # ArrowInvalid is a ValueError
        raise ConfigError(
            f"cannot read {uri}: {exc}. URIs need a filesystem pyarrow knows (s3://, gs://, "
            "hdfs://, abfs://, file://) and its credentials in the usual environment "
            "variables; or copy the corpus to a local folder"
        ) from exc


def walk_key(relative: str) -> tuple[tuple[int, str], ...]:
    """Sort key putting paths in the order a local folder is walked: a folder's files
    (by name) before its sub-folders (by name)."""
    *folders, name = PurePosixPath(relative).parts
    return (*((1, f) for f in folders), (0, name))


def list_files(fs: Any, root: str) -> list[tuple[str, int]] | None:
    """(path, size) of the file ``root`` or of the files under the folder ``root``, in
    walk order; None when there is nothing at ``root``."""
    import pyarrow.fs

    info = fs.get_file_info(root)
    if info.type == pyarrow.fs.FileType.NotFound:
        return None
    if info.type != pyarrow.fs.FileType.Directory:
        return [(info.path, info.size or 0)]
    base = info.path.rstrip("/")
    found = []
    for item in fs.get_file_info(pyarrow.fs.FileSelector(base, recursive=True)):
        relative = item.path[len(base) :].lstrip("/")
        if item.is_file and not any(p.startswith(".") for p in PurePosixPath(relative).parts):
            found.append((walk_key(relative), item.path, item.size or 0))
    return [(path, size) for _, path, size in sorted(found)]


def read_uri(ray: Any, uri: str, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """Reports and failures of the file or folder at ``uri``, in walk order; Ray must be
    running."""
    fs, root = filesystem(uri)
    files = list_files(fs, root)
    if files is None:
        yield ReadFailure(uri, "not_found", "no such file or folder")
        return

    def readable(path: str, size: int) -> bool:
        return PurePosixPath(path).suffix.lower() in READERS and size <= settings.max_bytes

    wanted = [path for path, size in files if readable(path, size)]
    rows: Iterator[dict[str, Any]] = iter(())
    if wanted:
        rows = iter(
            ray.data.read_binary_files(wanted, filesystem=fs, include_paths=True)
            .map(parse_file, fn_kwargs={"uri": uri, "root": root, "max_bytes": settings.max_bytes})
            .iter_rows()
        )
    for path, size in files:
        origin = uri_of(path, uri=uri, root=root)
        suffix = PurePosixPath(path).suffix.lower()
        if suffix not in READERS:
            yield ReadFailure(
                origin,
                "unsupported",
                f"no reader for {suffix or 'files without a suffix'}; "
                f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
            )
        elif size > settings.max_bytes:
            yield _too_large(origin, size=size, max_bytes=settings.max_bytes)
        else:
            row = next(rows, None)
            if row is None or row["origin"] != origin:
                found = row["origin"] if row else "nothing"
                raise EventwireError(f"ray.data returned {found} where {origin} was due")
            yield from reports_from_json(row["items"])


def uri_of(path: str, *, uri: str, root: str) -> str:
    """The URI of ``path``, a file listed under ``root``, the path of ``uri``."""
    root = root.rstrip("/")
    if path.startswith(root):
        return uri.split("?", 1)[0].rstrip("/") + path[len(root) :]  # no ?region=...
    return f"{uri.partition('://')[0]}://{path}"


def parse_file(row: dict[str, Any], *, uri: str, root: str, max_bytes: int) -> dict[str, Any]:
    """A Ray task: one file's bytes through eventwire's reader for its suffix.

    The readers read local files, so the bytes go to a temporary file of the same name
    first; origins name the URI."""
    origin = uri_of(str(row["path"]), uri=uri, root=root)
    with tempfile.TemporaryDirectory(prefix="eventwire-") as folder:
        local = Path(folder, PurePosixPath(str(row["path"])).name)
        local.write_bytes(row["bytes"])
        items = [
            _relabel(item, str(local), origin)
            for item in read_path(local, settings=Settings(max_bytes=max_bytes))
        ]
    return {"origin": origin, "items": reports_to_json(items)}


def _relabel(item: RawReport | ReadFailure, local: str, origin: str) -> RawReport | ReadFailure:
    if item.origin.startswith(local):
        return replace(item, origin=origin + item.origin[len(local) :])
    return item
