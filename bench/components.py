"""Seconds per pipeline component, and how many sentences a selective parser would skip.

On the same corpus as ``bench/pipeline.py`` (GeoWebNews and TR-News from
``../shared/data/geo/``, one core, batch 8), each component of the pipeline runs over all
documents in turn, so its time is its own:

1. the bare model (``eventwire.nlp.load_model``): tok2vec, tagger, parser, attribute
   ruler, lemmatizer, NER;
2. eventwire's pipeline (``build_pipeline``): the same model with the fast rule
   components of ``eventwire/model_rules.py`` in place of the attribute ruler and the
   lemmatizer, the paragraph breaks and the entity stage.

Then, over the parsed documents, the share of sentences that hold a word a parse is
needed for: an event trigger (by lemma), a reporting verb or attribution word, a number,
a date or time entity, or a name whose reading the entity stage takes from the parse (a
place as an agent, "Damascus said", is an actor; a person's role and rank). A parser run
only on the other sentences could save at most that share's complement of the parser's
time (the tagger needs tok2vec everywhere).

Run: ``.venv/bin/python bench/components.py [--reports 318]``. It prints a table; timings
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import BATCH_SIZE, corpus  # the same corpus as make bench

from eventwire.events import load_event_types
from eventwire.extract.cues import load_cues
from eventwire.extract.pipeline import build_pipeline
from eventwire.nlp import load_model


def component_seconds(nlp, texts):  # type: ignore[no-untyped-def]
    """Each enabled component's seconds over every text, run one component at a time."""
    list(nlp.pipe(texts[:BATCH_SIZE], batch_size=BATCH_SIZE))  # warm caches and lazy loads
    docs = [nlp.make_doc(t) for t in texts]
    seconds = {}
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=BATCH_SIZE))
        else:
            docs = [component(d) for d in docs]
        seconds[name] = time.perf_counter() - start
    return seconds, docs


NAMES_READ_FROM_THE_PARSE = ("GPE", "LOC", "NORP", "PERSON", "ORG", "FAC")


def parse_needed_share(docs) -> dict[str, float]:  # type: ignore[no-untyped-def]
    triggers = load_event_types().single_word_lemmas
    cues = load_cues()
    reporting = {*cues.reporting_verbs, *cues.denial_nouns, *cues.adverbs}
    reporting |= {word for phrase in cues.attribution_phrases for word in phrase}
    counts = dict.fromkeys(("trigger", "reporting", "number", "date", "name", "any"), 0)
    total = 0
    for doc in docs:
        for sentence in doc.sents:
            if not sentence.text.strip():
                continue
            total += 1
            found = {
                "trigger": any(t.lemma_.lower() in triggers for t in sentence),
                "reporting": any(t.lemma_.lower() in reporting for t in sentence),
                "number": any(t.like_num for t in sentence),
                "date": any(t.ent_type_ in ("DATE", "TIME") for t in sentence),
                "name": any(t.ent_type_ in NAMES_READ_FROM_THE_PARSE for t in sentence),
            }
            found["any"] = any(found.values())
            for key, value in found.items():
                counts[key] += value
    return {key: value / total for key, value in counts.items()} | {"sentences": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=318, help="N reports (default 318)")
    args = parser.parse_args()
    texts = [report.text for report in corpus(args.reports)]
    print(f"{len(texts)} reports, {sum(len(t.split()) for t in texts):,} words, one core")

    bare, _ = component_seconds(load_model(), texts)
    ours, docs = component_seconds(build_pipeline(), texts)
    names = list(dict.fromkeys([*bare, *ours]))
    print(f"\n{'component':<28}{'bare model s':>14}{'eventwire s':>14}")
    for name in names:
        left = f"{bare[name]:.2f}" if name in bare else "-"
        right = f"{ours[name]:.2f}" if name in ours else "-"
        print(f"{name:<28}{left:>14}{right:>14}")
    print(f"{'total':<28}{sum(bare.values()):>14.2f}{sum(ours.values()):>14.2f}")

    share = parse_needed_share(docs)
    print(f"\nsentences: {int(share.pop('sentences')):,}; share holding")
    for key, value in share.items():
        print(f"  {key:<10} {value:6.1%}")


if __name__ == "__main__":
    main()
