"""Reading the YAML dictionaries (lexicon, event ontology, number words): safe loading
that refuses a key repeated in one mapping, with errors naming the file."""

from __future__ import annotations

from typing import Any

import yaml

from eventwire.errors import LexiconError

# libyaml's parser when PyYAML was built with it (its wheels are): the bundled lexicon
# parses faster, and every extraction worker parses it at start-up.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a key repeated in one mapping (PyYAML would keep the
    last value without a word)."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def parse_yaml(text: str, origin: str) -> Any:
    """The YAML document in ``text``; :class:`LexiconError` naming ``origin`` if it is not
    valid YAML or repeats a key."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        raise LexiconError(f"{origin}: not valid YAML ({exc}); fix the syntax there") from exc
