"""The Jinja environment that wraps a handout in a clinic's template, and its errors as
`template:line`.

Templates are looked up in the clinic's `templates/` folder first, then the project's
`templates/`; the project's are also reachable as `project/<name>` so a clinic template
can extend the one it replaces and change a single block.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from ..problems import ContentError, Problems
from . import clinic_values, template_allowlist, template_budget, template_memory, template_sizes
from .bounded_sandbox import BoundedSandbox
from .compiled import COMPILED
from .labels import css_string, long_date
from .markdown import whole_words
from .sandbox import TemplateFiles, _checked_format, _narrow
from .template_source import TemplateFileError


def environment(
    root: Path, clinic_folder: Path, templates: str = "templates", located: bool = False
) -> jinja2.Environment:
    """Clinic templates are data, not code: sandboxed, so no underscored attribute (the way to
    `os` from any object), no file paths and no changing what they are given. `located`: the
    clinic's templates mark their own words with their file and line, for the checks."""
    project = TemplateFiles(root / templates)
    clinic = TemplateFiles(clinic_folder / templates, root if located else None)
    env = BoundedSandbox(
        loader=jinja2.ChoiceLoader([clinic, project, jinja2.PrefixLoader({"project": project})]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,  # compiled once per process while the file is unchanged
    )
    env.filters["css_string"] = css_string
    env.filters["center"] = _narrow(env.filters["center"], "width")
    env.filters["indent"] = _narrow(env.filters["indent"], "width")
    env.filters["format"] = _checked_format
    env.filters["long_date"] = long_date
    env.filters["whole_words"] = whole_words
    env.globals.pop("lipsum", None)
    env.globals["range"] = template_budget.budgeted_range
    if located:  # a clinic setting's value keeps its line in clinic.yaml (clinic_values.py)
        env.filters["replace"] = clinic_values.replace
    template_allowlist.restrict(env)  # only the named filters, tests and globals, each measured
    return env


MAX_OUTPUT_CHARS = 5_000_000  # a page is about 50,000 characters; the largest catalogue far less
TEMPLATE_SECONDS = 5  # a page renders in about 0.05 s; loops in a template must not hang the build


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any], root: Path) -> str:
    """Render a template; any mistake in it (a syntax error, an unknown name, `{{ 1/0 }}`, a loop
    that never ends) becomes a `template:line` error, never a traceback or a hang. A render
    stopped by its limits (template_budget.py) is not tried again with this environment: the
    next output's render of it fails at once with the same error."""
    from ..limits import RenderTimeout, time_limit

    # the template files' fingerprint only when some render was stopped (else taken on a failure)
    key = template_budget.fingerprint(env, name) if template_budget.any_stopped() else None
    if key is not None and (before := template_budget.stopped_before(key)):
        raise ContentError(*before.problems)
    generator = None
    try:
        with (
            template_memory.ceiling(),
            time_limit(TEMPLATE_SECONDS),
            template_budget.budget(),
            template_sizes.accounting(),
        ):
            parts, size = [], 0
            generator = env.get_template(name).generate(context)
            for chunk in generator:
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    where = template_budget.stopped_at(generator=generator)
                    raise _stopped(
                        key or template_budget.fingerprint(env, name),
                        root,
                        where,
                        name,
                        f"the template made more than {MAX_OUTPUT_CHARS // 1_000_000} million characters; "
                        "look for a loop or a repeat that never ends",
                    )
                parts.append(chunk)
            return clinic_values.resolve("".join(parts))  # only a checker's page has marks
    except jinja2.TemplateError as exc:
        problem = template_problem(exc, root)
        if isinstance(exc, template_budget.TooMuchWork):
            template_budget.remember(key or template_budget.fingerprint(env, name), problem)
        raise problem from None
    except RenderTimeout as exc:
        where = template_budget.stopped_at(exc.__traceback__)
        raise _stopped(
            key or template_budget.fingerprint(env, name),
            root,
            where,
            name,
            f"the template took longer than {TEMPLATE_SECONDS} s; look for a loop that never ends",
        ) from None
    except MemoryError as exc:
        where = template_budget.stopped_at(exc.__traceback__)
        del exc  # its frames hold what the template built: let it go before reporting
    except RecursionError as exc:
        where = template_budget.stopped_at(exc.__traceback__)
        raise _stopped(
            key or template_budget.fingerprint(env, name),
            root,
            where or _file_of(env, name),
            name,
            "the template calls a macro inside itself without end; remove the call"
            if where
            else "the template nests brackets or tags too deep to be read; nest them less",
        ) from None
    except Exception as exc:  # e.g. `{{ text + 1 }}` or `{{ 1/0 }}` in a clinic template
        if any(f.filename.endswith(".j2") for f in traceback.extract_tb(exc.__traceback__)):
            raise template_problem(exc, root) from None
        raise
    finally:
        if generator is not None:
            generator.close()
    raise _stopped(  # only after a MemoryError, outside its handler, so nothing it built is kept
        key or template_budget.fingerprint(env, name),
        root,
        where,
        name,
        f"the template needed more than {template_memory.CEILING_BYTES // 2**20} MB of memory; "
        "look for a loop or a filter that builds a very long text or list",
    )


def _file_of(env: jinja2.Environment, name: str) -> tuple[str, int] | None:
    """The file of template `name` (a template too deeply nested to compile has no line yet)."""
    try:
        return env.loader.get_source(env, name)[1], None
    except Exception:  # noqa: BLE001 (any failure to find it: the error names the template)
        return None


def _stopped(key: tuple, root: Path, where: tuple[str, int] | None, name: str, message: str) -> ContentError:
    """The error of a render stopped by its limits, at the template line it had reached;
    remembered, so the other outputs' renders of the same template fail at once."""
    file, line = where or (str(root / "templates" / name), None)
    error = Problems(root).error(Path(file), line, message)
    template_budget.remember(key, error)
    return error


def template_problem(exc: Exception, root: Path) -> ContentError:
    """A Jinja error as `template:line: message`, found from the traceback if need be."""
    report = Problems(root)
    if isinstance(exc, jinja2.TemplateSyntaxError) and template_allowlist.not_available(exc.message or ""):
        return report.error(
            Path(exc.filename or exc.name or "templates"), exc.lineno, template_allowlist.not_available(exc.message)
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return report.error(
            Path(exc.filename or exc.name or "templates"), exc.lineno, f"template syntax error: {exc.message}"
        )
    if isinstance(exc, TemplateFileError):
        return report.error(Path(exc.filename), None, exc.message or "this template cannot be read")
    filename, line = "templates", None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            filename, line = name, tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, template_budget.TooMuchWork | template_sizes.TemplateLimit):
        message = str(exc.message)
    elif isinstance(exc, jinja2.sandbox.SecurityError) and "is not allowed in templates" in (exc.message or ""):
        message = f"template error: {exc.message}; make it smaller"
    elif isinstance(exc, jinja2.sandbox.SecurityError):
        unsafe = re.search(r"attribute '(\w+)'", exc.message or "")
        what = f"'{unsafe[1]}'" if unsafe else "this"
        message = (
            f"template may not use {what}: names starting with '_' and changing values are not "
            "available in templates; remove it"
        )
    elif isinstance(exc, jinja2.UndefinedError):
        attribute = re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", exc.message or "")
        owner = "clinic.yaml" if attribute and attribute[1] == "ClinicSettings" else attribute and attribute[1]
        what = f"'{attribute[2]}' is not a field of {owner}" if attribute else exc.message
        message = f"template uses an undefined variable: {what}; check the spelling"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"template '{exc.name}' not found in the clinic's templates/ or the project's templates/"
    else:
        message = f"template error: {exc}"
    return report.error(Path(filename), line, message)
