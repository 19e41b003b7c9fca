"""The bundled dictionaries load, validate and resolve what reports actually say; user
files extend them; malformed files fail with a message that says what to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.errors import LexiconError
from eventwire.lexicon import (
    ACTOR_KINDS,
    GROUP_KINDS,
    RANK_SERVICES,
    ActorEntry,
    Lexicon,
    load_lexicon,
)

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _keys(entries: tuple[ActorEntry, ...]) -> list[str]:
    return [entry.key for entry in entries]


# --------------------------------------------------------------------------- bundled data


def test_bundled_data_loads_validates_and_is_cached(lexicon: Lexicon) -> None:
    assert load_lexicon() is lexicon
    assert len(lexicon.actors) >= 300
    assert len(lexicon.groups) >= 100
    assert len(lexicon.ranks) >= 100
    assert len(lexicon.roles) >= 100
    assert len(lexicon.metonyms) >= 80
    assert {actor.kind for actor in lexicon.actors} <= set(ACTOR_KINDS)
    assert {group.kind for group in lexicon.groups} == set(GROUP_KINDS)
    assert {rank.service for rank in lexicon.ranks} == set(RANK_SERVICES)
    keys = [actor.key for actor in lexicon.actors]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys)
    assert all(
        actor.country is None or re.fullmatch(r"[A-Z]{3}", actor.country)
        for actor in lexicon.actors
    )


def test_every_strong_form_resolves_to_its_own_actor(lexicon: Lexicon) -> None:
    for actor in lexicon.actors:
        for form in actor.aliases:
            found = lexicon.actor_by_alias(form)
            assert found is actor, f"{form!r} of {actor.key} resolved to {found}"
        for weak in actor.weak_aliases:
            assert actor in lexicon.actors_by_weak_alias(weak), (actor.key, weak)


def test_the_name_is_the_first_strong_alias(lexicon: Lexicon) -> None:
    assert all(actor.aliases[0] == actor.name for actor in lexicon.actors)
    assert lexicon.actor_by_alias("Syrian government forces") is lexicon.actor("syrian-government")
    # names qualified for display never collide with prose
    assert lexicon.actor_by_alias("the times") is None
    assert lexicon.actor_by_alias("Dawn") is None


def test_unknown_key_raises_lexicon_error(lexicon: Lexicon) -> None:
    assert lexicon.actor("irgc").name == "Islamic Revolutionary Guard Corps"
    with pytest.raises(LexiconError, match=r"no actor with key 'irgcc'.*\[E002\]"):
        lexicon.actor("irgcc")


# --------------------------------------------------------------------------- actors


def test_irgc_aliases_resolve_and_guards_is_weak(lexicon: Lexicon) -> None:
    irgc = lexicon.actor("irgc")
    assert (irgc.country, irgc.kind) == ("IRN", "state military")
    for surface in (
        "IRGC",
        "Revolutionary Guards",
        "the Revolutionary Guards",
        "Revolutionary Guard Corps",
        "Iranian Revolutionary Guard Corps",
        "Islamic Revolutionary Guard Corps",
        "Revolutionary Guard",
        "Pasdaran",
        "Sepah",
    ):
        found = lexicon.actor_by_alias(surface)
        assert found is not None and found.key == "irgc", surface
    assert "Guards" in irgc.weak_aliases
    assert "Guards" not in irgc.aliases
    assert lexicon.actor_by_alias("Guards") is None
    assert _keys(lexicon.actors_by_weak_alias("the Guards")) == ["irgc"]
    assert lexicon.weak_alias_licensed(irgc, "a source close to the Guards in Iran")
    assert not lexicon.weak_alias_licensed(irgc, "The Guards paraded in London.")


def test_seed_article_actors_are_reachable(lexicon: Lexicon) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")

    def strong(surface: str) -> str | None:
        found = lexicon.actor_by_alias(surface)
        return None if found is None else found.key

    def licensed_weak(surface: str) -> list[str]:
        return [
            entry.key
            for entry in lexicon.actors_by_weak_alias(surface)
            if lexicon.weak_alias_licensed(entry, text)
        ]

    assert strong("Assad regime") == "syrian-government"
    assert licensed_weak("regime forces") == ["syrian-government"]
    assert licensed_weak("rebels") == ["syrian-rebels"]
    assert licensed_weak("Guards") == ["irgc"]
    assert strong("ISIS") == "islamic-state"
    assert strong("Asharq al-Awsat") == "asharq-al-awsat"
    assert strong("Reuters") == "reuters"
    assert lexicon.actor("syrian-government").country == "SYR"
    assert lexicon.actor("syrian-rebels").kind == "rebel group"
    assert lexicon.actor("islamic-state").country is None
    government_of_iran = lexicon.actor("government-of-iran")
    assert (government_of_iran.name, government_of_iran.kind) == (
        "Government of Iran",
        "government",
    )


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("Syrian Arab Army", "syrian-government"),
        ("the Syrian government", "syrian-government"),
        ("Hay'at Tahrir al-Sham", "hts"),
        ("Nusra Front", "hts"),
        ("Islamic State of Iraq and the Levant", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("DAESH", "islamic-state"),
        ("Hashd al-Shaabi", "pmf"),
        ("Ansar Allah", "houthis"),
        ("Israel Defense Forces", "idf"),
        ("Izz ad-Din al-Qassam Brigades", "qassam-brigades"),
        ("Al Qaeda", "al-qaeda"),
        ("al-Qaida", "al-qaeda"),
        ("Al Shabab", "al-shabaab"),
        ("Rapid Support Forces", "rsf"),
        ("Tatmadaw", "myanmar-military"),
        ("ISWAP", "iswap"),
        ("FAMa", "fama"),
        ("Forces armées maliennes", "fama"),
        ("IS-K", "iskp"),
        ("Ta’ang National Liberation Army", "tnla"),  # curly apostrophe
        ("Wagner Group", "wagner-group"),
        ("M23", "m23"),
        ("Government of Ethiopia", "government-of-ethiopia"),
        ("Syrian Observatory for Human Rights", "sohr"),
        ("ATMIS", "au-mission-somalia"),
    ],
)
def test_common_press_forms_resolve(lexicon: Lexicon, surface: str, key: str) -> None:
    found = lexicon.actor_by_alias(surface)
    assert found is not None and found.key == key


def test_acronyms_are_case_sensitive_names_are_not(lexicon: Lexicon) -> None:
    assert lexicon.actor_by_alias("AP") is lexicon.actor("associated-press")
    assert lexicon.actor_by_alias("ap") is None
    assert lexicon.actor_by_alias("Un") is None
    assert lexicon.actor_by_alias("UN") is lexicon.actor("united-nations")
    assert lexicon.actor_by_alias("hezbollah") is lexicon.actor("hezbollah")
    assert lexicon.actor_by_alias("IS") is None  # weak: too ambiguous alone
    assert _keys(lexicon.actors_by_weak_alias("IS")) == ["islamic-state"]
    assert lexicon.actors_by_weak_alias("is") == ()


def test_shared_weak_aliases_need_their_own_context(lexicon: Lexicon) -> None:
    candidates = _keys(lexicon.actors_by_weak_alias("SNA"))
    assert set(candidates) == {"syrian-national-army", "somali-national-army"}
    somali = lexicon.actor("somali-national-army")
    syrian = lexicon.actor("syrian-national-army")
    text = "SNA troops retook the town from al-Shabaab near Mogadishu."
    assert lexicon.weak_alias_licensed(somali, text)
    assert not lexicon.weak_alias_licensed(syrian, text)


@pytest.mark.parametrize(
    ("surface", "kind"),
    [
        ("Reuters", "news agency"),
        ("Agence France-Presse", "news agency"),
        ("AFP", "news agency"),
        ("Associated Press", "news agency"),
        ("Asharq al-Awsat", "news outlet"),
        ("Al Jazeera", "news outlet"),
        ("Al Arabiya", "news outlet"),
        ("BBC", "news outlet"),
        ("CNN", "news outlet"),
        ("Haaretz", "news outlet"),
        ("Times of Israel", "news outlet"),
        ("The New York Times", "news outlet"),
        ("Kurdistan24", "news outlet"),
        ("Rudaw", "news outlet"),
        ("Al-Masdar News", "news outlet"),
        ("Al Mayadeen", "news outlet"),
        ("Kyiv Independent", "news outlet"),
        ("IRNA", "state media"),
        ("SANA", "state media"),
        ("Tasnim", "state media"),
        ("Fars News Agency", "state media"),
        ("Mehr News Agency", "state media"),
        ("ISNA", "state media"),
        ("Press TV", "state media"),
        ("TASS", "state media"),
        ("RIA Novosti", "state media"),
        ("Ukrinform", "state media"),
        ("Anadolu Agency", "state media"),
        ("Xinhua", "state media"),
    ],
)
def test_outlets_are_outlets(lexicon: Lexicon, surface: str, kind: str) -> None:
    found = lexicon.actor_by_alias(surface)
    assert found is not None and found.kind == kind


def test_fars_alone_is_weak_because_it_is_also_a_province(lexicon: Lexicon) -> None:
    fars = lexicon.actor("fars")
    assert lexicon.actor_by_alias("Fars") is None
    assert "Fars" in fars.weak_aliases
    assert lexicon.weak_alias_licensed(fars, "the semi-official news agency Fars reported")
    assert not lexicon.weak_alias_licensed(fars, "an earthquake struck Fars province")


# --------------------------------------------------------------------------- metonyms


def test_metonyms_point_to_governments(lexicon: Lexicon) -> None:
    assert lexicon.actor_for_metonym("Damascus") is lexicon.actor("syrian-government")
    assert lexicon.actor_for_metonym("Tehran") is lexicon.actor("government-of-iran")
    assert lexicon.actor_for_metonym("Iran") is lexicon.actor("government-of-iran")
    assert lexicon.actor_for_metonym("Kremlin") is lexicon.actor("government-of-russia")
    assert lexicon.actor_for_metonym("Kyiv") is lexicon.actor("government-of-ukraine")
    assert lexicon.actor_for_metonym("Pentagon") is lexicon.actor("us-armed-forces")
    assert lexicon.actor_for_metonym("US") is lexicon.actor("government-of-united-states")
    assert lexicon.actor_for_metonym("us") is None
    assert lexicon.actor_for_metonym("Aleppo") is None
    assert lexicon.actor_for_metonym("Sanaa") is None  # contested: left out on purpose
    assert all(lexicon.actor(entry.actor) for entry in lexicon.metonyms)


# --------------------------------------------------------------------------- groups, ranks, roles


def test_groups_cover_the_seed_and_exclude_language_names(lexicon: Lexicon) -> None:
    baloch = lexicon.group_by_form("Balochs")
    assert baloch is not None
    assert {"Baloch", "Balochs", "Baluch", "Baluchis"} <= set(baloch.forms)
    assert baloch.kind == "ethnic"
    for surface, key in [
        ("Arabs", "arabs"),
        ("Persian", "persians"),
        ("Sunni Muslims", "sunnis"),
        ("Kurds", "kurds"),
        ("Shiite", "shias"),
        ("Alawites", "alawites"),
        ("Yazidis", "yazidis"),
        ("Hazaras", "hazaras"),
        ("Rohingya", "rohingya"),
        ("Peul", "fulani"),
        ("Masalit", "masalit"),
        ("Palestinians", "palestinians"),
    ]:
        group = lexicon.group_by_form(surface)
        assert group is not None and group.key == key, surface
    assert lexicon.group_by_form("Fur") is not None
    assert lexicon.group_by_form("fur") is None
    all_forms = {form for group in lexicon.groups for form in group.forms}
    languages = {
        "Arabic",
        "Farsi",
        "Pashto",
        "Dari",
        "Urdu",
        "Hebrew",
        "Amharic",
        "Tigrinya",
        "Kurmanji",
        "Sorani",
        "Balochi",
        "Somali",
        "Burmese",
    }
    assert not all_forms & languages


def test_ranks_are_exposed_longest_first(lexicon: Lexicon) -> None:
    forms = [form for form, _ in lexicon.rank_forms]
    assert [len(form) for form in forms] == sorted((len(form) for form in forms), reverse=True)
    assert forms.index("Brigadier General") < forms.index("General")
    assert forms.index("Brig. Gen.") < forms.index("Brig.")
    assert forms.index("Lt. Col.") < forms.index("Lt.")
    names = [rank.name for rank in lexicon.ranks]
    assert names.index("Brigadier General") < names.index("General")
    for rank in lexicon.ranks:
        assert [len(f) for f in rank.forms] == sorted((len(f) for f in rank.forms), reverse=True)
    colonel = lexicon.rank_by_form("Col.")
    assert colonel is not None and (colonel.name, colonel.service) == ("Colonel", "military")
    general = lexicon.rank_by_form("General")
    assert general is not None and general.name == "General"
    president = lexicon.rank_by_form("President")
    assert president is not None and president.service == "civil"
    assert lexicon.rank_by_form("Commander") is None  # mostly a role
    assert lexicon.rank_by_form("Cmdr.") is not None


def test_roles_are_lower_case_and_longest_first(lexicon: Lexicon) -> None:
    roles = list(lexicon.roles)
    assert all(role == role.lower() for role in roles)
    for role in ("commander", "spokesman", "adviser", "advisor", "official", "dictator"):
        assert role in roles
    assert roles.index("top commander") < roles.index("commander")
    assert roles.index("chief of staff") < roles.index("chief")


# --------------------------------------------------------------------------- user files


def test_user_yaml_adds_and_overrides(tmp_path: Path, lexicon: Lexicon) -> None:
    path = _write(
        tmp_path,
        "mine.yaml",
        """
actors:
  - key: liwa-fatemiyoun
    name: Liwa Fatemiyoun
    country: AFG
    kind: militia
    aliases: [Fatemiyoun Brigade, Fatemiyoun Division]
    weak_aliases: [Fatemiyoun]
    context: [Syria, IRGC]
  - key: irgc
    aliases: [Sepah-e Pasdaran-e Enqelab-e Eslami]
    context: [Khamenei]
  - key: reuters
    name: Reuters News
""",
    )
    merged = load_lexicon(extra_actor_files=(path,))
    new = merged.actor_by_alias("Fatemiyoun Brigade")
    assert new is not None and (new.key, new.kind, new.country) == (
        "liwa-fatemiyoun",
        "militia",
        "AFG",
    )
    irgc = merged.actor("irgc")
    assert irgc.name == "Islamic Revolutionary Guard Corps"
    assert irgc.kind == "state military" and irgc.country == "IRN"
    assert "Revolutionary Guards" in irgc.aliases
    assert merged.actor_by_alias("Sepah-e Pasdaran-e Enqelab-e Eslami") is irgc
    assert "Khamenei" in irgc.context
    reuters = merged.actor("reuters")
    assert (reuters.name, reuters.kind) == ("Reuters News", "news agency")
    assert merged.actor_by_alias("Reuters News") is reuters
    assert merged.actor_by_alias("Reuters") is reuters  # the old name stays an alias
    assert len(merged.actors) == len(lexicon.actors) + 1
    # the cached bundled lexicon is untouched
    assert load_lexicon() is lexicon
    assert lexicon.actor_by_alias("Fatemiyoun Brigade") is None


def test_user_csv_adds_and_overrides(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "mine.csv",
        "key,name,aliases,country,kind,weak_aliases,context\n"
        "zainabiyoun,Liwa Zainabiyoun,Zainabiyoun Brigade;Liwa Zeynabiyoun,PAK,militia,"
        "Zainabiyoun,Syria;IRGC\n"
        "hezbollah,,Hizb Allah,,,,\n",
    )
    merged = load_lexicon(extra_actor_files=(path,))
    new = merged.actor("zainabiyoun")
    assert new.aliases == ("Liwa Zainabiyoun", "Zainabiyoun Brigade", "Liwa Zeynabiyoun")
    assert new.weak_aliases == ("Zainabiyoun",)
    assert new.context == ("Syria", "IRGC")
    assert (new.country, new.kind) == ("PAK", "militia")
    assert merged.actor_by_alias("Liwa Zeynabiyoun") is new
    hezbollah = merged.actor("hezbollah")
    assert hezbollah.name == "Hezbollah" and hezbollah.country == "LBN"
    assert merged.actor_by_alias("Hizb Allah") is hezbollah


def test_later_user_files_override_earlier_ones(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", "actors:\n  - {key: x-group, name: X, kind: militia}\n")
    second = _write(tmp_path, "b.csv", "key,name,aliases,country,kind\nx-group,X Group,,SYR,\n")
    entry = load_lexicon(extra_actor_files=(first, second)).actor("x-group")
    assert (entry.name, entry.kind, entry.country) == ("X Group", "militia", "SYR")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "dup.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia}\n"
            "  - {key: a-group, name: B, kind: militia}\n",
            r"dup\.yaml.*duplicate key 'a-group'.*merge the two entries or rename one",
        ),
        (
            "kind.yaml",
            "actors:\n  - {key: a-group, name: A, kind: army}\n",
            r"kind\.yaml.*key 'a-group'.*kind 'army' is not a known kind; use one of: "
            r"state military",
        ),
        (
            "country.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, country: XYZ}\n",
            r"country\.yaml.*key 'a-group'.*country 'XYZ' is not an ISO 3166 alpha-3 code",
        ),
        (
            "clash.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, aliases: [Hezbollah]}\n",
            r"clash\.yaml.*alias 'Hezbollah' of actor 'a-group' clashes with alias "
            r"'Hezbollah' of actor 'hezbollah'",
        ),
        (
            "weakclash.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, weak_aliases: [IRGC]}\n",
            r"weak alias 'IRGC' of actor 'a-group' clashes with alias 'IRGC' of actor 'irgc'",
        ),
        (
            "noname.yaml",
            "actors:\n  - {key: a-group, kind: militia}\n",
            r"noname\.yaml.*actor 'a-group' has no name; give the canonical name",
        ),
        (
            "nokind.csv",
            "key,name,aliases,country,kind\na-group,A,,,\n",
            r"nokind\.csv, line 2.*actor 'a-group' has no kind",
        ),
        (
            "emptyalias.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, aliases: [A1, '  ']}\n",
            r"key 'a-group'.*aliases has an empty entry; remove it",
        ),
        (
            "badkey.yaml",
            "actors:\n  - {key: A Group, name: A, kind: militia}\n",
            r"key 'A Group' is not a slug",
        ),
        (
            "typo.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, alias: [A1]}\n",
            r"key 'a-group'.*unknown field\(s\) alias; the fields are",
        ),
        (
            "norway.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, country: NO}\n",
            r"country False is not text; quote it",
        ),
        (
            "the.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia, aliases: [the A force]}\n",
            r"alias 'the A force' starts with 'the'; drop it",
        ),
        (
            "both.yaml",
            "actors:\n  - {key: a-group, name: A, kind: militia,\n"
            "     aliases: [Aa], weak_aliases: [AA]}\n",
            r"'AA' is both a strong and a weak alias",
        ),
        (
            "repeat.yaml",
            "actors:\n  - {key: a-group, name: A, name: B, kind: militia}\n",
            r"repeat\.yaml: not valid YAML.*key 'name' appears twice",
        ),
        (
            "syntax.yaml",
            "actors:\n  - {key: a-group, name: [A\n",
            r"syntax\.yaml: not valid YAML",
        ),
        (
            "top.yaml",
            "actor:\n  - {key: a-group, name: A, kind: militia}\n",
            r"top\.yaml: expected one top-level key 'actors'",
        ),
        (
            "header.csv",
            "key,name,alias,country,kind\n",
            r"header\.csv: the header row must name the columns key,name,aliases,country,kind",
        ),
        (
            "cells.csv",
            "key,name,aliases,country,kind\na-group,A,A1,A2,SYR,militia\n",
            r"cells\.csv, line 2: more cells than header columns; put several aliases in one "
            r"cell separated by ';'",
        ),
        (
            "actors.txt",
            "key,name\n",
            r"actors\.txt: unknown actor file type '\.txt'; name it \.yaml, \.yml or \.csv",
        ),
    ],
)
def test_malformed_user_files_raise_lexicon_error(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(LexiconError, match=expected) as caught:
        load_lexicon(extra_actor_files=(path,))
    assert str(caught.value).endswith("[E002]")


def test_missing_user_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"missing\.yaml: actor file not found; check the path"):
        load_lexicon(extra_actor_files=(tmp_path / "missing.yaml",))


def test_a_directory_is_not_an_actor_file(tmp_path: Path) -> None:
    folder = tmp_path / "actors.yaml"
    folder.mkdir()
    with pytest.raises(LexiconError, match=r"actors\.yaml: cannot read the actor file"):
        load_lexicon(extra_actor_files=(folder,))


def test_user_alias_cannot_take_a_metonym_from_its_actor(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "m.yaml",
        "actors:\n  - {key: a-group, name: A, kind: militia, aliases: [Tehran]}\n",
    )
    with pytest.raises(
        LexiconError,
        match=r"place 'Tehran' stands for actor 'government-of-iran' "
        r"but is also an alias of actor 'a-group'",
    ):
        load_lexicon(extra_actor_files=(path,))
