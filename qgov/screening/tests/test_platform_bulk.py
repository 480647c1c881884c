"""Bulk screening of an uploaded CSV: stateless, in the background, results as CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qgov.core.roles import Role
from qgov.parties.models import Party
from qgov.screening.bulk import QueryFileError, read_query_csv, results_csv
from qgov.screening.choices import RunStatus
from qgov.screening.demo import DEMO_LIST
from qgov.screening.entities import EntityKind
from qgov.screening.models import Alert, BulkScreeningJob
from qgov.screening.services import import_list, start_bulk_screening

VISITORS = (
    "id,name,kind,country,birth_date\n"
    "V1,Zhang Lei,person,China,1976-01-03\n"
    ",Jonas Weber,person,DE,1984\n"
    "S9,Beijing Alite Technologies Co Ltd,organization,CN,\n"
)


def test_the_party_file_is_read_whole_with_contract_columns():
    rows = read_query_csv(VISITORS, "visitors.csv")
    assert [row.id for row in rows] == ["V1", "2", "S9"]  # a missing id is the row number
    first = rows[0].query
    assert (first.name, first.kind, first.country, first.birth_date) == (
        "Zhang Lei",
        EntityKind.PERSON,
        "CN",
        "1976-01-03",
    )
    assert rows[2].query.kind is EntityKind.ORGANIZATION and rows[2].query.birth_date is None


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("id,country\n1,DE\n", 1, "no 'name' column"),
        ("name,kind\nAcme,company\n", 2, "kind 'company'"),
        ("name,country\nAcme,Atlantis\n", 2, "'Atlantis' is not"),
        ("name,birth_date\nAda,03/01/1976\n", 2, "birth date '03/01/1976'"),
        ("name\nAda\n\n   \n", None, None),
        ("name,kind\n,person\n", 2, "the name is empty"),
        ("name\n", None, "no rows"),
    ],
)
def test_a_bad_row_names_its_line_and_reason(text, line, reason):
    if reason is None:
        assert [row.fields["name"] for row in read_query_csv(text, "f.csv")] == ["Ada"]  # blank lines skipped
        return
    with pytest.raises(QueryFileError) as raised:
        read_query_csv(text, "f.csv")
    assert (
        raised.value.line == line and reason in raised.value.reason and str(raised.value).startswith("f.csv")
    )


def test_csv_results_have_a_line_per_match_and_a_line_for_rows_without():
    results = [
        {
            "id": "1",
            "name": "A",
            "matches": [{"score": 0.9, "list": "l", "reasons": ["x", "y"]}, {"score": 0.8}],
        },
        {"id": "2", "name": "B", "matches": []},
    ]
    rows = list(csv.reader(io.StringIO("".join(results_csv(results)))))
    assert rows[0][:3] == ["id", "name", "score"]
    assert [row[:3] for row in rows[1:]] == [["1", "A", "0.9"], ["1", "A", "0.8"], ["2", "B", ""]]
    assert rows[1][-1] == "x | y"


@pytest.mark.django_db
def test_a_bulk_job_screens_every_row_and_creates_no_party_or_alert(officer):
    import_list(officer, DEMO_LIST)
    job = start_bulk_screening(officer, "visitors.csv", VISITORS.encode())
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.matched) == (RunStatus.FINISHED, 3, 3, 2)
    assert job.created_by == officer and job.lists == [{"source": "us-ofac-sdn", "version": 1}]
    results = [row.as_result() for row in job.rows.all()]
    assert [r["id"] for r in results] == ["V1", "2", "S9"]
    assert results[0]["matches"][0]["entity_id"] == "16318" and results[1]["matches"] == []
    assert {"score", "list", "entity_id", "entity_name", "matched_name", "kind", "reasons"} <= set(
        results[2]["matches"][0]
    )
    assert not Party.objects.exists() and not Alert.objects.exists()


@pytest.mark.django_db
def test_upload_follow_and_download_in_the_web_app(client, officer, make_user):
    import_list(officer, DEMO_LIST)
    buyer = make_user(Role.PROCUREMENT_OFFICER)
    client.force_login(buyer)
    bad = client.post(
        reverse("screening:bulk_create"), {"file": SimpleUploadedFile("v.csv", b"id\n1\n"), "limit": 10}
    )
    assert bad.status_code == 400 and "no &#x27;name&#x27; column" in bad.content.decode()

    upload = SimpleUploadedFile("visitors.csv", VISITORS.encode())
    response = client.post(reverse("screening:bulk_create"), {"file": upload, "limit": 5})
    job = BulkScreeningJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download CSV" in page and "ZHANG, Lei" in page and "2 of 3 rows matched" in page

    jsonl = client.get(reverse("screening:bulk_results", args=[job.pk, "jsonl"]))
    lines = [json.loads(line) for line in b"".join(jsonl.streaming_content).decode().splitlines()]
    assert [line["id"] for line in lines] == ["V1", "2", "S9"] and lines[0]["name"] == "Zhang Lei"
    as_csv = client.get(reverse("screening:bulk_results", args=[job.pk, "csv"]))
    assert as_csv["Content-Disposition"] == 'attachment; filename="visitors-results.csv"'
    assert b"".join(as_csv.streaming_content).decode().startswith("id,name,score,list")
    assert client.get(reverse("screening:bulk_results", args=[job.pk, "xml"])).status_code == 404

    client.force_login(make_user(Role.AUDITOR))
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(reverse("screening:bulk_create")).status_code == 403
