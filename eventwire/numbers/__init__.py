"""Numbers and quantities: counts, sums of money and durations, read the way careful
conflict-data coders read them.

:func:`parse_quantity` reads one phrase; :func:`find_quantities` finds every quantity in a
parsed document and returns :class:`~eventwire.records.Quantity` records with their
evidence. Each quantity is a ``low``/``best``/``high`` triple, after UCDP GED, and a
qualifier:

=================  ===============================  ===========  ====  ====  ==========
qualifier          written as                       low          best  high  example
=================  ===============================  ===========  ====  ====  ==========
exact              a number                         N            N     N     "four"
approximate        some, about, around, an          --           N     --    "some 30"
                   estimated, the equivalent of,
                   "40 or so", "a dozen", "half a
                   dozen", "two dozen"
approximate        nearly, almost, just under       --           N     N     "nearly 50"
approximate        just over, "20-odd"              N            N     --    "20-odd"
at_least           at least, more than, over,       N            N     --    "at least 12"
                   upwards of, "100-plus", "100+"
at_most            up to, as many as, fewer than,   --           --    N     "up to 40"
                   under, at most
range              between A and B, A-B, A to B,    min          min   max   "20-30"
                   A or B
vague              the table below                  table        table table "dozens"
=================  ===============================  ===========  ====  ====  ==========

("--" is ``None``: the text states no such bound.) "more than N" is read as at least N:
the N a reporter writes is a round floor, and the conservative figure is the one coded.
A range's best is its low end, the conservative choice. "up to 40" has no best: the
text gives only a ceiling. Counts expressed in dozens or scores are approximate.

Vague words (``eventwire/data/vague_numbers.yaml``)
----------------------------------------------------

=====================  ==========  ==========  ==========  =======================
word                   low         best        high        source
=====================  ==========  ==========  ==========  =======================
a couple               2           2           3           eventwire
a few, a handful       2           3           5           eventwire
several                3           3           9           eventwire
tens                   10          10          99          ACLED
dozens                 12          12          99          ACLED
scores                 20          20          99          by analogy with ACLED
hundreds               100         100         999         ACLED
thousands              1,000       1,000       9,999       ACLED ("and so on")
millions, billions     10^6, 10^9  10^6, 10^9  ×10 - 1     ACLED ("and so on")
=====================  ==========  ==========  ==========  =======================

They combine: "several hundred" is 300 (low 300, high 900), "a few dozen" 36 (24 to 60),
"tens of thousands" 10,000 (to 99,999), "hundreds of thousands" 100,000 (to 999,999).

Sources, and where this table follows or leaves them:

- **ACLED**, "Fatalities" (Knowledge Base, *Uses and limitations of ACLED data*,
  published 27 February 2023, updated 7 May 2024; read through a copy of the page, as the
  search tool holds no acleddata.com original): all fatality figures are reported
  estimates; "If source reports differ or a vague estimate is provided, ACLED uses the
  most conservative estimate available"; and "When sources report estimates such as
  'tens' or 'dozens' or 'hundreds', ACLED codes 10 for 'tens', 12 for 'dozens', 100 for
  'hundreds', and so on". *Followed*: ``best`` for tens, dozens and hundreds is exactly
  ACLED's figure, and thousands/millions/billions extend its "and so on"; "scores" is
  coded 20 on the same reasoning (one score, as "dozens" is coded one dozen). Where a
  figure is ours, ``best`` is still the most conservative ordinary reading.
  *Not found*: the same page refers to a further section on fatalities whose number is
  unknown; that part could not be read, so the figures for "a couple", "a few", "a
  handful" and "several" are this project's own, not ACLED's. "Many", "numerous" and
  "few" are too vague to code and are not read as numbers.
  *Deviation*: ``low`` equals ACLED's figure even where the word's literal minimum is
  higher ("dozens" is literally 24 or more), so that ``low <= best`` always holds; and
  ``high`` (the largest count before a writer would switch to the next word: "dozens"
  up to 99) is this project's addition; ACLED records a single figure.
- **UCDP GED** (Georeferenced Event Dataset) records each event with three fatality
  estimates, ``low``, ``best`` and ``high`` (the UCDP API's vocabulary describes best as
  the "most likely" estimate and low as the conservative one), and keeps an event when
  at least one death appears in any of the three (UCDP methodology page). *Followed*: the
  triple itself. *Deviation*: UCDP coders fill all three from their reading of every
  source; a single phrase often states no bound, so eventwire leaves ``low`` or ``high``
  as ``None`` rather than inventing one (a UCDP-like ``low`` of 25 for "some 30" would be
  a guess the text does not support).

Money has ``kind="money"`` and an ISO 4217 ``unit`` ("830 dollars" USD, "$5m", "€2
million", "500,000 rials" IRR; ``eventwire/data/currencies.yaml``); "the equivalent of"
makes it approximate. Durations have ``kind="duration"`` and a TIMEX3 unit letter: Y, M,
W, D, H, S, DE (decade), CE (century), and MIN for minutes (TIMEX3 writes minutes as "M"
after "T"; alone, "M" is months). "A"/"an" counts one only when the caller asks
(``indefinite=True``): "a soldier" is usually not a count.
"""

from eventwire.numbers.find import find_quantities
from eventwire.numbers.grammar import ParsedQuantity
from eventwire.numbers.parse import parse_quantity

__all__ = ["ParsedQuantity", "find_quantities", "parse_quantity"]
