"""Pages of contacts: short functions that check ownership, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from assistant.teams.scoping import get_for_member
from contacts.forms import ContactForm, ContactImportForm
from contacts.models import Contact
from contacts.selectors import contacts_search
from contacts.services import (
    IMPORT_COLUMNS,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    contact_delete,
    contacts_import_csv,
)

CONTACTS_PER_PAGE = 50


def _get_contact_for_member(request: HttpRequest, pk: int) -> Contact:
    return get_for_member(request, Contact.objects.all(), pk=pk)


def _no_team(request: HttpRequest) -> HttpResponse:
    """Contacts belong to a team: someone in none gets a page saying so, not an error."""
    return render(request, "contacts/no_team.html")


@require_GET
@login_required
@vary_on_headers("HX-Request")  # the same URL answers with a page or with the table alone
def contact_list(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return _no_team(request)
    query = request.GET.get("q", "").strip()
    contacts = contacts_search(team=request.team, text=query)
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "contacts/contact_list.html"
    # A history restore (back button after the cache is gone) needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"page": page, "q": query})


@require_http_methods(["GET", "POST"])
@login_required
def contact_add(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return _no_team(request)
    form = ContactForm(team=request.team)
    if request.method == "POST":
        form = ContactForm(request.POST, team=request.team)
        if form.is_valid() and (contact := form.save()) is not None:
            messages.success(request, f"Saved {contact.name}.")
            return redirect("contacts:list")
    status = 422 if form.is_bound else 200  # refused: the form again, with what to change
    return render(request, "contacts/contact_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_member(request, pk)
    form = ContactForm(team=contact.team, instance=contact)
    if request.method == "POST":
        form = ContactForm(request.POST, team=contact.team, instance=contact)
        if form.is_valid() and (saved := form.save()) is not None:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("contacts:list")
    status = 422 if form.is_bound else 200
    context = {"form": form, "contact": contact}
    return render(request, "contacts/contact_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (the path without JavaScript); POST deletes."""
    contact = _get_contact_for_member(request, pk)
    if request.method == "GET":
        return render(request, "contacts/contact_confirm_delete.html", {"contact": contact})
    name = contact.name
    contact_delete(contact=contact)
    messages.success(request, f"Deleted {name}.")
    if request.htmx:
        return HttpResponse("")  # the list row swaps itself for this; the toast rides along
    return redirect("contacts:list")


@require_http_methods(["GET", "POST"])
@login_required
def contact_import(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return _no_team(request)
    form = ContactImportForm()
    report = None
    if request.method == "POST":
        form = ContactImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = contacts_import_csv(team=request.team, file=form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
    context = {
        "form": form,
        "report": report,
        "columns": list(IMPORT_COLUMNS),
        "max_rows": IMPORT_MAX_ROWS,
        "max_megabytes": IMPORT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "contacts/contact_import.html", context)
