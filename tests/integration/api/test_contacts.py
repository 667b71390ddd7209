"""Contacts through the API: E.164 phones, errors by field, only the token's team."""

from __future__ import annotations

import pytest

from contacts.models import Contact


@pytest.mark.django_db
def test_a_contact_created_with_a_local_number_is_shown_in_e164(api, team):
    response = api.post(
        "contacts",
        {"name": "Luca Brasi", "phones": ["(415) 555-0102"], "emails": ["Luca@Example.com"]},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["phones"] == ["+14155550102"]
    assert body["emails"] == ["luca@example.com"]
    assert body["time_zone"] == team.time_zone
    assert api.get(f"contacts/{body['id']}").json() == body


@pytest.mark.django_db
def test_a_bad_contact_is_refused_with_every_problem_by_field_and_nothing_stored(api):
    response = api.post("contacts", {"name": " ", "phones": ["123"], "emails": ["nope"]})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert set(body["details"]) == {"name", "phones", "emails"}
    assert "123" in body["details"]["phones"][0]
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_a_wrong_type_is_refused_in_the_same_shape(api):
    response = api.post("contacts", {"name": "Luca", "phones": "not a list"})

    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert list(response.json()["details"]) == ["phones"]


@pytest.mark.django_db
def test_patch_changes_only_the_fields_sent(api, alice):
    response = api.patch(
        f"contacts/{alice.pk}", {"company": "Genco", "phones": ["+1 415 555 0199"]}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["company"]) == ("Alice Smith", "Genco")
    assert body["phones"] == ["+14155550199"]
    assert body["emails"] == ["alice@example.com"]


@pytest.mark.django_db
def test_patch_with_a_bad_time_zone_is_422_and_changes_nothing(api, alice):
    response = api.patch(f"contacts/{alice.pk}", {"time_zone": "Mars/Olympus", "company": "X"})

    assert response.status_code == 422
    assert list(response.json()["details"]) == ["time_zone"]
    alice.refresh_from_db()
    assert alice.company == ""


@pytest.mark.django_db
def test_opt_out_flags_cannot_be_cleared_through_the_api(api, alice):
    Contact.objects.filter(pk=alice.pk).update(sms_opted_out=True)

    response = api.patch(f"contacts/{alice.pk}", {"sms_opted_out": False, "notes": "hi"})

    assert response.status_code == 200
    assert response.json()["sms_opted_out"] is True


@pytest.mark.django_db
def test_delete_removes_the_contact(api, alice):
    assert api.delete(f"contacts/{alice.pk}").status_code == 204

    assert api.get(f"contacts/{alice.pk}").status_code == 404
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_search_finds_by_name_and_by_phone_digits_and_pages_are_bounded(api, alice, team):
    api.post("contacts", {"name": "Luca Brasi", "phones": ["+14155550102"]})

    assert [c["name"] for c in api.get("contacts?q=smi").json()["items"]] == ["Alice Smith"]
    found = api.get("contacts?q=5550102").json()
    assert [c["name"] for c in found["items"]] == ["Luca Brasi"]
    page = api.get("contacts?limit=1").json()
    assert (page["count"], len(page["items"]), page["next_offset"]) == (2, 1, 1)
    assert api.get("contacts?limit=1000").status_code == 422


@pytest.mark.django_db
def test_the_list_holds_only_the_token_teams_contacts(api, outsider_api, alice):
    outsider_api.post("contacts", {"name": "Emilio's cousin"})

    assert [c["name"] for c in api.get("contacts").json()["items"]] == ["Alice Smith"]
    assert [c["name"] for c in outsider_api.get("contacts").json()["items"]] == ["Emilio's cousin"]
