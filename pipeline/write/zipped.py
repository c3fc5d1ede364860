"""Zip files put together from members compressed beforehand: every Word report holds the same
large parts (styles, theme, settings), and compressing them again for each report would cost
more than writing the report. Plain zip as `zipfile` reads it: deflated or stored members, no
ZIP64 (a report is far from 4 GiB), member names in UTF-8."""
from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20                   # what the members need: deflate (zip 2.0)
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Member:
    """A file in a zip as it is stored: its name, compression method, CRC-32 and size of the
    file itself, and its bytes as stored."""
    name: str
    method: int
    crc: int
    size: int
    stored: bytes

    def data(self) -> bytes:
        """The file itself."""
        return zlib.decompress(self.stored, -zlib.MAX_WBITS) if self.method == zipfile.ZIP_DEFLATED else self.stored


def deflated(name: str, data: bytes) -> Member:
    """`data` as the member `name`, deflated as `zipfile` does by default."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def members_of(path: Path) -> list[Member]:
    """The members of the zip file at `path` as they are stored there, in its order."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    members = []
    for info in infos:
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
        start = info.header_offset + _LOCAL_HEADER.size + header[-2] + header[-1]  # after name and extra field
        members.append(Member(info.filename, info.compress_type, info.CRC, info.file_size,
                              data[start:start + info.compress_size]))
    return members


def zip_bytes(members: Iterable[Member], when: dt.datetime) -> bytes:
    """A zip file of `members` in their order, each dated `when` (to the two seconds a zip keeps)."""
    time = when.hour << 11 | when.minute << 5 | when.second // 2
    date = max(when.year - 1980, 0) << 9 | when.month << 5 | when.day
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0 if member.name.isascii() else _UTF8_NAME
        stored = len(member.stored)
        local = _LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, flags, member.method, time, date,
                                   member.crc, stored, member.size, len(name), 0)
        central.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, _VERSION, flags, member.method, time, date,
                                            member.crc, stored, member.size, len(name), 0, 0, 0, 0, 0, offset) + name)
        chunks += (local, name, member.stored)
        offset += len(local) + len(name) + stored
    directory = b"".join(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
