"""Finding the counts, sums of money and durations in a parsed document.

Every number the grammar reads is a candidate, whether or not the model tagged it
CARDINAL, MONEY or QUANTITY: the model misses some ("a dozen" loses its "a"; "between 20
and 30" comes out as a DATE; "six weeks" is a DATE; "500,000 rials" is a bare CARDINAL).
The model's labels and the words around a candidate then rule out what is not a quantity
of people, money or time:

- a number inside a name or a title the model found (ORG, LAW, PRODUCT, FAC, EVENT, ...),
  an ordinal, a percentage ("30%", "30 percent"), a measurement ("15 km", "a QUANTITY");
- a number after a capitalised proper noun or an identifier word ("Brigade 93",
  "Resolution 2254", "Flight 17", "number 5"), opening a unit's name ("3 Commando
  Brigade"), or glued to letters ("F-16", "1990s");
- years and dates ("in 2014", "12 March", "2014-2015"): a bare four-digit number from
  1800 to 2100 is a year unless a plural noun follows ("killed 2000 people"); an
  unqualified count the model tagged DATE or TIME is dropped (the model's DATE wins over
  the plural noun: "the 2014 elections");
- times of day ("10:30", "3 pm", "0300 GMT"), phone numbers and codes ("+963 11 2345678":
  digit groups side by side, leading zeros, seven digits or more without separators);
- ages ("a 25-year-old", "aged 25") and offsets that are dates ("six weeks ago");
- "one" as a pronoun or in an idiom ("no one", "one another", "one day", "the one");
- "a"/"an" ("a soldier"), unless the caller asks for ``indefinite`` counts.

A count's span ends right before what it counts: "Some 30" in "Some 30 IRGC fighters",
"dozens" in "dozens of people" (the "of" is left out), "a dozen" in "a dozen militants".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from eventwire.doc_text import doc_text
from eventwire.numbers.atoms import Atom, atoms_of_doc
from eventwire.numbers.grammar import LEAD, Match, core_starts, match
from eventwire.numbers.lexicon import number_lexicon
from eventwire.records import Evidence, Quantity

NAME_LABELS = frozenset(
    {"ORDINAL", "PERCENT", "LAW", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "ORG", "PERSON"}
    | {"GPE", "LOC", "NORP", "LANGUAGE"}
)
DATE_LABELS = frozenset({"DATE", "TIME"})
MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
TIME_ZONES = frozenset({"am", "pm", "gmt", "utc", "bst", "cet", "cest", "edt"})
PERCENT_WORDS = frozenset({"%", "percent", "pc", "pct", "percentage", "‰"})
MEASURE_WORDS = frozenset(
    """
    km kms kilometre kilometres kilometer kilometers metre metres meter meters m mm cm
    mile miles feet foot ft inch inches yard yards kg kilogram kilograms kilo kilos gram
    grams g tonne tonnes ton tons lb lbs litre litres liter liters gallon gallons barrel
    barrels bpd acre acres hectare hectares ha sq square degree degrees ° kph mph knots
    calibre caliber mw kw megawatt megawatts kilowatt kilowatts
    """.split()
)
ID_WORDS = frozenset(
    """
    no nos number resolution article chapter section paragraph page flight route highway
    road unit brigade division battalion regiment squadron camp gate room block sector
    zone phase level grade version model type mark mk code channel tel phone telephone fax
    ext hotline platform
    """.split()
)
ONE_BEFORE = frozenset(
    "no the this that each every any which some only last next another such".split()
)
ONE_AFTER = frozenset(
    "another other by day night morning evening afternoon time point way side hand thing".split()
)
GLUED = frozenset({":", "/", "-", "–", "+", "%", "#", "_"})


def find_quantities(doc: Doc, *, doc_id: str, indefinite: bool = False) -> list[Quantity]:
    """Counts, sums of money and durations in ``doc``, in text order, each with the span
    of ``doc.text`` that states it. ``indefinite``: also count "a"/"an" before a singular
    noun as one ("a soldier was killed")."""
    atoms = atoms_of_doc(doc)
    lex = number_lexicon()
    found: list[Quantity] = []
    text = doc_text(doc)
    starts = core_starts(atoms, lex=lex, indefinite=indefinite)
    i = 0
    while i < len(atoms):
        # no phrase starts more than LEAD atoms before a number: skip to the next one
        following = bisect_left(starts, i)
        if following == len(starts):
            break
        i = max(i, starts[following] - LEAD)
        m = match(atoms, i, lex=lex, indefinite=indefinite)
        if m is None or not _is_quantity(doc, atoms, m):
            i += 1
            continue
        start, end = atoms[m.start].start, atoms[m.end - 1].end
        q = m.quantity
        found.append(
            Quantity(
                evidence=Evidence(doc_id, start, end, text[start:end]),
                best=q.best,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                kind=q.kind,
                unit=q.unit,
            )
        )
        i = m.end
    return found


def _is_quantity(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    core = atoms[m.core_start : m.core_end]
    tokens = [doc[a.token] for a in core]
    kind = m.quantity.kind
    if any(t.ent_type_ in NAME_LABELS for t in tokens) or _glued(atoms, m):
        return False
    if _after_name(doc, atoms, m) or _phone_like(atoms, m):
        return False
    if kind == "duration":
        return not _age_or_date_offset(atoms, m)
    if kind == "money":
        return True
    if m.indefinite:
        return _counts_a_noun(doc[core[0].token])
    labels = {t.ent_type_ for t in tokens}
    if "QUANTITY" in labels or _measure_or_percent_or_time(atoms, m):
        return False
    if labels & DATE_LABELS and not m.qualified:
        return False
    if _year(doc, atoms, m) or _next_to_month(doc, atoms, m) or _before_name(doc, atoms, m):
        return False
    if len(core) == 1 and core[0].lower == "one" and not m.qualified:
        return _counts_one(doc, atoms, m)
    return not (len(tokens) == 1 and tokens[0].pos_ == "VERB")  # "the team scores"


def _word(atoms: Sequence[Atom], i: int) -> str:
    return atoms[i].lower if 0 <= i < len(atoms) else ""


def _glued(atoms: Sequence[Atom], m: Match) -> bool:
    """Part of a longer token or hyphenated name: "F-16", "1990s", "10:30", "No.5"."""
    touched = {a.token for a in atoms[m.start : m.end]}
    for k in (*range(max(0, m.start - 3), m.start), *range(m.end, min(len(atoms), m.end + 3))):
        a = atoms[k]
        if a.token in touched and (a.text.isalnum() or a.text in GLUED):
            return True
    if m.start >= 2:
        hyphen, before = atoms[m.start - 1], atoms[m.start - 2]
        first = atoms[m.start]
        if hyphen.text in GLUED and hyphen.end == first.start and before.end == hyphen.start:
            return before.text.isalnum()
    return False


def _after_name(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    k = m.start - 1
    if _word(atoms, k) == "." and k > 0:
        k -= 1  # "No. 5"
    if k < 0:
        return False
    if atoms[k].lower in ID_WORDS or atoms[k].text == "#":
        return True
    prev: Token = doc[atoms[k].token]
    return (
        prev.pos_ == "PROPN"
        and (prev.is_title or prev.is_upper)
        and not prev.is_sent_start
        and atoms[k].end == prev.idx + len(prev.text)
        and atoms[m.start].token == prev.i + 1
    )


def _phone_like(atoms: Sequence[Atom], m: Match) -> bool:
    first, last = atoms[m.core_start], atoms[m.end - 1]
    if first.is_digits:
        digits = first.text.replace(",", "").replace(".", "")
        if len(digits) >= 7 and "," not in first.text and "." not in first.text:
            return True
        if len(first.text) > 1 and first.text[0] == "0" and first.text[1].isdigit():
            return True
    before = atoms[m.start - 1] if m.start > 0 else None
    after = atoms[m.end] if m.end < len(atoms) else None
    if before is not None and (before.is_digits or before.text == "+") and first.is_digits:
        return True
    return after is not None and after.is_digits and last.is_digits


def _age_or_date_offset(atoms: Sequence[Atom], m: Match) -> bool:
    nxt = _word(atoms, m.end)
    if nxt == "old" or nxt == "ago" or (nxt in GLUED and _word(atoms, m.end + 1) == "old"):
        return True
    return _word(atoms, m.start - 1) in ("aged", "age", "ages")


def _measure_or_percent_or_time(atoms: Sequence[Atom], m: Match) -> bool:
    nxt, nxt2 = _word(atoms, m.end), _word(atoms, m.end + 1)
    if nxt in MEASURE_WORDS or nxt in PERCENT_WORDS or (nxt, nxt2) == ("per", "cent"):
        return True
    if nxt in TIME_ZONES or (nxt, nxt2) == ("o", "'") or (nxt, nxt2) == ("o", "’"):
        return True
    return nxt in ("a", "p") and nxt2 == "." and _word(atoms, m.end + 2) == "m"


def _year(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    first = atoms[m.core_start]
    text = first.text
    if not (len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100):
        return False
    if m.qualified and m.quantity.qualifier != "range":
        return False  # "more than 2000"
    following = doc[atoms[m.end - 1].token].i + 1
    return not (following < len(doc) and doc[following].tag_ in ("NNS", "NNPS"))


def _next_to_month(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    before = m.start - 2 if _word(atoms, m.start - 1) == "." else m.start - 1  # "Sept. 30"
    if doc[atoms[m.start].token].is_sent_start:
        before = -1  # "… on Tuesday. Dozens of people": the month or day ends another sentence
    around = [atoms[k].text for k in (before, m.end) if 0 <= k < len(atoms)]
    return any(w in MONTHS or w in WEEKDAYS for w in around)


def _before_name(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    """A number opening a unit's name: "3 Commando Brigade", "93 Brigade"."""
    if m.qualified:
        return False
    for k in range(m.end, min(len(atoms), m.end + 3)):
        atom = atoms[k]
        if atom.lower in ID_WORDS and atom.text[0].isupper():
            return True
        if not (atom.is_alpha and atom.text[0].isupper() and doc[atom.token].pos_ == "PROPN"):
            return False
    return False


def _counts_one(doc: Doc, atoms: Sequence[Atom], m: Match) -> bool:
    token = doc[atoms[m.core_start].token]
    if token.pos_ == "PRON":
        return False
    return _word(atoms, m.start - 1) not in ONE_BEFORE and _word(atoms, m.end) not in ONE_AFTER


def _counts_a_noun(token: Token) -> bool:
    """An article counting one: "a" before a singular common noun ("a soldier")."""
    head = token.head
    return token.dep_ == "det" and head.pos_ == "NOUN" and head.tag_ == "NN" and head.i > token.i
