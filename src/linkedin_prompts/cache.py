"""A cache of parsed prompt files, keyed on each file's mtime and size.

Loading 10,000 YAML files takes seconds; decoding one msgpack file of validated specs takes
milliseconds. A stale or unreadable cache is ignored and rewritten, never trusted blindly.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import msgspec

from .schema import PromptSpec

FORMAT = 1
_Entry = tuple[int, int, PromptSpec]
_decoder = msgspec.msgpack.Decoder(tuple[int, dict[str, _Entry]])
_encoder = msgspec.msgpack.Encoder()


class SpecCache:
    def __init__(self, root: Path):
        from .paths import cache_dir

        self.root = root.resolve()
        key = hashlib.sha1(str(self.root).encode()).hexdigest()[:16]
        self.file = cache_dir() / f"library-{key}.msgpack"
        self.entries: dict[str, _Entry] = {}
        self.seen: set[str] = set()
        self.dirty = False
        try:
            fmt, entries = _decoder.decode(self.file.read_bytes())
            if fmt == FORMAT:
                self.entries = entries
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            self.entries = {}


    def get(self, path: Path) -> PromptSpec | None:
        key = str(path)
        self.seen.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return None
        st = path.stat()
        if entry[0] == st.st_mtime_ns and entry[1] == st.st_size:
            return entry[2]
        return None

    def put(self, path: Path, spec: PromptSpec) -> None:
        st = path.stat()
        self.entries[str(path)] = (st.st_mtime_ns, st.st_size, spec)
        self.dirty = True

    def save(self) -> None:
        stale = set(self.entries) - self.seen
        for key in stale:
            del self.entries[key]
        if not (self.dirty or stale):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_encoder.encode((FORMAT, self.entries)))
            os.replace(tmp, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs speed
