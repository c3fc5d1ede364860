"""Zip files put together from members compressed beforehand: every Word report holds the same
large parts (styles, theme, settings), and a user's plan copied with its notes as comments is
mostly the user's own members; compressing them again for each file would cost more than the
rest of the writing. (Python's zipfile writes a member only from its uncompressed content:
cpython issue #113924.) Plain zip as `zipfile` reads it: deflated or stored members, no ZIP64
(a report or a plan is far from 4 GiB), member names in UTF-8."""
from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20                   # what the members need: deflate (zip 2.0)
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Member:
    """A file in a zip as it is stored: its name, compression method, CRC-32 and size of the
    file itself, its bytes as stored, and its date (None: the archive's date)."""
    name: str
    method: int
    crc: int
    size: int
    stored: bytes
    date_time: tuple[int, int, int, int, int, int] | None = None

    def data(self) -> bytes:
        """The file itself (of a stored or deflated member; another method is `zipfile`'s to read)."""
        if self.method == zipfile.ZIP_DEFLATED:
            return zlib.decompress(self.stored, -zlib.MAX_WBITS)
        if self.method == zipfile.ZIP_STORED:
            return self.stored
        raise NotImplementedError(f"compression method {self.method}")


def deflated(name: str, data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Member:
    """`data` as the member `name`, deflated as `zipfile` does (by default at its default level)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def members_of(data: bytes) -> list[Member]:
    """The members of the zip file `data` as they are stored there, with their dates, in its order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    members = []
    for info in infos:
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
        start = info.header_offset + _LOCAL_HEADER.size + header[-2] + header[-1]  # after name and extra field
        members.append(Member(info.filename, info.compress_type, info.CRC, info.file_size,
                              data[start:start + info.compress_size], info.date_time))
    return members


def replaced(data: bytes | list[Member], new: dict[str, bytes], when: dt.datetime,
             level: int = zlib.Z_DEFAULT_COMPRESSION) -> bytes:
    """The zip file `data` (or of its `members_of`) with each of `new` (name → content, deflated
    at `level`, dated `when`) in place of the member of that name, or after the others when there
    is none; every other member as it is stored, with its date."""
    fresh = {name: deflated(name, content, level) for name, content in new.items()}
    kept = [fresh.pop(member.name, member) for member in (members_of(data) if isinstance(data, bytes) else data)]
    return zip_bytes([*kept, *fresh.values()], when)


def zip_bytes(members: Iterable[Member], when: dt.datetime) -> bytes:
    """A zip file of `members` in their order, each dated `when` unless it has a date of its own
    (to the two seconds a zip keeps)."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0 if member.name.isascii() else _UTF8_NAME
        stored = len(member.stored)
        date, time = _dos_date_time(member.date_time or when.timetuple()[:6])
        local = _LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, flags, member.method, time, date,
                                   member.crc, stored, member.size, len(name), 0)
        central.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, _VERSION, flags, member.method, time, date,
                                            member.crc, stored, member.size, len(name), 0, 0, 0, 0, 0, offset) + name)
        chunks += (local, name, member.stored)
        offset += len(local) + len(name) + stored
    directory = b"".join(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def _dos_date_time(when: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = when[:6]
    return max(year - 1980, 0) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
