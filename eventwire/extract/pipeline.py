"""The full pipeline: the statistical model plus eventwire's components, run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language

from eventwire.extract.analyse import analyse
from eventwire.extract.entities import make_entity_finder
from eventwire.extract.paragraphs import COMPONENT as PARAGRAPHS
from eventwire.extract.paragraphs import paragraph_breaks
from eventwire.extract.workers import extract_in_processes
from eventwire.model_rules import speed_up_rules
from eventwire.nlp import load_model
from eventwire.records import Document, Extraction

__all__ = [
    "add_entity_stage",
    "build_pipeline",
    "extract",
    "extract_in_processes",
    "make_entity_finder",
    "model_with_rules",
    "paragraph_breaks",
]  # importing registers the factory

COMPONENT = "eventwire_entities"


def build_pipeline(*, actor_files: Sequence[Path] = ()) -> Language:
    """A fresh pipeline (the model is loaded from disk each time: components hold state)."""
    return add_entity_stage(model_with_rules(), actor_files=actor_files)


def model_with_rules() -> Language:
    """The statistical model with eventwire's rule components, but no entity stage yet:
    what does not depend on settings (the part an extraction worker inherits, see
    :mod:`eventwire.extract.worker_preload`)."""
    nlp = load_model()
    speed_up_rules(nlp)  # the same attributes and lemmas, a fraction of the time
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def add_entity_stage(nlp: Language, *, actor_files: Sequence[Path] = ()) -> Language:
    """``nlp`` with the entity stage (actors from the bundled and ``actor_files``
    dictionaries, people, groups, places) added last."""
    nlp.add_pipe(COMPONENT, config={"actor_files": [str(p) for p in actor_files]})
    return nlp


def extract(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 8
) -> Iterator[tuple[Document, Extraction]]:
    """Run the pipeline over documents, yielding each with what was found in it."""
    pairs = ((doc.text, doc) for doc in documents)
    for spacy_doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, analyse(document, spacy_doc)
