"""yamlfile's loader on libyaml's parser: the same node tree, read about five times faster.

PyYAML's pure-Python scanner and parser were most of the time a check spent reading the
rule files (rules/claims.<language>.yaml, the languages, treatments and profiles) and the
clinics' settings. `fast(loader_class)` gives a loader whose events come from libyaml
(yaml.cyaml.CParser, when PyYAML was built with it) and whose composer, refusals (anchors,
aliases, tags, depth) and constructors are the given loader's own Python code, so the nodes,
their marks (lines, columns, character offsets) and the data are the same. libyaml's error
messages are worded differently, and it counts a byte-order mark in no offset, so
yamlfile.py reads a text that fails here, or starts with one, with the Python loader again:
what a clinic is told does not change.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer


def fast(base: type) -> type | None:
    """A loader class with `base`'s composer and constructors on libyaml's events, or None
    when PyYAML has no libyaml."""
    try:
        from yaml.cyaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return None

    class Loader(CParser, base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        # the Python composer (and `base`'s compose_node), not libyaml's
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def compose_scalar_node(self, anchor):  # noqa: ANN001, ANN201
            node = Composer.compose_scalar_node(self, anchor)
            if node.style == "":  # libyaml's plain style; PyYAML's is None
                node.style = None
            return node

    Loader.__name__ = Loader.__qualname__ = f"Fast{base.__name__}"
    return Loader
