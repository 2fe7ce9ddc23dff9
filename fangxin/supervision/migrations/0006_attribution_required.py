# Every finding and every sample now has a requirement area (filled by 0005).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0005_attribution_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="finding",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programme.requirementarea",
                verbose_name="要求方面",
            ),
        ),
        migrations.AlterField(
            model_name="sample",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programme.requirementarea",
                verbose_name="要求方面",
            ),
        ),
    ]
