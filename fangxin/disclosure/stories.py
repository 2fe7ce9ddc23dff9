"""Good-practice stories (推广先进典型): the office's pages to write and publish them, and the
public's pages, which show published stories only (a draft is a 404 to the public)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fangxin.core.permissions import permission, public

from . import services
from .forms import StoryForm
from .models import Story

PAGE_SIZE = 20


@permission("disclosure.write_story")
def story_list(request):
    page = Paginator(Story.objects.select_related("operator"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "disclosure/office_stories.html", {"page": page})


@permission("disclosure.write_story")
def story_edit(request, pk: int | None = None):
    story = get_object_or_404(Story, pk=pk) if pk is not None else Story()
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        publish = {"publish": True, "unpublish": False}.get(action)
        story = services.save_story(request.user, form.save(commit=False), publish=publish)
        messages.success(
            request,
            _("已发布。") if story.status == Story.Status.PUBLISHED else _("已保存为草稿。"),
        )
        return redirect("office-disclosure:story-edit", pk=story.pk)
    return render(request, "disclosure/office_story_form.html", {"form": form, "story": story})


def _published():
    return Story.objects.filter(status=Story.Status.PUBLISHED).select_related("operator")


@public("published good-practice stories: titles, summaries and dates")
@require_GET
def public_stories(request):
    page = Paginator(_published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/stories.html", {"page": page})


@public("one published story; a draft is a 404")
@require_GET
def public_story(request, pk: int):
    story = get_object_or_404(_published(), pk=pk)
    return render(request, "disclosure/story.html", {"story": story})


@public("a story's picture: a published story's to anyone, a draft's to the office only")
@require_GET
def story_image(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    if story.status != Story.Status.PUBLISHED and not request.user.has_perm(
        "disclosure.write_story"
    ):
        raise Http404
    if not story.image:
        raise Http404
    response = FileResponse(story.image.open("rb"), content_type=story.image_type or "image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response
