"""What every extraction worker needs, made once before the workers start.

The fork server that :func:`eventwire.extract.workers.extract_in_processes` starts imports
this module, so spaCy, eventwire's modules, the model and the bundled dictionaries (with
the actor matcher over them) are loaded once there; each worker is then forked from it
with all of that in memory (copy-on-write) and only adds the entity stage with its
settings. Spawning each worker fresh instead costs every one of them the imports and the
load.

Only data is made here, never a connection or a thread: the gazetteer is opened by the
entity stage, in the worker, after the fork. Importing this module anywhere else loads
the model: only workers and the fork server import it.
"""

from __future__ import annotations

from spacy.language import Language

from eventwire.events import load_event_types
from eventwire.extract.actors import make_actor_matcher_ahead
from eventwire.extract.cues import load_cues
from eventwire.extract.pipeline import model_with_rules
from eventwire.lexicon import load_lexicon

_preloaded: Language | None = None


def _preload() -> None:
    global _preloaded
    try:
        _preloaded = model_with_rules()
        make_actor_matcher_ahead(_preloaded.make_doc, load_lexicon())
        load_cues()
        load_event_types()
    except Exception:  # the worker builds its own and reports the error
        _preloaded = None


def take_model_with_rules() -> Language:
    """The preloaded model with its rule components, handed out once (a second caller,
    or a worker whose preload failed, gets a freshly loaded one, so a load error is
    raised where it can be reported)."""
    global _preloaded
    nlp, _preloaded = _preloaded, None
    return nlp if nlp is not None else model_with_rules()


_preload()
