"""A zip package copied with some members replaced or added, every other member's stored
(compressed) bytes copied as they are: for the plan's marked copy, whose user's styles, images
and fonts are most of the package and would otherwise be inflated and deflated again.

Python's zipfile writes a member only from its uncompressed content (copying stored bytes is
cpython issue #113924), so the entries are cut out of the archive by the layout PKWARE's
APPNOTE.TXT documents: each member's local entry (header, data, data descriptor) in turn, then
the central directory (one record per member, naming where its local entry starts), then the
end record. The new members are deflated by zipfile and cut out of its archive the same way.
An archive of a layout not handled here (zip64, a prefix before the first entry, more than one
disk, overlapping entries) is rewritten through zipfile instead, every member deflated anew."""
from __future__ import annotations

import struct
import time
import zipfile
from dataclasses import dataclass
from io import BytesIO

_END = struct.Struct("<4s4H2LH")   # the end of central directory record (APPNOTE 4.3.16)
_CENTRAL = struct.Struct("<4s6H3L5H2L")   # a central directory file header (APPNOTE 4.3.12)
_END_SIGNATURE, _CENTRAL_SIGNATURE, _LOCAL_SIGNATURE = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04"
_OFFSET_AT = 42                    # where a central record holds its local entry's offset
_UTF8_NAME = 0x800                 # flag bit 11: the name is UTF-8, else code page 437
_ZIP64 = (0xFFFF, 0xFFFFFFFF)      # a count or size that says "see the zip64 record"
_LONGEST_COMMENT = 0xFFFF


@dataclass(frozen=True)
class _Entry:
    """One member as stored: its name, its local entry and its central directory record."""
    name: str
    local: bytes
    central: bytes


def replace_members(data: bytes, members: dict[str, bytes]) -> bytes:
    """The zip archive `data` with each of `members` (name → content) in place of the member of
    that name, or added after the others when there is none; every other member is copied with
    its stored bytes (an archive of a layout not handled here: through zipfile)."""
    entries = _entries(data)
    if entries is None:
        return _rewritten(data, members)
    new = _entries(_deflated(data, members))
    if new is None:  # zipfile's own archive of a few members is of the layout handled here
        raise ValueError("the new members' archive could not be read back")
    by_name = {entry.name: entry for entry in new}
    names = {entry.name for entry in entries}
    return _archive([by_name.get(entry.name, entry) for entry in entries] +
                    [by_name[name] for name in members if name not in names])


def _deflated(data: bytes, members: dict[str, bytes]) -> bytes:
    """A zip archive of `members`, each stored as the member of its name in `data` was (time,
    attributes, compression) or, for a new member, deflated and dated now."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        names = set(source.namelist())
        infos = [_fresh_info(source.getinfo(name)) if name in names else _new_info(name) for name in members]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in zip(infos, members.values()):
            target.writestr(info, content)
    return buffer.getvalue()


def _fresh_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new member's header with `info`'s name, time, attributes and compression."""
    fresh = zipfile.ZipInfo(info.filename, info.date_time)
    fresh.compress_type, fresh.external_attr, fresh.create_system = (
        info.compress_type, info.external_attr, info.create_system)
    return fresh


def _new_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _entries(data: bytes) -> list[_Entry] | None:
    """The archive's members in central directory order, or None for a layout not handled."""
    end = data.rfind(_END_SIGNATURE, max(0, len(data) - _END.size - _LONGEST_COMMENT))
    if end < 0 or len(data) < end + _END.size:
        return None
    _, disk, start_disk, on_disk, count, size, start, _ = _END.unpack_from(data, end)
    if disk or start_disk or on_disk != count or count in _ZIP64 or size in _ZIP64 or start != end - size:
        return None
    records: list[tuple[str, int, bytes]] = []
    position = start
    for _ in range(count):
        if data[position:position + 4] != _CENTRAL_SIGNATURE or position + _CENTRAL.size > end:
            return None
        fields = _CENTRAL.unpack_from(data, position)
        flags, compressed, plain, name_length, extra_length, comment_length, first_disk = (
            fields[3], fields[8], fields[9], fields[10], fields[11], fields[12], fields[13])
        offset = fields[16]
        if first_disk or compressed in _ZIP64 or plain in _ZIP64 or offset in _ZIP64:
            return None
        name_end = position + _CENTRAL.size + name_length
        record_end = name_end + extra_length + comment_length
        name = data[position + _CENTRAL.size:name_end].decode("utf-8" if flags & _UTF8_NAME else "cp437")
        records.append((name, offset, data[position:record_end]))
        position = record_end
    if position != end:
        return None
    return _cut(data, records, start)


def _cut(data: bytes, records: list[tuple[str, int, bytes]], directory: int) -> list[_Entry] | None:
    """Each record's local entry: from its offset to the next entry's (or the directory's)."""
    starts = sorted(offset for _, offset, _ in records)
    if (starts and starts[0] != 0) or len(set(starts)) != len(starts):
        return None
    ends = dict(zip(starts, starts[1:] + [directory]))
    entries = []
    for name, offset, central in records:
        if data[offset:offset + 4] != _LOCAL_SIGNATURE:
            return None
        entries.append(_Entry(name, data[offset:ends[offset]], central))
    return entries


def _archive(entries: list[_Entry]) -> bytes:
    """An archive of `entries`, each local entry as it is, each record naming its new offset."""
    parts: list[bytes] = []
    records: list[bytes] = []
    offset = 0
    for entry in entries:
        parts.append(entry.local)
        records.append(entry.central[:_OFFSET_AT] + struct.pack("<L", offset) + entry.central[_OFFSET_AT + 4:])
        offset += len(entry.local)
    directory = b"".join(records)
    end = _END.pack(_END_SIGNATURE, 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(parts) + directory + end


def _rewritten(data: bytes, members: dict[str, bytes]) -> bytes:
    """The archive rewritten through zipfile: each member inflated and deflated again (or
    replaced by `members`), then the new members."""
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = set()
        for info in source.infolist():
            names.add(info.filename)
            content = members[info.filename] if info.filename in members else source.read(info)
            target.writestr(_fresh_info(info), content)
        for name, content in members.items():
            if name not in names:
                target.writestr(_new_info(name), content)
    return buffer.getvalue()
