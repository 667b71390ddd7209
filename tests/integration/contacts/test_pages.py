"""The contacts pages: a team's list and search, add, edit and delete, never another team's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from contacts.models import Contact
from contacts.services import contact_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(team):
    return contact_create(
        team=team,
        name="Alice Smith",
        phones=["+14155550101"],
        emails=["alice@example.com"],
        company="Genco Olive Oil",
    )


@pytest.fixture
def bob(team):
    return contact_create(
        team=team, name="Bob Jones", nickname="the landlord", emails=["bob@example.com"]
    )


@pytest.fixture
def rival(other_team):
    return contact_create(team=other_team, name="Virgil Sollozzo", phones=["+14155550199"])


def _text(response) -> str:
    """The page as a person reads it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_list_shows_the_current_teams_contacts_and_no_one_elses(signed_in, alice, bob, rival):
    response = signed_in.get("/contacts/")

    page = _text(response)
    assert response.status_code == 200
    assert "Alice Smith" in page and "Bob Jones" in page
    assert "Virgil Sollozzo" not in page
    assert "2 contacts." in page


def test_the_list_shows_numbers_as_people_read_them_and_who_opted_out(signed_in, team, alice):
    contact_create(team=team, name="Carlo Rizzi", sms_opted_out=True, calls_opted_out=True)

    page = _text(signed_in.get("/contacts/"))

    assert "+1 415-555-0101" in page
    assert "alice@example.com" in page
    assert "Carlo Rizzi No phone No email No texts No calls" in page


@pytest.mark.parametrize(
    "query", ["alice", "SMITH", "genco", "alice@example", "415 555 0101", "(415) 555-0101"]
)
def test_search_finds_a_contact_by_name_company_email_or_phone(signed_in, alice, bob, query):
    page = _text(signed_in.get("/contacts/", {"q": query}))

    assert "Alice Smith" in page
    assert "Bob Jones" not in page
    assert f"1 contact matching “{query}”." in page


def test_search_finds_a_contact_by_nickname(signed_in, alice, bob):
    page = _text(signed_in.get("/contacts/", {"q": "landlord"}))

    assert "Bob Jones" in page and "Alice Smith" not in page


def test_search_over_htmx_answers_with_only_the_table(signed_in, alice, bob):
    response = signed_in.get("/contacts/", {"q": "bob"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="contact-results"')
    assert "<html" not in body and "Search contacts" not in body
    assert "Bob Jones" in body and "Alice Smith" not in body
    assert "HX-Request" in response["Vary"], "caches must not mix the page and the fragment"


def test_going_back_after_an_htmx_search_gets_the_whole_page(signed_in, alice):
    response = signed_in.get(
        "/contacts/",
        {"q": "alice"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_a_search_that_matches_nobody_says_so(signed_in, alice):
    page = _text(signed_in.get("/contacts/", {"q": "Tessio"}))

    assert "No contacts match “Tessio”." in page
    assert "Alice Smith" not in page


def test_the_list_shows_fifty_contacts_a_page(signed_in, team):
    for number in range(51):
        contact_create(team=team, name=f"Soldier {number:02d}")

    first = _text(signed_in.get("/contacts/"))
    second = _text(signed_in.get("/contacts/", {"page": 2}))

    assert "Soldier 49" in first and "Soldier 50" not in first
    assert "51 contacts. " in first and "Page 1 of 2" in first and "Next page" in first
    assert "Soldier 50" in second and "Soldier 00" not in second and "Previous page" in second


def test_a_team_without_contacts_learns_what_they_are_for_and_how_to_add_them(signed_in):
    response = signed_in.get("/contacts/")

    page = _text(response)
    assert "No contacts yet" in page
    assert "Contacts are the people Consigliere texts, emails and calls for your team." in page
    assert 'href="/contacts/new/"' in response.content.decode()
    assert 'href="/contacts/import/"' in response.content.decode()


def test_a_person_in_no_team_is_told_so_instead_of_an_error(client: Client, django_user_model):
    loner = django_user_model.objects.create_user(email="luca@example.com", password="x" * 12)
    client.force_login(loner)

    for path in ("/contacts/", "/contacts/new/", "/contacts/import/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "you are not in one yet" in _text(response), path


def test_the_navigation_links_to_contacts(signed_in):
    body = signed_in.get("/").content.decode()

    assert re.search(r'<a href="/contacts/"\s*>Contacts</a>', body)


def test_adding_a_contact_with_an_invalid_phone_shows_why_by_the_field_and_stores_nothing(
    signed_in, team
):
    response = signed_in.post(
        "/contacts/new/",
        {
            "name": "Luca Brasi",
            "phones": "+1 415 555 0102\n12",
            "emails": "not-an-address",
            "time_zone": "Mars/Olympus",
            "preferred_channel": "sms",
        },
    )

    page = _text(response)
    assert response.status_code == 422
    assert "Nothing was saved." in page
    assert "12 is not a valid phone number" in page
    assert "not-an-address is not an email address." in page
    assert "Mars/Olympus is not a time zone" in page
    # Each message sits with its field, which points to it for screen readers.
    body = response.content.decode()
    assert re.search(r'id="id_phones_error".*?12 is not a valid phone number', body, re.S)
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_phones_error', body)
    assert "Luca Brasi" in body, "what was typed is kept"
    assert not Contact.objects.filter(name="Luca Brasi").exists()


def test_adding_a_contact_without_a_name_asks_for_one(signed_in, team):
    response = signed_in.post(
        "/contacts/new/", {"name": "  ", "time_zone": "UTC", "preferred_channel": "sms"}
    )

    assert "Give the contact a name." in _text(response)
    assert not Contact.objects.for_team(team).exists()


def test_adding_a_contact_stores_its_number_in_e164_and_says_saved(signed_in, team):
    response = signed_in.post(
        "/contacts/new/",
        {
            "name": "Alice Smith",
            "phones": "(415) 555-0101\n\n+44 20 7946 0000",
            "emails": "Alice@Example.com",
            "time_zone": "America/Los_Angeles",
            "preferred_channel": "email",
            "email_opted_out": "on",
            "notes": "Prefers mornings.",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/contacts/", 302)]
    assert "Saved Alice Smith." in _text(response)
    alice = Contact.objects.for_team(team).get(name="Alice Smith")
    assert [p.number for p in alice.phones.all()] == ["+14155550101", "+442079460000"]
    assert [e.address for e in alice.emails.all()] == ["alice@example.com"]
    assert (alice.time_zone, alice.preferred_channel) == ("America/Los_Angeles", "email")
    assert alice.email_opted_out and not alice.sms_opted_out
    assert alice.notes == "Prefers mornings."


def test_the_add_form_starts_in_the_teams_time_zone(signed_in, team):
    team.time_zone = "Europe/Rome"
    team.save()

    body = signed_in.get("/contacts/new/").content.decode()

    assert re.search(r'name="time_zone" value="Europe/Rome"', body)


def test_editing_a_contact_shows_what_it_holds_and_saves_changes(signed_in, alice):
    form = signed_in.get(f"/contacts/{alice.pk}/edit/").content.decode()
    assert "+1 415-555-0101</textarea>" in form
    assert 'value="Genco Olive Oil"' in form

    response = signed_in.post(
        f"/contacts/{alice.pk}/edit/",
        {
            "name": "Alice Hagen",
            "phones": "+1 415 555 0103",
            "emails": "",
            "time_zone": "UTC",
            "preferred_channel": "call",
            "sms_opted_out": "on",
        },
        follow=True,
    )

    assert "Saved Alice Hagen." in _text(response)
    alice.refresh_from_db()
    assert alice.name == "Alice Hagen" and alice.preferred_channel == "call"
    assert alice.sms_opted_out and alice.company == ""
    assert [p.number for p in alice.phones.all()] == ["+14155550103"]
    assert not alice.emails.exists()


def test_an_edit_with_a_bad_email_changes_nothing(signed_in, alice):
    response = signed_in.post(
        f"/contacts/{alice.pk}/edit/",
        {"name": "Alice Hagen", "emails": "alice@", "time_zone": "UTC", "preferred_channel": "sms"},
    )

    assert "alice@ is not an email address." in _text(response)
    assert "Edit Alice Smith" in _text(response)
    alice.refresh_from_db()
    assert alice.name == "Alice Smith"
    assert [e.address for e in alice.emails.all()] == ["alice@example.com"]


def test_delete_asks_first_and_a_post_deletes(signed_in, alice):
    confirm = signed_in.get(f"/contacts/{alice.pk}/delete/")
    assert "Delete Alice Smith?" in _text(confirm)
    assert Contact.objects.filter(pk=alice.pk).exists(), "asking deletes nothing"

    response = signed_in.post(f"/contacts/{alice.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/contacts/", 302)]
    assert "Deleted Alice Smith." in _text(response)
    assert not Contact.objects.filter(pk=alice.pk).exists()


def test_delete_over_htmx_removes_the_row_and_brings_a_toast(signed_in, alice):
    response = signed_in.post(f"/contacts/{alice.pk}/delete/", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="toasts"'), "nothing but the toast: the row swaps for it"
    assert "Deleted Alice Smith." in body
    assert not Contact.objects.filter(pk=alice.pk).exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/contacts/{pk}/edit/"),
        ("post", "/contacts/{pk}/edit/"),
        ("get", "/contacts/{pk}/delete/"),
        ("post", "/contacts/{pk}/delete/"),
    ],
)
def test_an_outsider_gets_not_found_for_another_teams_contact(
    client: Client, outsider, alice, method, path
):
    client.force_login(outsider)

    response = getattr(client, method)(
        path.format(pk=alice.pk),
        {"name": "Hijacked", "time_zone": "UTC", "preferred_channel": "sms"},
    )

    assert response.status_code == 404
    assert "Alice Smith" not in _text(response)
    alice.refresh_from_db()
    assert alice.name == "Alice Smith"


def test_an_outsider_does_not_see_another_teams_contacts_even_by_searching(
    client: Client, outsider, alice, rival
):
    client.force_login(outsider)

    page = _text(client.get("/contacts/"))
    search = _text(client.get("/contacts/", {"q": "alice"}))

    assert "Virgil Sollozzo" in page and "Alice Smith" not in page
    assert "Alice Smith" not in search


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(principal, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal)

    create = client.post(
        "/contacts/new/", {"name": "Luca Brasi", "time_zone": "UTC", "preferred_channel": "sms"}
    )
    delete = client.post(f"/contacts/{alice.pk}/delete/", headers={"HX-Request": "true"})

    assert create.status_code == delete.status_code == 403
    assert not Contact.objects.filter(name="Luca Brasi").exists()
    assert Contact.objects.filter(pk=alice.pk).exists()


def test_someone_signed_out_is_sent_to_sign_in(client: Client, alice):
    response = client.get("/contacts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
