"""YAML with line numbers, and pydantic errors turned into plain English at a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .problems import ContentError, Problems

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that also remembers the line of every mapping key and list item."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice (first on line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _lines(node: yaml.Node, loc: Loc, out: dict[Loc, int]) -> None:
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*loc, key)] = key_node.start_mark.line + 1
            _lines(value_node, (*loc, key), out)
            out[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*loc, i), out)


def parse(text: str, path: Path, report: Problems, first_line: int = 1) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML text that starts on `first_line` of `path`; return data and key lines."""
    try:
        loader = _Loader(text)  # one parse: the node tree gives the lines, then the data
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        what = exc.problem or exc.context or "unreadable"
        if exc.context and exc.context_mark and exc.context_mark.line != (mark.line if mark else None):
            what += f" ({exc.context} that starts on line {first_line + exc.context_mark.line})"
        raise report.error(
            path, line, f"the YAML is not valid: {what}; check brackets, quotes and indentation"
        ) from None
    lines: dict[Loc, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, {loc: first_line + line - 1 for loc, line in lines.items()}


def _line_for(loc: Loc, lines: dict[Loc, int], default: int) -> int:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return default


def _field(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The nested model that owns the field at `loc` (for listing its known keys)."""
    for part in loc:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return model


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    loc = _field(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        known = ", ".join(_model_at(model, error["loc"][:-1]).model_fields)
        return f"unknown setting '{loc}'; check the spelling (known settings: {known})"
    if kind == "missing":
        return f"'{loc}' is missing; add it"
    if kind == "literal_error":
        return f"'{loc}' must be one of {error['ctx']['expected']}, not {error['input']!r}"
    if kind == "string_pattern_mismatch":
        return f"'{loc}' has an unexpected form: {error['input']!r}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"'{loc}' must be a date written as YYYY-MM-DD, not {error['input']!r}"
    if kind == "too_short":
        return f"'{loc}' needs at least one entry"
    if kind == "value_error":
        return f"'{loc}': {error['ctx']['error']}" if loc != "(top level)" else str(error["ctx"]["error"])
    return f"'{loc}': {error['msg'].lower()}"


def validate(model: type[M], data: Any, path: Path, lines: dict[Loc, int], report: Problems, first_line: int = 1) -> M:
    """Validate data against a model; every error becomes one problem at its line."""
    if not isinstance(data, dict):
        raise report.error(path, first_line, "expected settings written as `key: value` lines")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            report.add(path, _line_for(tuple(err["loc"]), lines, first_line), _message(err, model))
            for err in exc.errors(include_url=False)
        ]
        raise ContentError(*problems) from None
