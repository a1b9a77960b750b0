"""Postcodes: normalising what a parent typed, and an offline postcode -> local authority district index.

The index is built once at set-up from the ONS-derived table (2.7 million UK postcodes) into one compact
binary file, var/postcodes.idx, and memory-mapped at run time:

    magic (8 bytes) | header length (uint32) | JSON header | padding to 8 | keys: uint64[n] | districts: uint16[n]

Each postcode becomes a sorted 64-bit key (its outward code padded to four characters, then the inward code,
read as a base-37 number), so a full postcode is a binary search, and a sector ("BA2 4") or district ("BA2")
is a contiguous range of keys whose districts can be counted. The header holds the table of district codes
and the source file's size and modification time, so a rebuild is skipped when the source has not changed.
About 27 MB on disk; only the pages a lookup touches are read into memory.
"""

from __future__ import annotations

import bisect
import json
import lzma
import mmap
import os
import re
import struct
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.paths import SHARED_DATA, VAR

SOURCE = SHARED_DATA / "postcode_to_authority_uk.csv.xz"
INDEX = VAR / "postcodes.idx"
MAGIC = b"RTAPC\x00\x01\x00"
FORMAT_VERSION = 1

_ALPHABET = " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
_BASE = len(_ALPHABET)
_LOWEST, _HIGHEST = 0, _BASE - 1

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL = re.compile(rf"({OUTWARD})([0-9][A-Z]{{2}})")
_SECTOR = re.compile(rf"({OUTWARD}) +([0-9])")
_DISTRICT = re.compile(OUTWARD)
_IN_TEXT = re.compile(rf"\b({OUTWARD}) ?([0-9][A-Z]{{2}})\b")


@dataclass(frozen=True)
class Postcode:
    """What a parent typed, read as a postcode. kind: full, sector, district or malformed."""

    kind: str
    outward: str = ""
    inward: str = ""  # full: "1NH"; sector: "1"

    @property
    def text(self) -> str:
        return f"{self.outward} {self.inward}".strip()


def parse_postcode(text: str) -> Postcode | None:
    """Read text as a postcode, ignoring case and spacing; None when it is clearly not a postcode attempt.

    "nr21nh" and " NR2  1NH" are the full postcode NR2 1NH; "BA2 4" is a sector; "BA2" a district. Text with
    a digit that is short enough to be a postcode but does not fit the pattern (e.g. "NR2 1N") is malformed.
    """
    upper = " ".join(text.upper().split())
    compact = upper.replace(" ", "")
    if match := _FULL.fullmatch(compact):
        return Postcode("full", match.group(1), match.group(2))
    if match := _SECTOR.fullmatch(upper):
        return Postcode("sector", match.group(1), match.group(2))
    if _DISTRICT.fullmatch(compact):
        return Postcode("district", compact)
    if compact.isalnum() and any(ch.isdigit() for ch in compact) and len(compact) <= 8:
        return Postcode("malformed")
    return None


def find_postcode_in_text(text: str) -> Postcode | None:
    """A full postcode inside a sentence ("we live at NR2 1NH, Norwich")."""
    match = _IN_TEXT.search(text.upper())
    return Postcode("full", match.group(1), match.group(2)) if match else None


def postcode_key(outward: str, inward: str) -> int:
    """The sortable 64-bit key of a postcode (a base-37 number of outward padded to 4, then inward)."""
    key = 0
    for ch in outward.ljust(4) + inward:
        key = key * _BASE + _VALUE[ch]
    return key


def _range(outward: str, inward_prefix: str) -> tuple[int, int]:
    """Lowest and highest possible keys of postcodes starting with outward + inward_prefix."""
    low = high = postcode_key(outward, inward_prefix)
    for _ in range(3 - len(inward_prefix)):
        low, high = low * _BASE + _LOWEST, high * _BASE + _HIGHEST
    return low, high


# --- building the index at set-up -----------------------------------------------------------------------------


def _source_stamp(source: Path) -> dict:
    stat = source.stat()
    return {"name": source.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def read_header(index: Path) -> dict | None:
    """The index file's header, or None when it is missing or not a valid index."""
    try:
        with index.open("rb") as handle:
            if handle.read(8) != MAGIC:
                return None
            (length,) = struct.unpack("<I", handle.read(4))
            return json.loads(handle.read(length))
    except (OSError, ValueError, struct.error):
        return None


def is_current(index: Path = INDEX, source: Path = SOURCE) -> bool:
    """True when the index exists and was built from this exact source file with this format."""
    header = read_header(index)
    if not header:
        return False
    return header.get("version") == FORMAT_VERSION and header.get("source") == _source_stamp(source)


def build_index(source: Path = SOURCE, index: Path = INDEX, *, force: bool = False) -> dict:
    """Build the binary index from the xz CSV (postcode,lad_code,utla_code); skip when already current.

    Returns a small report: {"built": bool, "count": n, "seconds": s, "path": str, "bytes": size}.
    """
    started = time.perf_counter()
    header = read_header(index) if not force and is_current(index, source) else None
    if header is not None:
        return {
            "built": False,
            "count": header["count"],
            "seconds": 0.0,
            "path": str(index),
            "bytes": index.stat().st_size,
        }
    lad_codes: dict[str, int] = {}
    keys, lads = array("Q"), array("H")
    in_order = True
    with lzma.open(source, "rt", encoding="ascii", newline="") as handle:
        header_line = handle.readline().strip()
        if not header_line.startswith("postcode,lad_code"):
            raise ValueError(f"{source}: unexpected header {header_line!r}")
        previous = -1
        for line in handle:
            postcode, lad, _ = line.split(",", 2)
            outward, inward = postcode.split(" ")
            key = postcode_key(outward, inward)
            in_order = in_order and key > previous
            previous = key
            keys.append(key)
            lads.append(lad_codes.setdefault(lad, len(lad_codes)))
    if len(lad_codes) >= 1 << 16:
        raise ValueError("too many district codes for a 16-bit table")
    if not in_order:
        # The source is sorted by postcode text, which is already key order; only an unsorted source pays this.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys, lads = array("Q", (keys[i] for i in order)), array("H", (lads[i] for i in order))
    count = len(keys)
    header = {
        "version": FORMAT_VERSION,
        "source": _source_stamp(source),
        "count": count,
        "lads": sorted(lad_codes, key=lad_codes.__getitem__),
    }
    header_bytes = json.dumps(header).encode()
    padding = -(len(MAGIC) + 4 + len(header_bytes)) % 8
    index.parent.mkdir(parents=True, exist_ok=True)
    partial = index.with_suffix(".partial")
    if sys.byteorder != "little":  # the file is little-endian wherever it is built
        keys.byteswap()
        lads.byteswap()
    with partial.open("wb") as out:
        out.write(MAGIC + struct.pack("<I", len(header_bytes) + padding) + header_bytes + b" " * padding)
        keys.tofile(out)
        lads.tofile(out)
    os.replace(partial, index)  # atomic: a reader never sees half a file
    return {
        "built": True,
        "count": count,
        "seconds": round(time.perf_counter() - started, 2),
        "path": str(index),
        "bytes": index.stat().st_size,
    }


# --- looking up at run time --------------------------------------------------------------------------------


class IndexMissing(RuntimeError):
    """The postcode index has not been built (run `python -m bot.councils.build_index`)."""


class PostcodeIndex:
    """A memory-mapped, read-only view of var/postcodes.idx."""

    def __init__(self, path: Path = INDEX):
        header = read_header(path)
        if sys.byteorder != "little":
            raise RuntimeError("the postcode index is read as little-endian; this machine is big-endian")
        if header is None or header.get("version") != FORMAT_VERSION:
            raise IndexMissing(
                f"postcode index missing or out of date at {path}: run python -m bot.councils.build_index"
            )
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        (length,) = struct.unpack_from("<I", self._map, 8)
        start = 12 + length
        self.count = header["count"]
        self.lads: list[str] = header["lads"]
        view = memoryview(self._map)
        self._keys = view[start : start + 8 * self.count].cast("Q")
        self._lads = view[start + 8 * self.count : start + 10 * self.count].cast("H")

    def district_of(self, outward: str, inward: str) -> str | None:
        """The local authority district (LAD) code of a full postcode, or None if it is not in the data."""
        key = postcode_key(outward, inward)
        position = bisect.bisect_left(self._keys, key)
        if position < self.count and self._keys[position] == key:
            return self.lads[self._lads[position]]
        return None

    def districts_in(self, outward: str, sector: str = "") -> Counter:
        """How many postcodes of each LAD code lie in a postcode district ("BA2") or sector ("BA2", "4")."""
        low, high = _range(outward, sector)
        first = bisect.bisect_left(self._keys, low)
        last = bisect.bisect_right(self._keys, high, lo=first)
        counts = Counter(self._lads[first:last].tolist())  # counted in C, then named
        return Counter({self.lads[i]: n for i, n in counts.items()})


_loaded: PostcodeIndex | None = None


def postcode_index() -> PostcodeIndex:
    """The process-wide index, opened on first use."""
    global _loaded
    if _loaded is None:
        _loaded = PostcodeIndex()
    return _loaded
