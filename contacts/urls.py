from __future__ import annotations

from django.urls import URLPattern, path

from contacts import views

app_name = "contacts"

urlpatterns: list[URLPattern] = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_add, name="create"),
    path("import/", views.contact_import, name="import"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/delete/", views.contact_remove, name="delete"),
]
