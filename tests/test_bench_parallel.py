"""Extraction in several processes stores exactly what one process stores.

The speed-up measured by bench/pipeline.py runs the model and the analysis in worker
processes; this checks that it changes nothing but the speed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import eventwire
from eventwire.api import PARALLEL_MIN_DOCS, extract_processes

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"


def _corpus(path: Path) -> Path:
    """The example's paragraphs as separate reports, plus the whole example."""
    text = EXAMPLE.read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if len(p.strip()) > 80]
    records = [{"title": title, "text": body}]
    records += [{"title": f"{title} ({n})", "text": p} for n, p in enumerate(paragraphs, 1)]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _snapshot(ew: eventwire.Eventwire) -> dict[str, object]:
    return {
        "counts": ew.counts(),
        "events": ew.events(),
        "claims": ew.claims(),
        "times": ew.times(),
        "quantities": ew.quantities(),
        "casualties": ew.casualties(),
        "named": ew.named_casualties(),
        "merged": ew.merged_events(),
        "people": ew.people(),
        "places": ew.places(),
        "actors": ew.actors(),
    }


@pytest.mark.model
def test_two_processes_store_what_one_does(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "reports.jsonl")
    snapshots = []
    for processes in (1, 2):
        with eventwire.open(tmp_path / f"p{processes}.db", published=date(2015, 11, 2)) as ew:
            ew.ingest([corpus])
            report = ew.extract(processes=processes)
            assert len(report.extracted) > 2
            snapshots.append(_snapshot(ew))
    assert snapshots[0] == snapshots[1]


@pytest.mark.model
def test_run_extracting_while_it_reads_stores_what_ingest_then_extract_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "reports.jsonl")
    # a report left pending by an earlier ingest is extracted too, and first
    earlier = tmp_path / "earlier.txt"
    earlier.write_text("Clashes in Homs\n\nRebels shelled Homs on Monday, killing two.\n")
    with eventwire.open(tmp_path / "apart.db", published=date(2015, 11, 2)) as ew:
        ew.ingest([earlier])
        report = ew.ingest([corpus])
        ew.extract(processes=1)
        expected = _snapshot(ew)
    monkeypatch.setenv("EVENTWIRE_PROCESSES", "2")
    with eventwire.open(tmp_path / "overlapped.db", published=date(2015, 11, 2)) as ew:
        ew.ingest([earlier])
        assert ew.run([corpus]) == report
        assert ew.store.document_ids(status="pending") == []
        assert _snapshot(ew) == expected


def test_process_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_PROCESSES", raising=False)
    assert extract_processes(1) == 1
    assert extract_processes(PARALLEL_MIN_DOCS - 1) == 1  # too few to start a worker
    assert extract_processes(5, 3) == 3
    assert extract_processes(2, 8) == 2  # never more processes than documents
    monkeypatch.setenv("EVENTWIRE_PROCESSES", "1")
    assert extract_processes(10_000) == 1
    monkeypatch.setenv("EVENTWIRE_PROCESSES", "two")
    with pytest.raises(ValueError, match="EVENTWIRE_PROCESSES"):
        extract_processes(10)


@pytest.mark.model
def test_a_worker_that_cannot_start_raises_instead_of_hanging(tmp_path: Path) -> None:
    from eventwire.extract.pipeline import extract_in_processes
    from eventwire.normalise import build_document
    from eventwire.records import RawReport

    bad = tmp_path / "actors.yaml"
    bad.write_text("this: [is not, an actor file\n", encoding="utf-8")
    document = build_document(RawReport(origin="t", title="T", text="Rebels shelled Aleppo."))
    with pytest.raises(Exception):  # noqa: B017 - whatever the loader raises
        list(extract_in_processes([document], processes=1, actor_files=[bad]))


@pytest.mark.parametrize(
    ("requested", "total", "cores", "started_after"),
    [
        (2, None, 2, 0),  # two processes asked for: before the first report is read
        (None, None, 2, PARALLEL_MIN_DOCS),  # automatic: once one worker's worth is in
        (None, None, 1, None),  # one core: never a worker
        (1, None, 4, None),  # one process asked for
        (None, 10, 2, None),  # a known, small total: one process
        (None, 2 * PARALLEL_MIN_DOCS, 2, 0),  # a known total worth two processes
    ],
)
def test_workers_start_loading_the_model_while_reports_are_still_read(
    monkeypatch: pytest.MonkeyPatch,
    requested: int | None,
    total: int | None,
    cores: int,
    started_after: int | None,
) -> None:
    import eventwire.api as api
    import eventwire.extract.workers as workers

    read: list[str] = []
    started_at: list[int] = []
    monkeypatch.delenv("EVENTWIRE_PROCESSES", raising=False)
    monkeypatch.setattr(api, "_cores", lambda: cores)
    monkeypatch.setattr(workers, "start_loading", lambda: started_at.append(len(read)))

    def ids() -> Iterator[str]:
        for n in range(3 * PARALLEL_MIN_DOCS):
            read.append(f"d{n}")
            yield f"d{n}"

    head = api.Eventwire._head(ids(), 2 * PARALLEL_MIN_DOCS, requested, total)
    assert head == [f"d{n}" for n in range(2 * PARALLEL_MIN_DOCS)]
    assert started_at == ([] if started_after is None else [started_after])


@pytest.mark.model
def test_the_preloaded_model_is_handed_out_once() -> None:
    from eventwire.extract.pipeline import COMPONENT
    from eventwire.extract.worker_preload import take_model_with_rules
    from eventwire.extract.workers import PRELOAD_MODULE, _worker_context

    first, second = take_model_with_rules(), take_model_with_rules()
    assert first is not second  # the second caller gets a fresh load, never a shared one
    for nlp in (first, second):
        assert "parser" in nlp.pipe_names and "eventwire_paragraphs" in nlp.pipe_names
        assert COMPONENT not in nlp.pipe_names  # added by each worker, with its settings
    context = _worker_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        assert PRELOAD_MODULE in forkserver._forkserver._preload_modules


@pytest.mark.model
def test_workers_take_the_environment_as_it_is_when_they_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.extract.pipeline import extract_in_processes
    from eventwire.extract.workers import start_loading
    from eventwire.gazetteer.store import GazetteerMissingError
    from eventwire.normalise import build_document
    from eventwire.records import RawReport

    document = build_document(RawReport(origin="t", title="T", text="Rebels shelled Aleppo."))
    start_loading()  # a fork server (where there is one) starts with this environment
    [(_, extraction)] = list(extract_in_processes([document], processes=1))
    assert [p.name for p in extraction.places] == ["Aleppo"]
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(tmp_path / "moved.sqlite"))
    with pytest.raises(GazetteerMissingError, match=r"moved\.sqlite"):
        list(extract_in_processes([document], processes=1))


@pytest.mark.model
def test_an_unguarded_script_gets_an_error_instead_of_a_hang(tmp_path: Path) -> None:
    # Worker processes import the calling script again; one whose top-level code is not
    # under `if __name__ == "__main__":` starts eventwire again in every worker, which
    # dies. A multiprocessing.Pool would replace it forever.
    import subprocess
    import sys

    script = tmp_path / "unguarded.py"
    script.write_text(
        "import eventwire\n"
        f"ew = eventwire.open({str(tmp_path / 'store.db')!r}, processes=2)\n"
        f"ew.run([{str(_corpus(tmp_path / 'corpus.jsonl'))!r}])\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr


class _SlowStart:
    """An executor whose first worker is up only once ``up`` is set (a fork server still
    loading the model), or whose start fails with ``error``."""

    def __init__(self, up: threading.Event, error: BaseException | None = None) -> None:
        self.up, self.error = up, error

    def submit(self, *_: object) -> None:
        if self.error is not None:
            raise self.error
        assert self.up.wait(10), "the documents were not read while the worker started"


def test_documents_are_read_while_the_first_worker_starts() -> None:
    from eventwire.extract import workers

    read: list[int] = []
    up = threading.Event()

    def documents() -> Iterator[int]:
        for n in range(10):
            read.append(n)
            if n == 4:
                up.set()  # the worker is up once five documents are read
            yield n

    stream = workers._read_while_starting(documents(), _SlowStart(up))  # type: ignore[arg-type]
    assert next(stream) == 0
    assert len(read) >= 5  # read before the first was handed out
    assert list(stream) == list(range(1, 10))  # every document, once, in order


def test_a_worker_that_dies_while_starting_raises_worker_died() -> None:
    from concurrent.futures.process import BrokenProcessPool

    from eventwire.extract import workers

    died = _SlowStart(threading.Event(), BrokenProcessPool("killed"))
    stream = workers._read_while_starting(iter(range(3)), died)  # type: ignore[arg-type]
    with pytest.raises(workers.WorkerDiedError, match="reports not yet extracted stay pending"):
        next(stream)


@pytest.mark.model
def test_workers_keep_their_pipeline_out_of_the_collectors_way() -> None:
    import gc
    import os
    from concurrent.futures import ProcessPoolExecutor

    from eventwire.extract import workers

    with ProcessPoolExecutor(
        1,
        mp_context=workers._worker_context(),
        initializer=workers._start_worker,
        initargs=([], dict(os.environ)),
    ) as executor:
        frozen = executor.submit(gc.get_freeze_count).result()
        threshold = executor.submit(gc.get_threshold).result()
    assert frozen > 10_000  # the model's objects, at least
    assert threshold[0] == workers.WORKER_GC_THRESHOLD


@pytest.mark.model
def test_the_actor_matcher_made_ahead_goes_to_its_own_pipeline_once() -> None:
    from eventwire.extract import actors
    from eventwire.extract.pipeline import COMPONENT, add_entity_stage, model_with_rules
    from eventwire.lexicon import load_lexicon
    from eventwire.records import Actor

    nlp, other = model_with_rules(), model_with_rules()
    actors.make_actor_matcher_ahead(nlp.make_doc, load_lexicon())
    ahead = actors._made_ahead
    assert ahead is not None
    add_entity_stage(other)  # another vocabulary: it makes its own
    assert other.get_pipe(COMPONENT).actors is not ahead
    add_entity_stage(nlp)
    assert nlp.get_pipe(COMPONENT).actors is ahead
    doc = nlp("Iran's Revolutionary Guards said two advisers were killed near Aleppo.")
    assert [a.name for a in doc._.eventwire_findings.entities if isinstance(a, Actor)] == [
        "Islamic Revolutionary Guard Corps"
    ]
    assert actors.actor_matcher(nlp.make_doc, load_lexicon()) is not ahead  # handed out once


@pytest.mark.model
def test_saves_run_with_fewer_collections_and_the_threshold_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import eventwire.api as api

    during: list[int] = []
    before = gc.get_threshold()
    with eventwire.open(tmp_path / "gc.db", processes=1, published=date(2015, 11, 2)) as ew:
        save = ew.store.save_extractions

        def recording(batch: list[object]) -> None:
            during.append(gc.get_threshold()[0])
            save(batch)  # type: ignore[arg-type]

        monkeypatch.setattr(ew.store, "save_extractions", recording)
        ew.run([EXAMPLE])
    assert during == [api.MAIN_GC_THRESHOLD]
    assert gc.get_threshold() == before
