"""Allowlist of the font files that generated PDFs embed, located through their packages."""

from __future__ import annotations

from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

# Debian's fonts-liberation2 installs here; Liberation Serif is metric-compatible with
# Times New Roman, which official documents (Nghị định 30/2020/NĐ-CP) are set in.
LIBERATION2_DIR = Path("/usr/share/fonts/truetype/liberation2")

SERIF_FILES: tuple[str, ...] = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
SANS_FILES: tuple[str, ...] = (
    "BeVietnamPro-Regular.ttf",
    "BeVietnamPro-Italic.ttf",
    "BeVietnamPro-SemiBold.ttf",
    "BeVietnamPro-Bold.ttf",
    "BeVietnamPro-BoldItalic.ttf",
)


class FontNotFoundError(FileNotFoundError):
    """An allowlisted font file is missing; the message names the package that provides it."""


class _Source(NamedTuple):
    directory: Callable[[], Path | None]
    install_hint: str


def _liberation2_dir() -> Path | None:
    """Return the directory of Debian's fonts-liberation2 files."""
    return LIBERATION2_DIR


def _be_vietnam_pro_dir() -> Path | None:
    """Return the font directory of the installed fontpkg_be_vietnam_pro package, if any."""
    # find_spec locates the package without importing it, so a missing package is not an error.
    spec = find_spec("fontpkg_be_vietnam_pro")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "files"


_LIBERATION2 = _Source(_liberation2_dir, "apt-get install fonts-liberation2")
_BE_VIETNAM_PRO = _Source(_be_vietnam_pro_dir, "pip install fontpkg-be-vietnam-pro==1.2")

_SOURCES: dict[str, _Source] = {
    **dict.fromkeys(SERIF_FILES, _LIBERATION2),
    **dict.fromkeys(SANS_FILES, _BE_VIETNAM_PRO),
}


def font_path(name: str) -> Path | None:
    """Return the file for an allowlisted font name, or None if unknown or not installed."""
    source = _SOURCES.get(name)
    if source is None:
        return None
    directory = source.directory()
    if directory is None:
        return None
    path = directory / name
    return path if path.is_file() else None


def require_font(name: str) -> Path:
    """Return the file for an allowlisted font name, raising FontNotFoundError if missing."""
    if name not in _SOURCES:
        raise ValueError(f"{name!r} is not an allowlisted PDF font")
    path = font_path(name)
    if path is None:
        raise FontNotFoundError(f"PDF font {name} is missing; {_SOURCES[name].install_hint}")
    return path


def check_fonts() -> None:
    """Raise FontNotFoundError naming every missing allowlisted font and how to install it."""
    missing = [name for name in _SOURCES if font_path(name) is None]
    if missing:
        hints = sorted({_SOURCES[name].install_hint for name in missing})
        raise FontNotFoundError(
            f"PDF fonts missing: {', '.join(missing)}; fix with: {' && '.join(hints)}"
        )
