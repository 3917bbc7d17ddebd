"""YAML with line numbers, and pydantic errors turned into plain English at a line.

Clinic files are data: anchors, aliases and tags are refused while the document is
being composed (before any node tree exists to walk), so a ten-line alias bomb costs
nothing, and `!!python/...` never reaches a constructor.
"""

from __future__ import annotations

import bisect
import collections
import functools
import re
import typing
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..problems import ContentError, Problems
from . import hygiene, yaml_fast
from .read import read_text

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

MAX_DEPTH = 50  # YAML nesting; the composer and the line walker recurse once per level
_COMMENT_VALUE = re.compile(r"\s*:[ \t]+(#\S*)")


class _Refused(Exception):
    """A YAML feature clinic files may not use, at a mark; `first` is an earlier line, if any."""

    def __init__(self, mark: yaml.Mark, message: str, first: yaml.Mark | None = None) -> None:
        super().__init__(message)
        self.mark, self.message, self.first = mark, message, first


class _Loader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases or tags, and with a depth limit."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "YAML anchors and aliases ('&name', '*name') are not allowed; write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            written = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                event.start_mark, f"YAML tags such as '{written}' are not allowed; write the value as plain text"
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"the settings are nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Mark] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # a list as a key: construct_mapping says so, with its line
            break
        if first is not None:
            raise _Refused(key_node.start_mark, f"the key {key!r} appears twice", first)
        seen[key] = key_node.start_mark
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # `2026-13-01` looks like a date to YAML but is not one; keep it as text so that the
    # model reports it at its line ("must be a real date") instead of a ValueError.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return node.value


class Number(float):
    """A YAML number that remembers how it was written: `version: 1.10` is "1.10", not 1.1."""

    text: str


class Whole(int):
    text: str


# Numbers as YAML 1.2 reads them. PyYAML reads YAML 1.1, where `010` is 8 (octal), `1:30` is 90
# (base 60) and `1_000` is 1000: such a value is kept as the text that was written (`010` is 10).
_INT_12 = re.compile(r"[-+]?[0-9]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


MAX_DIGITS = 30  # no setting needs a longer number (Python refuses over 4,300 digits with a traceback)


def _construct_number(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = node.value
    if len(text) > MAX_DIGITS:  # kept as text: a setting that wants a number refuses it at its line
        return text
    if _INT_12.fullmatch(text):
        value: Any = int(text, 16) if text.startswith("0x") else int(text, 10)
    elif _FLOAT_12.fullmatch(text):
        value = loader.construct_yaml_float(node)
    else:
        return text
    number = (Number if isinstance(value, float) else Whole)(value)
    number.text = node.value
    return number


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _Rows:
    """Line numbers as an editor counts them (only '\\n' ends a line). PyYAML's marks also
    count U+0085, U+2028 and U+2029 as line breaks, so its `mark.line` drifts after one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def row(self, mark: yaml.Mark) -> int:
        """0-based line of a mark."""
        return bisect.bisect_right(self.starts, mark.index) - 1

    def line_and_column(self, mark: yaml.Mark) -> tuple[str, int]:
        row = self.row(mark)
        start = self.starts[row]
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)
        return self.text[start:end], mark.index - start


def _lines(node: yaml.Node, loc: Loc, out: dict[Loc, int], rows: _Rows) -> None:
    out[loc] = rows.row(node.start_mark) + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # the model refuses such a key; it has no name to locate
            key = key_node.value
            _refuse_comment_as_value(key_node, value_node, (*loc, key), rows)
            out[(*loc, key)] = rows.row(key_node.start_mark) + 1
            _lines(value_node, (*loc, key), out, rows)
            out[(*loc, key)] = rows.row(key_node.start_mark) + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*loc, i), out, rows)


def _refuse_comment_as_value(key_node: yaml.Node, value_node: yaml.Node, loc: Loc, rows: _Rows) -> None:
    """`primary: #7b2d43` is `primary:` and a comment to YAML; nobody means that."""
    if not (isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and value_node.style is None):
        return
    if rows.row(value_node.start_mark) != rows.row(key_node.end_mark):
        return
    line, column = rows.line_and_column(key_node.end_mark)
    match = _COMMENT_VALUE.match(line, column)
    if match:
        advice = (
            f'put the value in quotes, e.g. {loc[-1]}: "{match[1]}"'
            if match[1] != "#"
            else "write the value before the comment, or delete the line"
        )
        raise _Refused(
            key_node.start_mark,
            f"'{_field(loc)}' has no value because YAML reads everything after ' #' as a comment; {advice}",
        )


def _nodes(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data, read with libyaml's events when it can (yaml_fast.py:
    the same nodes); a text libyaml fails on is read again by the Python loader, so that
    what the error says is PyYAML's."""
    if _FastLoader is not None and not text.startswith("\ufeff"):
        try:
            return _nodes_with(_FastLoader, text)
        except Exception:  # noqa: BLE001  # read again below, which raises the error to report
            pass
    return _nodes_with(_Loader, text)


def _nodes_with(loader_class: type, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


_FastLoader = yaml_fast.fast(_Loader)


class Lines(dict):
    """Key lines, and the characters text hygiene refused (reported by `validate`)."""

    refused: tuple = ()


def parse(
    text: str, path: Path, report: Problems, first_line: int = 1, defer: bool = False
) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML text that starts on `first_line` of `path`; return data and key lines.
    Characters a clinic may not write (hygiene.scan) are errors: raised at once, or with
    `defer` (for a file then given to `validate`) raised by `validate` with every other
    problem of the file, so that one run names them all."""
    found = hygiene.scan(text, path, report, first_line)
    if found and not defer:
        raise ContentError(*found)
    try:
        data, lines = _parse(text, path, report, first_line, named=bool(found))
    except ContentError as exc:
        raise ContentError(*found, *exc.problems) from None
    lines = Lines(lines)
    lines.refused = tuple(found)
    return data, lines


def _parse(text: str, path: Path, report: Problems, first_line: int, named: bool) -> tuple[Any, dict[Loc, int]]:
    rows = _Rows(text)
    try:
        node, data = _nodes(text)  # one parse: the node tree gives the lines, then the data
        lines: dict[Loc, int] = {}
        if node is not None:
            _lines(node, (), lines, rows)
    except _Refused as exc:
        message = exc.message
        if exc.first:  # marks count from the YAML text; the file's line numbers from first_line
            message += f" (first on line {first_line + rows.row(exc.first)}); keep one"
        raise report.error(path, first_line + rows.row(exc.mark), message) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. pasted from a word processor
        if named:
            raise ContentError() from None  # hygiene.scan named it already, with its column
        line = first_line + text.count("\n", 0, exc.position)
        raise report.error(
            path, line, f"the settings contain an invisible control character (0x{exc.character:02X}); delete it"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + rows.row(mark) if mark else first_line
        what = exc.problem or exc.context or "unreadable"
        if exc.context and exc.context_mark and rows.row(exc.context_mark) != (rows.row(mark) if mark else None):
            what += f" ({exc.context} that starts on line {first_line + rows.row(exc.context_mark)})"
        raise report.error(
            path, line, f"the YAML is not valid: {what}; check brackets, quotes and indentation"
        ) from None
    return data, {loc: first_line + line - 1 for loc, line in lines.items()}


def _line_for(loc: Loc, lines: dict[Loc, int], default: int) -> int:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return default


def _field(loc: Loc) -> str:
    return ".".join(str(part) for part in _data_loc(loc)) or "(top level)"


def _data_loc(loc: Loc) -> Loc:
    """`loc` without the names pydantic gives the branches of a union ('function-after[_range(),
    Frequency]', "literal['not-known', ...]"): the path of keys a clinic wrote."""
    return tuple(part for part in loc if not (isinstance(part, str) and "[" in part))


# A union's scalar branch refusing a mapping or a list (risks.yaml `frequency:` is a figure or a
# word): the model branch's error says what is wrong, this one only that it is not a word.
_SCALAR_BRANCH = {"literal_error", "string_type", "int_type", "float_type", "bool_type", "enum"}


def _branch_noise(err: dict[str, Any]) -> bool:
    return (
        err["type"] in _SCALAR_BRANCH
        and isinstance(err.get("input"), (dict, list))
        and len(_data_loc(tuple(err["loc"]))) < len(err["loc"])
    )


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The nested model that owns the field at `loc` (for listing its known keys)."""
    parts = iter(loc)
    for part in parts:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        values = typing.get_args(annotation) if typing.get_origin(annotation) is dict else ()
        if values and isinstance(values[1], type) and issubclass(values[1], BaseModel):
            annotation = values[1]  # a mapping of names to models (images.yaml): the next part is a name
            next(parts, None)
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
        return f"'{loc}' must be a real date written as YYYY-MM-DD, not {error['input']!r}"
    if kind == "too_short":
        return f"'{loc}' needs at least one entry"
    if kind == "value_error":
        return f"'{loc}': {error['ctx']['error']}" if loc != "(top level)" else str(error["ctx"]["error"])
    return f"'{loc}': {error['msg'].lower()}"


def _named(error: dict, lines: dict[Loc, int]) -> Loc:
    """A check of several keys together ("next_review may be at most 3 years after reviewed") is
    at the key its message starts with, when the file has it; else at the top."""
    first = re.match(r"'?([a-z_]+)'?", str(error.get("ctx", {}).get("error", "")))
    return (first[1],) if first and (first[1],) in lines else ()


def validate(model: type[M], data: Any, path: Path, lines: dict[Loc, int], report: Problems, first_line: int = 1) -> M:
    """Validate data against a model; every error becomes one problem at its line."""
    refused = list(getattr(lines, "refused", ()))
    if not isinstance(data, dict):
        raise ContentError(*refused, report.add(path, first_line, "expected settings written as `key: value` lines"))
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        problems = list(
            dict.fromkeys(
                report.add(
                    path,
                    _line_for(_data_loc(tuple(err["loc"])) or _named(err, lines), lines, first_line),
                    _message(err, model),
                )
                for err in exc.errors(include_url=False)
                if not _branch_noise(err)
            )
        )
        raise ContentError(*refused, *problems) from None
    if refused:
        raise ContentError(*refused)
    return validated


_KEPT = 64  # validated texts kept (rule and language files: a few per language)
_kept: collections.OrderedDict[tuple, BaseModel] = collections.OrderedDict()


def validated(
    text: str,
    path: Path,
    model: type[M],
    report: Problems,
    prepare: Callable[[Any, Lines], None] | None = None,
    variant: Hashable = None,
) -> M:
    """`text` (of `path`) parsed and validated against `model`, kept by content: a shipped rule
    or language file is the same text in every copy of a project and after every save that
    changed nothing, so it is parsed once per process. `prepare` changes the data before it is
    validated; `variant` says what it depends on (part of the key). An error is never kept: a
    bad text is parsed and reported each time it is read."""
    key = (text, path.name, model, variant)
    if key in _kept:
        _kept.move_to_end(key)
        return _kept[key]  # type: ignore[return-value]
    data, lines = parse(text, path, report)
    if prepare is not None:
        prepare(data, lines)
    _kept[key] = found = validate(model, data or {}, path, lines, report)
    if len(_kept) > _KEPT:
        _kept.popitem(last=False)
    return found


def load(path: Path, model: type[M], root: Path) -> tuple[M, dict[Loc, int]]:
    """A YAML file of the project's or a clinic's validated against `model`, and the line of each
    key: read through the guarded reader (read.read_text: size limit, never a FIFO), parsed and
    validated once while the file's modification time and size stay the same. Raises ContentError,
    located relative to `root`; an error is never kept, so a file put right is read again."""
    info = path.stat()
    return _load(path, model, root, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=128)
def _load(path: Path, model: type[M], root: Path, mtime: int, size: int) -> tuple[M, dict[Loc, int]]:
    report = Problems(root)
    data, lines = parse(read_text(path, report), path, report)
    return validate(model, data or {}, path, lines, report), lines
