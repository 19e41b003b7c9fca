"""Everything eventwire reads from one parsed document, as one Extraction record:
entities (from the pipeline component), time expressions, quantities and casualty counts.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from eventwire.extract.casualties import find_casualties
from eventwire.extract.entities import Findings, to_extraction
from eventwire.extract.extensions import FINDINGS
from eventwire.numbers import find_quantities
from eventwire.records import Document, Extraction
from eventwire.times.find import find_times


def analyse(document: Document, doc: Doc) -> Extraction:
    entities = to_extraction(document.id, doc)
    times = find_times(doc, doc_id=document.id, published=document.published)
    quantities = find_quantities(doc, doc_id=document.id)
    findings: Findings = getattr(doc._, FINDINGS)
    naming = [f for f in findings.spans if f.role in (None, "metonym")]
    casualties = find_casualties(
        doc,
        doc_id=document.id,
        quantities=quantities,
        times=times,
        actors=[f for f in naming if f.kind == "actor"],
        places=[f for f in naming if f.kind == "place"],
    )
    return replace(
        entities,
        times=tuple(times),
        quantities=tuple(quantities),
        casualties=tuple(casualties),
    )
