from __future__ import annotations

from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/clarify/", views.task_clarify_view, name="clarify"),
]
