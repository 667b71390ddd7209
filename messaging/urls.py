from __future__ import annotations

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [path("outbox/", views.outbox, name="outbox")]
