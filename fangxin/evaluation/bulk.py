"""Writing many new rows at once: one COPY on PostgreSQL, ``bulk_create`` elsewhere.

A campaign's recomputation writes every enrolment's automatic ledger lines and its score again
(at a province's scale, 100,000 enrolments: some 1.6 million lines). Django's ``bulk_create``
on PostgreSQL sends them as arrays quoted in Python, which dominated the recomputation; COPY
writes the same rows, with the same values (each field's own ``pre_save`` and
``get_db_prep_save``), several times faster. Like ``bulk_create`` it sends no signals; unlike
it, it does not set the new primary keys on the objects (no caller reads them).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connections, models, router

# Python values that a field other than JSON stores unchanged on PostgreSQL (its
# ``get_db_prep_save`` returns them as they are): written without the call, the hot path.
_PLAIN = frozenset({str, int, bool, Decimal, type(None)})


def insert(model: type[models.Model], objects: Iterable[models.Model], batch_size=1000) -> int:
    """Insert ``objects``, new rows of ``model`` whose primary key the database assigns; the
    number inserted. ``batch_size``: for ``bulk_create`` (not PostgreSQL)."""
    objects = list(objects)
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not objects:
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return len(objects)
    from psycopg import sql

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    json = [isinstance(f, models.JSONField) for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            row = []
            for field, is_json in zip(fields, json, strict=True):
                value = field.pre_save(obj, True)
                if is_json or type(value) not in _PLAIN:
                    value = field.get_db_prep_save(value, connection)
                row.append(value)
            copy.write_row(row)
    return len(objects)
