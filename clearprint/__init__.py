"""Clearprint: printable patient handouts from Markdown, clinic branding and templates."""

from .version import __version__  # noqa: F401 (the package's version, as usual)


def __getattr__(name: str):
    """`clearprint.build(root, clearprint.BuildOptions(...))`: the library API, imported on
    first use so that `import clearprint` stays cheap."""
    if name in ("build", "BuildOptions", "Selection"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
