"""Every form keeps what it shows: a form rendered with an instance and sent back untouched changes
nothing, in Chinese as in English (issue 11, item 1: the date pickers came back blank in Chinese
and saving erased the dates).

The forms are discovered, not listed: a new form is covered the day it is written, and a new
model form fails here until its model has a factory.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils import translation

import fangxin
from fangxin.core.tests import factories as core_factories
from fangxin.disclosure.tests import factories as disclosure_factories
from fangxin.oversight.tests import incident_factories as oversight_factories
from fangxin.ratings.tests import factories as ratings_factories
from fangxin.registry.tests import factories as registry_factories

LANGUAGES = ("zh-hans", "en")
PICKER_TYPES = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M"}
ISO = {"date": r"\d{4}-\d{2}-\d{2}", "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"}
SKIP_MODULES = (".tests", ".migrations", "fangxin.wsgi", "fangxin.celery", "fangxin.settings")

# One factory per model that a model form edits. A missing one fails the test by name.
FACTORIES = {
    factory._meta.model: factory
    for factory in (
        registry_factories.OperatorFactory,
        registry_factories.LicenceFactory,
        registry_factories.PlatformAccountFactory,
        registry_factories.StudioFactory,
        registry_factories.PickupPointFactory,
        registry_factories.GroupLeaderFactory,
        core_factories.CalendarYearFactory,
        ratings_factories.MemberFactory,
        disclosure_factories.StoryFactory,
        oversight_factories.PublicityActivityFactory,
        oversight_factories.MeetingFactory,
        oversight_factories.FieldVisitFactory,
    )
}

# Fields a form adds beside the model's, which have no value in an instance to send back.
EXTRA_DATA = {
    "ApplicationForm": {
        "username": "roundtrip-applicant",
        "password1": "Round-trip-pass-123",
        "password2": "Round-trip-pass-123",
    },
}


def _project_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(fangxin.__path__, "fangxin."):
        if not any(part in info.name for part in SKIP_MODULES):
            importlib.import_module(info.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("fangxin.") and ".tests" not in sub.__module__:
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _project_forms()
MODEL_FORMS = [
    cls for cls in FORMS if issubclass(cls, forms.ModelForm) and getattr(cls._meta, "model", None)
]


def test_discovery_finds_the_forms_we_know():
    names = {cls.__name__ for cls in FORMS}
    assert {"LicenceForm", "PhaseDatesForm", "TrainingForm", "CounterIntakeForm"} <= names
    assert {"OperatorForm", "LicenceForm", "StudioForm"} <= {c.__name__ for c in MODEL_FORMS}


def _instantiate(cls):
    try:
        return cls()
    except TypeError:  # a form that needs arguments: its declared fields still tell
        return None


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_field_gets_a_picker_with_an_iso_value(cls, language):
    with translation.override(language):
        form = _instantiate(cls)
        fields = form.fields if form is not None else cls.base_fields
        for name, field in fields.items():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            kind = widget.attrs.get("type", getattr(widget, "input_type", None))
            assert kind in PICKER_TYPES, f"{cls.__name__}.{name} renders a {kind!r} input"
            value = datetime.datetime(2026, 4, 15, 9, 30)
            if kind == "date":
                value = value.date()
            html = widget.render(name, value)
            expected = value.strftime(PICKER_TYPES[kind])
            assert f'value="{expected}"' in html, f"{cls.__name__}.{name}: {html}"


class _FormData(HTMLParser):
    """What a browser would send back for a rendered form left as it is."""

    def __init__(self):
        super().__init__()
        self.data = QueryDict(mutable=True)
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.appendlist(name, attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                value = attrs.get("value") or ""
                pattern = ISO.get(kind)
                # What the browser does with a value its picker cannot read: drop it.
                if pattern and value and not re.fullmatch(pattern, value):
                    value = ""
                self.data.appendlist(name, value)
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.appendlist(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.data.setlist(name, [""])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data.setlist(self._textarea, [self.data.get(self._textarea, "") + data])


def _sent_back(form) -> QueryDict:
    parser = _FormData()
    parser.feed(str(form))
    # Django renders a textarea's content after a newline, which the browser drops.
    for name, values in parser.data.lists():
        parser.data.setlist(name, [v.removeprefix("\n") for v in values])
    return parser.data


def _state(instance) -> dict:
    instance.refresh_from_db()
    return model_to_dict(instance)


@pytest.mark.django_db
@pytest.mark.parametrize("cls", MODEL_FORMS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_model_form_sent_back_unchanged_changes_nothing(cls, language):
    model = cls._meta.model
    assert model in FACTORIES, f"add a factory for {model.__name__} to {__name__}.FACTORIES"
    instance = FACTORIES[model]()
    before = _state(instance)
    with translation.override(language):
        shown = cls(instance=instance)
        assert "---------" not in str(shown), "an empty choice must read 请选择"
        data = _sent_back(shown)
        for name, value in EXTRA_DATA.get(cls.__name__, {}).items():
            data[name] = value
        bound = cls(data, instance=model.objects.get(pk=instance.pk))
        assert bound.is_valid(), bound.errors
        assert not [n for n in bound.changed_data if n in before], bound.changed_data
        bound.save()
    assert _state(instance) == before


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_date_forms_show_their_dates(language):
    """The phase dates, the training date and the counter's received date: shown as ISO."""
    from fangxin.complaints.forms import CounterIntakeForm
    from fangxin.programme.forms import PhaseDatesForm

    day = datetime.date(2026, 4, 15)
    with translation.override(language):
        phase = str(PhaseDatesForm(initial={"starts_on": day, "ends_on": day}))
        counter = str(CounterIntakeForm(initial={"received_on": day}))
    assert phase.count('value="2026-04-15"') == 2
    assert 'value="2026-04-15"' in counter


def _filtersets():
    from fangxin.core.filters import PageFilterSet

    found, todo = [], [PageFilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            found.append(sub)
    return sorted(found, key=lambda c: c.__name__)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_filters_read_all_and_pick_iso_dates(language):
    """A filter's empty choice reads 全部 (the licence-problem filter started at 未知), and its
    dates use the picker with the value the user chose."""
    filtersets = _filtersets()
    assert {"OperatorFilter", "ComplaintFilter", "AuditFilter"} <= {f.__name__ for f in filtersets}
    with translation.override(language):
        for filterset in filtersets:
            dates = {
                name: "2026-04-15"
                for name, f in filterset.base_filters.items()
                if f.field_class is forms.DateField
            }
            form = filterset(dates, queryset=filterset._meta.model.objects.none()).form
            html = str(form)
            assert "---------" not in html, filterset.__name__
            assert "未知" not in html and "Unknown" not in html, filterset.__name__
            for name in dates:
                assert f'type="date" name="{name}" value="2026-04-15"' in html, (filterset, name)
