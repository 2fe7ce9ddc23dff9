"""The office's use cases on the public site's own content: writing and publishing stories,
answering suggestions; and the public's one: sending a suggestion."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.permissions import require
from fangxin.oversight.facts import excluded_by
from fangxin.registry.services import move

from . import states
from .models import CODE_LENGTH, Story, Suggestion, new_code


def save_story(user, story: Story, publish: bool | None = None) -> Story:
    """Save ``story`` (its body sanitised on save). ``publish`` True publishes it (dated today
    the first time), False takes it back to draft, None leaves its status."""
    require(user, "disclosure.write_story", story)
    if story.author_id is None:
        story.author = user
    target = {True: Story.Status.PUBLISHED, False: Story.Status.DRAFT}.get(publish)
    promoted = target == Story.Status.PUBLISHED or (
        target is None and story.status == Story.Status.PUBLISHED
    )
    if promoted and story.operator_id:
        # A credit punishment in force keeps the operator out of good-practice promotion.
        today = timezone.localdate()
        if reason := excluded_by("no_promotion", [story.operator_id], today).get(story.operator_id):
            raise ValidationError({"operator": _("该经营主体不能作为先进典型推广。%s") % reason})
    with transaction.atomic():
        if target == Story.Status.PUBLISHED:
            story.published_on = story.published_on or timezone.localdate()
        if target is not None and target != story.status:
            if story.pk is None:
                story.save()  # the move's event row names the story
            move(story, target, table=states.STORY, by=user)
        else:
            story.save()
    return story


def submit_suggestion(name: str, contact: str, text: str) -> Suggestion:
    """Record a suggestion from the public under a fresh tracking code."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Suggestion.objects.create(
                    code=new_code(), name=name, contact=contact, text=text
                )
        except IntegrityError:  # the rare clash of codes: draw another
            continue
    raise RuntimeError("no free tracking code")


def answer_suggestion(user, suggestion: Suggestion, answer: str, publish: bool) -> Suggestion:
    require(user, "disclosure.answer_suggestion", suggestion)
    suggestion.answer = answer
    suggestion.answer_published = publish and bool(answer.strip())
    suggestion.answered_at = timezone.now()
    suggestion.answered_by = user
    suggestion.save(update_fields=["answer", "answer_published", "answered_at", "answered_by"])
    return suggestion


def find_suggestion(code: str) -> Suggestion | None:
    """The suggestion with this tracking code (as typed: case and spaces forgiven), or None."""
    code = "".join(code.split()).upper()
    if not code or len(code) != CODE_LENGTH:
        return None
    return (
        Suggestion.objects.filter(code=code)
        .only("code", "text", "received_at", "answer", "answered_at", "answer_published")
        .first()
    )
