# Attribution (issue 12 item 2): findings and samples say which operator kind and requirement
# area they count against. Added nullable here, filled by 0005, made required by 0006 (three
# steps so that PostgreSQL never alters a table with pending updates in the same transaction).

import django.db.models.deletion
from django.db import migrations, models

KIND_CHOICES = [("livestream", "直播营销"), ("group_buying", "社区团购")]


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0002_enrolment_late_reason"),
        ("supervision", "0003_case_decide_filing_provisional"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="kind",
            field=models.CharField(
                blank=True, choices=KIND_CHOICES, max_length=20, null=True, verbose_name="经营类型"
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="kind",
            field=models.CharField(
                blank=True, choices=KIND_CHOICES, max_length=20, null=True, verbose_name="经营类型"
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programme.requirementarea",
                verbose_name="要求方面",
            ),
        ),
    ]
