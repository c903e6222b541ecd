"""The journey maps as files: each journey's whole map as an SVG or a PNG, or its steps as CSV.

Written into a folder of their own (`-o`, `maps` by default), replaced whole and only over what
an export wrote before (`cjdocs.atomic.replacing`). The footer of a picture says where its data
comes from without reading the clock, so that the same definitions give the same files: the
date and revision of the last commit that touched the journey's file (or the date given with
`--date`), and whether the file has changed since.

PNG is drawn from the SVG by resvg (the `resvg-py` wheel: no system library, no browser) with
the Roboto font from the `fontpkg-roboto` wheel, both in the `png` extra (`pip install
'cjdocs[png]'`). resvg is told to ignore the system's fonts: without a font it would leave
every text out silently, and with whatever fonts a machine has, the same map would come out
differently on each. Scripts Roboto lacks (Arabic, Hebrew, emoji, CJK) need a font given with
`--font`.
"""

from __future__ import annotations

import struct
import subprocess
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cjdocs.atomic import Protected, check_output_folder, replacing
from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import Journey
from cjdocs.render.map_picture import Stamp, map_picture
from cjdocs.workflow.export.spreadsheet import steps_csv

FORMATS = ("map-svg", "map-png", "map-csv")
SUFFIXES = {"map-svg": "svg", "map-png": "png", "map-csv": "csv"}
# The SVG's pixels are CSS pixels: 96 to the inch.
CSS_DPI = 96.0
DEFAULT_DPI = 192.0  # twice the natural size: sharp on slides and high-density screens
# A PNG larger than this would take gigabytes to draw: refused, with the size it would have.
MAX_SIDE = 32_000
MAX_PIXELS = 150_000_000
GIT_TIMEOUT = 30
# A commit's id in the footer: as many characters as GitHub shows, the same in every clone.
REVISION_LENGTH = 12


class PngUnavailable(Exception):
    """The packages that draw PNG are not installed."""


class PictureTooLarge(Exception):
    """A PNG of that size cannot be drawn; the message says which and how large."""


@dataclass(frozen=True, slots=True)
class PngSize:
    """How large the PNGs are drawn: at `dpi` dots per inch, or `width` pixels wide."""

    dpi: float | None = None
    width: int | None = None

    def scale(self, natural_width: float) -> float:
        if self.width is not None:
            return self.width / natural_width
        return (self.dpi or DEFAULT_DPI) / CSS_DPI


# -- where the data comes from -----------------------------------------------------------------------


def _git(folder: Path, *arguments: str) -> str | None:
    """Git's answer, or None when git is missing, fails or does not answer in time."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def stamp_of(file: Path, date: str | None = None) -> Stamp:
    """The date and revision of the last commit that touched `file`, and whether it changed
    since; `date` (YYYY-MM-DD), when given, stands for the commit's date."""
    folder, name = file.parent, file.name
    if _git(folder, "rev-parse", "--show-toplevel") is None:
        return Stamp(date=date, in_git=False)
    logged = (_git(folder, "log", "-1", "--format=%H %cs", "--", name) or "").split()
    status = _git(folder, "status", "--porcelain", "--", name) or ""
    if len(logged) != 2:
        return Stamp(date=date, changed=bool(status.strip()))
    revision, committed = logged
    return Stamp(
        date=date or committed,
        revision=revision[:REVISION_LENGTH],
        changed=bool(status.strip()),
    )


# -- PNG ---------------------------------------------------------------------------------------------


def _roboto() -> Path:
    try:
        import fontpkg
        import resvg_py  # noqa: F401  (checked here, used by `_draw`)

        return Path(fontpkg.path("Roboto"))
    except Exception as error:  # an ImportError, or fontpkg not finding the family
        raise PngUnavailable(
            "PNG needs the packages of the png extra: pip install 'cjdocs[png]' "
            "(resvg-py and fontpkg-roboto)"
        ) from error


def _with_density(png: bytes, dpi: float) -> bytes:
    """`png` with its physical resolution written in (a pHYs chunk after the header), so that
    a layout or print program gives it its size on paper."""
    per_metre = round(dpi / 0.0254)
    data = struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = (
        struct.pack(">I", len(data))
        + b"pHYs"
        + data
        + struct.pack(">I", zlib.crc32(b"pHYs" + data) & 0xFFFFFFFF)
    )
    header_end = 8 + 4 + 4 + 13 + 4  # the signature, then IHDR: length, type, data, CRC
    return png[:header_end] + chunk + png[header_end:]


def font_characters(path: Path) -> set[int] | None:
    """The characters a TrueType or OpenType font file has glyphs for (its `cmap` table's
    Unicode subtables, formats 4 and 12); None when the file cannot be read as one."""
    try:
        data = path.read_bytes()
        tables = {
            data[12 + 16 * n : 16 + 16 * n]: struct.unpack(">II", data[20 + 16 * n : 28 + 16 * n])
            for n in range(struct.unpack(">H", data[4:6])[0])
        }
        cmap = tables[b"cmap"][0]
        found: set[int] = set()
        for n in range(struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]):
            platform, encoding, offset = struct.unpack(
                ">HHI", data[cmap + 4 + 8 * n : cmap + 12 + 8 * n]
            )
            if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
                continue
            table = cmap + offset
            kind = struct.unpack(">H", data[table : table + 2])[0]
            if kind == 4:
                count = struct.unpack(">H", data[table + 6 : table + 8])[0] // 2
                ends = struct.unpack(f">{count}H", data[table + 14 : table + 14 + 2 * count])
                starts_at = table + 16 + 2 * count
                starts = struct.unpack(f">{count}H", data[starts_at : starts_at + 2 * count])
                for start, end in zip(starts, ends, strict=True):
                    found.update(range(start, end + 1))
            elif kind == 12:
                groups = struct.unpack(">I", data[table + 12 : table + 16])[0]
                for g in range(groups):
                    start, end, _ = struct.unpack(
                        ">III", data[table + 16 + 12 * g : table + 28 + 12 * g]
                    )
                    found.update(range(start, end + 1))
        found.discard(0xFFFF)
        return found
    except (OSError, KeyError, struct.error, ValueError):
        return None


def missing_characters(svg: str, fonts: Sequence[Path]) -> list[str]:
    """The characters of the picture's text that none of `fonts` has: they would be drawn as
    empty boxes. Empty when a font cannot be read (nothing to say for sure)."""
    import xml.etree.ElementTree as ET

    covered: set[int] = set()
    for font in fonts:
        characters = font_characters(font)
        if characters is None:
            return []
        covered |= characters
    text = "".join(ET.fromstring(svg).itertext())
    # Joiners and variation selectors have no glyph of their own.
    invisible = {0x200C, 0x200D, *range(0xFE00, 0xFE10)}
    return sorted(
        {
            character
            for character in text
            if not character.isspace()
            and ord(character) not in covered
            and ord(character) not in invisible
        }
    )


def png_of(svg: str, width: float, height: float, size: PngSize, fonts: Sequence[Path]) -> bytes:
    """The SVG drawn as PNG; raises PictureTooLarge before drawing a PNG past the limits."""
    roboto = _roboto()
    scale = size.scale(width)
    pixels = (round(width * scale), round(height * scale))
    if max(pixels) > MAX_SIDE or pixels[0] * pixels[1] > MAX_PIXELS:
        raise PictureTooLarge(f"{pixels[0]:,} × {pixels[1]:,} pixels")
    import resvg_py

    drawn = resvg_py.svg_to_bytes(
        svg_string=svg,
        skip_system_fonts=True,
        font_files=[str(roboto), *(str(font) for font in fonts)],
        font_family="Roboto",
        sans_serif_family="Roboto",
        zoom=scale,
    )
    return _with_density(bytes(drawn), CSS_DPI * scale)


# -- the files ---------------------------------------------------------------------------------------


def map_files(
    journeys: Sequence[Journey],
    output_format: str,
    *,
    language: str = "en",
    date: str | None = None,
    size: PngSize = PngSize(),
    fonts: Sequence[Path] = (),
    missing: dict[str, list[str]] | None = None,
) -> dict[str, bytes]:
    """Each journey's file of `output_format` (one of FORMATS), by file name. For PNG,
    `missing` gets, by journey id, the characters no font has (drawn as empty boxes)."""
    labels = catalogue(language)
    files: dict[str, bytes] = {}
    for journey in journeys:
        name = f"{journey.id}.{SUFFIXES[output_format]}"
        if output_format == "map-csv":
            files[name] = steps_csv(journey, labels)
            continue
        picture = map_picture(journey, labels, stamp_of(Path(journey.source.file), date))
        if output_format == "map-svg":
            files[name] = picture.svg.encode("utf-8")
            continue
        try:
            files[name] = png_of(picture.svg, picture.width, picture.height, size, fonts)
        except PictureTooLarge as error:
            raise PictureTooLarge(f"the map of {journey.id} would be {error}") from None
        lacking = missing_characters(picture.svg, [_roboto(), *fonts])
        if lacking and missing is not None:
            missing[journey.id] = lacking
    return files


def export_maps(
    journeys: Sequence[Journey],
    target: Path,
    output_format: str,
    *,
    protected: Sequence[Protected] = (),
    **options,
) -> list[Path]:
    """Write each journey's file into the folder `target`, replaced whole or not at all; raises
    cjdocs.atomic.Refused, writing nothing, when `target` holds anything it did not write."""
    check_output_folder(target, protected=protected)  # before anything is drawn
    files = map_files(journeys, output_format, **options)
    with replacing(target, protected=protected) as fresh:
        for name, data in sorted(files.items()):
            (fresh / name).write_bytes(data)
    return [target / name for name in sorted(files)]
