"""Importing contacts from a CSV file: all rows or none, re-imports harmless, bad files refused."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from contacts.models import Contact
from contacts.services import contact_create, contacts_import_csv

pytestmark = pytest.mark.django_db

GOOD = (
    "Name,Phone,Email,Company,Nickname,Time zone,Preferred channel,Notes,Birthday\n"
    "Alice Smith,+1 415 555 0101; (415) 555-0102,alice@example.com,Genco,,America/New_York,"
    "sms,,1 May\n"
    'Bob Jones,,BOB@example.com,,"the landlord",,Email,"Owns 5th Ave, 2nd floor",\n'
    "Priya Patel,415-555-0104,,,Dr. Patel,,,,\n"
)


def _upload(client: Client, content: bytes | str, name: str = "contacts.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        "/contacts/import/", {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _names(team) -> list[str]:
    return list(Contact.objects.for_team(team).values_list("name", flat=True))


def test_a_good_file_imports_every_row(signed_in, team):
    response = _upload(signed_in, GOOD)

    page = _text(response)
    assert "Imported 3 contacts" in page
    assert "3 imported, 0 skipped" in page
    assert "Columns left out: Birthday." in page
    assert _names(team) == ["Alice Smith", "Bob Jones", "Priya Patel"]
    alice = Contact.objects.get(team=team, name="Alice Smith")
    assert [p.number for p in alice.phones.all()] == ["+14155550101", "+14155550102"]
    assert (alice.company, alice.time_zone, alice.preferred_channel) == (
        "Genco",
        "America/New_York",
        "sms",
    )
    bob = Contact.objects.get(team=team, name="Bob Jones")
    assert [e.address for e in bob.emails.all()] == ["bob@example.com"]
    assert (bob.nickname, bob.preferred_channel) == ("the landlord", "email")
    assert bob.notes == "Owns 5th Ave, 2nd floor"
    assert bob.time_zone == team.time_zone, "an empty time zone is the team's"


def test_a_file_with_one_bad_row_imports_nothing_and_says_which_row_and_column(signed_in, team):
    bad = GOOD + "Luca Brasi,12345,luca@,,,Mars/Olympus,pigeon,,\n"

    response = _upload(signed_in, bad)

    page = _text(response)
    assert "Nothing was imported" in page
    assert "4 problems in the file." in page
    assert "5 Phone 12345 is not a valid phone number" in page
    assert "5 Email luca@ is not an email address." in page
    assert "5 Time zone Mars/Olympus is not a time zone" in page
    assert "5 Preferred channel Choose one of sms, email, call." in page
    assert _names(team) == []


def test_a_row_without_a_name_is_a_problem_too(team):
    report = contacts_import_csv(
        team=team, file=SimpleUploadedFile("c.csv", b"name,phone\nAlice,+14155550101\n,+1415\n")
    )

    assert [(p.row, p.column) for p in report.problems] == [(3, "name"), (3, "phone")]
    assert report.imported == 0 and _names(team) == []


def test_a_value_too_long_to_store_is_a_problem_not_a_crash(team):
    report = contacts_import_csv(
        team=team, file=SimpleUploadedFile("c.csv", f"name,company\nAlice,{'x' * 201}\n".encode())
    )

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "company", "Keep it to 200 characters; this one has 201.")
    ]


def test_a_file_saved_by_excel_with_a_byte_order_mark_imports(signed_in, team):
    response = _upload(signed_in, "\ufeffname,email\r\nZoë Tattaglia,zoe@example.com\r\n".encode())

    assert "Imported 1 contact" in _text(response)
    assert _names(team) == ["Zoë Tattaglia"]


def test_importing_the_same_file_again_skips_everyone_as_already_a_contact(signed_in, team):
    _upload(signed_in, GOOD)

    response = _upload(signed_in, GOOD)

    page = _text(response)
    assert "Imported 0 contacts" in page
    assert "0 imported, 3 skipped" in page
    assert "2 Alice Smith Already a contact: Alice Smith" in page
    assert len(_names(team)) == 3


def test_rows_whose_phone_or_email_the_team_has_are_skipped_and_the_rest_imported(team):
    contact_create(team=team, name="Alicia", phones=["+14155550102"])
    contact_create(team=team, name="Roberto", emails=["bob@example.com"])

    report = contacts_import_csv(team=team, file=SimpleUploadedFile("c.csv", GOOD.encode()))

    assert report.imported == 1
    assert [(s.row, s.name, s.reason) for s in report.skipped] == [
        (2, "Alice Smith", "already a contact: Alicia"),
        (3, "Bob Jones", "already a contact: Roberto"),
    ]
    assert sorted(_names(team)) == ["Alicia", "Priya Patel", "Roberto"]


def test_a_person_twice_in_one_file_is_imported_once(team):
    file = b"name,email\nAlice,alice@example.com\nAlice S.,ALICE@example.com\n"

    report = contacts_import_csv(team=team, file=SimpleUploadedFile("c.csv", file))

    assert report.imported == 1
    assert [(s.row, s.reason) for s in report.skipped] == [(3, "already a contact: Alice")]


def test_another_teams_contacts_do_not_count_as_already_a_contact(team, other_team):
    contact_create(team=other_team, name="Alice", emails=["alice@example.com"])

    report = contacts_import_csv(
        team=team, file=SimpleUploadedFile("c.csv", b"name,email\nAlice,alice@example.com\n")
    )

    assert report.imported == 1 and _names(team) == ["Alice"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name\n" + b"x" * (1024 * 1024), "That file is larger than 1 MB."),
        (b"name\n" + b"Someone\n" * 5001, "That file has more than 5,000 rows."),
        ("name\nZoë\n".encode("latin-1"), "That file is not UTF-8 text."),
        (b"PK\x03\x04\x00\x00", "That file does not look like a CSV file."),
        (
            b"full name,phone\nAlice,+14155550101\n",
            "The file has no name column. Its first row must name the columns, one of them "
            "“name” (found: full name, phone).",
        ),
        (b"name;phone\nAlice;+14155550101\n", "separated by semicolons or tabs; use commas."),
        (b"name,phone\n", "That file has a header but no contacts under it."),
    ],
    ids=["too-large", "too-many-rows", "not-utf8", "binary", "no-name-column", "semicolons",
         "header-only"],
)  # fmt: skip
def test_a_file_it_cannot_use_is_refused_with_a_message(signed_in, team, content, message):
    response = _upload(signed_in, content)

    assert message in _text(response)
    assert 'id="id_file_error"' in response.content.decode(), "the message sits by the field"
    assert _names(team) == []


def test_exactly_five_thousand_rows_is_accepted(team):
    rows = "".join(f"Soldier {n}\n" for n in range(5000))

    report = contacts_import_csv(
        team=team, file=SimpleUploadedFile("c.csv", f"name\n{rows}".encode())
    )

    assert report.imported == 5000


def test_a_refused_file_raises_a_coded_error_for_callers_other_than_the_page(team):
    with pytest.raises(ValidationError) as refused:
        contacts_import_csv(team=team, file=SimpleUploadedFile("c.csv", b"phone\n+14155550101\n"))

    assert refused.value.code == "no_name_column"


def test_sending_no_file_asks_for_one(signed_in):
    response = signed_in.post("/contacts/import/", {})

    assert "Choose a CSV file to import." in _text(response)
