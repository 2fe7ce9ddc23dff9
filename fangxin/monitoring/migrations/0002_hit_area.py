"""Each hit keeps the requirement area its category maps to (issue 12 item 2).

New hits take it from the rule file's ``area`` key when the scan finds them. Existing hits take
it from their category by the map below: the ``area`` keys the shipped rule files got in this
change, copied here so that later edits of the files do not rewrite history. A category the map
does not know (one an office added in its own version) gets "conduct" (经营行为合法), the area
for what no other area covers. Reversing drops the column.
"""

from django.db import migrations, models

DEFAULT_AREA = "conduct"
CATEGORY_AREAS = {
    "absolute_terms": "marketing",
    "counterfeit": "quality",
    "fake_reviews": "marketing",
    "false_claims": "marketing",
    "health_food_claims": "marketing",
    "labelling": "labelling",
    "medical_claims": "marketing",
    "minors": "consumer_rights",
    "price_fraud": "conduct",
    "prohibited_content": "conduct",
    "prohibited_goods": "conduct",
}


def area_of(category):
    return CATEGORY_AREAS.get(category, DEFAULT_AREA)


def fill(apps, schema_editor):
    Hit = apps.get_model("monitoring", "Hit")
    categories = Hit.objects.filter(area="").values_list("category", flat=True).distinct()
    for category in list(categories):
        Hit.objects.filter(area="", category=category).update(area=area_of(category))


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="hit",
            name="area",
            field=models.CharField(default="", max_length=40, verbose_name="要求方面"),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
