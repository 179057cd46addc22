"""Admin hooks of the stories app."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from .models import SuccessStoryPage
from .services import ConsentMissingError, check_publishable


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unchecked_stories(request, action_type, objects, view):
    """Bulk "Publish" (of stories, or of pages with their descendants) stops
    with a message when a story lacks checked consent, instead of failing
    half-way: ``check_publishable`` would refuse it at ``publish``."""
    if action_type != "publish" or request.method != "POST":
        return None
    stories = SuccessStoryPage.objects.filter(pk__in=[page.pk for page in objects])
    if request.POST.get("include_descendants"):
        for page in objects:
            stories |= SuccessStoryPage.objects.descendant_of(page)
    for story in stories.distinct():
        try:
            check_publishable(story.get_latest_revision_as_object())
        except ConsentMissingError as refused:
            messages.error(request, f"{story.title}: {' '.join(refused.messages)}")
            return redirect(view.next_url)
    return None
