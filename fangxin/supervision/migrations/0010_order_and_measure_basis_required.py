"""The second half of 0009: a measure's operator is required (0009 filled it), and the basis
constraints (a finding exactly when the basis is a finding). Apart from 0009's data step, so
PostgreSQL alters no table with the step's updates pending in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_operatorevent_kind_choices'),
        ('supervision', '0009_order_and_measure_basis'),
    ]

    operations = [
        migrations.AlterField(
            model_name='measure',
            name='operator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measures', to='registry.operator'),
        ),
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('basis', 'finding'), ('finding__isnull', False)), models.Q(models.Q(('basis', 'finding'), _negated=True), ('finding__isnull', True), models.Q(('basis_note', ''), _negated=True)), _connector='OR'), name='measure_basis_finding_or_note'),
        ),
        migrations.AddConstraint(
            model_name='rectificationorder',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('basis', 'finding'), ('finding__isnull', False)), models.Q(models.Q(('basis', 'finding'), _negated=True), ('finding__isnull', True), models.Q(('basis_note', ''), _negated=True)), _connector='OR'), models.Q(('basis', 'finding'), ('area__isnull', False), _connector='OR')), name='order_basis_finding_or_note'),
        ),
    ]
