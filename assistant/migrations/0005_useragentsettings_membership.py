"""A person's agent settings belong to their membership (one query for the policy's layers).

Existing rows move to the membership of their (team, user); a row whose person has left the
team has no membership and is dropped, as its settings no longer apply to anyone.
"""

import django.db.models.deletion
from django.db import migrations, models


def attach_to_memberships(apps, schema_editor):
    UserAgentSettings = apps.get_model("assistant", "UserAgentSettings")
    Membership = apps.get_model("assistant", "Membership")
    for row in UserAgentSettings.objects.all():
        membership = Membership.objects.filter(team_id=row.team_id, user_id=row.user_id).first()
        if membership is None:
            row.delete()
        else:
            row.membership = membership
            row.save(update_fields=["membership"])


def detach_from_memberships(apps, schema_editor):
    UserAgentSettings = apps.get_model("assistant", "UserAgentSettings")
    for row in UserAgentSettings.objects.select_related("membership"):
        row.team_id = row.membership.team_id
        row.user_id = row.membership.user_id
        row.save(update_fields=["team", "user"])


class Migration(migrations.Migration):
    dependencies = [
        ("assistant", "0004_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="useragentsettings",
            name="membership",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agent_settings",
                to="assistant.membership",
            ),
        ),
        migrations.AlterField(
            model_name="useragentsettings",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assistant.team",
            ),
        ),
        migrations.AlterField(
            model_name="useragentsettings",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assistant.user",
            ),
        ),
        migrations.RunPython(attach_to_memberships, detach_from_memberships),
        migrations.RemoveConstraint(
            model_name="useragentsettings",
            name="user_agent_settings_unique",
        ),
        migrations.RemoveField(model_name="useragentsettings", name="team"),
        migrations.RemoveField(model_name="useragentsettings", name="user"),
        migrations.AlterField(
            model_name="useragentsettings",
            name="membership",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agent_settings",
                to="assistant.membership",
            ),
        ),
    ]
