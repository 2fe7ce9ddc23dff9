"""The red and black list's public pages (no sign-in): the current lists, the archive of past
publications and one publication. Only published publications exist here; a draft is a 404.
The legal representative's name appears only where the entry's rule publishes it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from fangxin.core.permissions import public
from fangxin.core.scoping import visible

from . import lists_services as services
from .models.lists import BlackListExit, ListEntry, ListPublication


def _lists(publication: ListPublication | None) -> dict:
    if publication is None:
        return {"publication": None, "red": [], "black": [], "exits": []}
    entries = list(visible(None, ListEntry.objects.filter(publication=publication)))
    exits = BlackListExit.objects.filter(entry__publication=publication).order_by(
        "-exited_on", "-pk"
    )
    return {
        "publication": publication,
        "red": [e for e in entries if e.list_kind == "red"],
        "black": [e for e in entries if e.list_kind == "black"],
        "exits": exits,
    }


@public("the current red and black lists as published (drafts never)")
def current(request):
    context = _lists(services.current_publication())
    context["current"] = True
    return render(request, "oversight/lists/public_lists.html", context)


@public("the archive of published red and black lists")
def archive(request):
    return render(
        request, "oversight/lists/public_archive.html", {"publications": services.published()}
    )


@public("one published red and black list (a draft is a 404)")
def publication(request, pk: int):
    found = visible(None, ListPublication).filter(pk=pk).first()
    if found is None:
        raise Http404
    context = _lists(found)
    context["current"] = False
    return render(request, "oversight/lists/public_lists.html", context)
