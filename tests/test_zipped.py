import datetime as dt
import zipfile

from pipeline.write.zipped import deflated, members_of, zip_bytes

WHEN = dt.datetime(2025, 12, 20, 14, 30, 59)


def test_a_zip_of_members_reads_back_whole_with_names_dates_and_order(tmp_path):
    members = [deflated("[Content_Types].xml", b"<Types/>" * 100), deflated("word/документ.xml", "мәтін".encode()),
               deflated("empty.bin", b"")]
    path = tmp_path / "a.zip"
    path.write_bytes(zip_bytes(members, WHEN))
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "word/документ.xml", "empty.bin"]
        assert archive.read("word/документ.xml").decode() == "мәтін"
        assert archive.read("[Content_Types].xml") == b"<Types/>" * 100
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 20, 14, 30, 58)}


def test_members_are_copied_from_a_zip_as_stored(tmp_path):
    source = tmp_path / "source.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("stored.txt", b"as it is", compress_type=zipfile.ZIP_STORED)
        archive.writestr("deflated.xml", b"<a/>" * 1000, compress_type=zipfile.ZIP_DEFLATED)
    members = members_of(source.read_bytes())
    assert [(m.name, m.method, m.data()) for m in members] == [
        ("stored.txt", zipfile.ZIP_STORED, b"as it is"), ("deflated.xml", zipfile.ZIP_DEFLATED, b"<a/>" * 1000)]
    copy = tmp_path / "copy.zip"
    copy.write_bytes(zip_bytes(members, WHEN))
    with zipfile.ZipFile(copy) as archive:
        assert archive.testzip() is None
        assert archive.read("deflated.xml") == b"<a/>" * 1000
