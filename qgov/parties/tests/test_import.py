"""Party import: a good file creates everything, a bad row rejects the whole file."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.parties.importer import ImportRejected, import_parties
from qgov.parties.models import Party

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "name,kind,reference,aliases,countries,identifiers,city,address_country,tags\n"
    "Bluefors Oy,organization,SUP-1,former:Aivon Oy,FI:incorporation,lei:529900T8BM49AURSDO55,"
    "Helsinki,FI,supplier;cryogenics\n"
    "Li Wei,person,EMP-2,,CN:citizenship;DE:residence,,,,employee\n"
    "TOPTICA Photonics AG,,SUP-3,TOPTICA,DE,vat:DE128008412:DE,Gräfelfing,DE,supplier\n"
)


def test_good_csv_creates_every_party_with_its_parts(officer):
    result = import_parties(officer, "parties.csv", GOOD_CSV.encode("utf-8"))
    assert len(result.created) == 3
    bluefors = Party.objects.get(reference="SUP-1")
    assert bluefors.aliases.get().alias_type == "former"
    assert bluefors.addresses.get().city == "Helsinki"
    assert sorted(t.name for t in bluefors.tags.all()) == ["cryogenics", "supplier"]
    li = Party.objects.get(reference="EMP-2")
    assert li.kind == "person" and li.country_codes == ["CN", "DE"]
    assert LedgerEntry.objects.filter(action="parties.create").count() == 3
    summary = LedgerEntry.objects.get(action="parties.import")
    assert summary.decision == {"file": "parties.csv", "sha256": result.sha256, "parties_created": 3}


def test_xlsx_is_read_the_same_way(officer):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Countries", "Reference"])
    sheet.append(["Zurich Instruments AG", "CH:incorporation", "SUP-6"])
    sheet.append([None, None, None])  # blank rows are ignored
    sheet.append(["Qblox B.V.", "NL", "SUP-7"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_parties(officer, "suppliers.xlsx", buffer.getvalue())
    assert sorted(p.name for p in result.created) == ["Qblox B.V.", "Zurich Instruments AG"]


def test_one_bad_row_rejects_the_file_naming_row_and_reason(officer):
    bad = GOOD_CSV + "Nowhere Ltd,,SUP-9,,Atlantis,,,,\n"
    with pytest.raises(ImportRejected) as rejected:
        import_parties(officer, "parties.csv", bad.encode("utf-8"))
    assert rejected.value.problems == [
        (5, "countries: 'Atlantis' is not an ISO 3166 country code or a country name qgov knows.")
    ]
    assert "parties.csv: row 5" in str(rejected.value) and "nothing was imported" in str(rejected.value)
    assert not Party.objects.exists() and not LedgerEntry.objects.exists()


def test_every_problem_is_listed(officer):
    bad = "name,countries,identifiers\n,DE,\nX,DE,lei\nY,XX,\n"
    with pytest.raises(ImportRejected) as rejected:
        import_parties(officer, "p.csv", bad.encode())
    rows = [row for row, _ in rejected.value.problems]
    assert rows == [2, 3, 4]


def test_duplicate_reference_in_file_or_database(officer):
    import_parties(officer, "a.csv", b"name,reference\nA,R-1\n")
    with pytest.raises(ImportRejected) as rejected:
        import_parties(officer, "b.csv", b"name,reference\nB,R-2\nC,R-2\nD,R-1\n")
    messages = dict(rejected.value.problems)
    assert "repeats row 3" in messages[3] or "repeats row 2" in messages[3]
    assert "already exists" in messages[4]
    assert Party.objects.count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "fragment"),
    [
        ("p.csv", b"name,colour\nA,red\n", "unknown column(s) colour"),
        ("p.csv", b"reference\nR-1\n", "no 'name' column"),
        ("p.csv", b"name\nM\xfcller GmbH\n", "not UTF-8"),
        ("p.csv", b"", "empty"),
        ("p.pdf", b"%PDF", "use CSV or XLSX"),
        ("p.xlsx", b"not a workbook", "not a readable XLSX"),
    ],
)
def test_unreadable_files_are_refused_clearly(officer, filename, content, fragment):
    with pytest.raises(ImportRejected, match=None) as rejected:
        import_parties(officer, filename, content)
    assert fragment in str(rejected.value)


def test_import_needs_its_permission(make_user):
    with pytest.raises(Exception, match="import_parties"):
        import_parties(make_user(Role.RESEARCHER), "p.csv", b"name\nA\n")
