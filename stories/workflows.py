"""Which review workflow a story index gets (created by migration 0004).

Wagtail finds a page's workflow on its nearest ancestor with one; every
language has its own story index, so each new index (a new language's copy,
or a new section) is given the workflow with the Consent check step.
"""

from wagtail.models import Workflow, WorkflowPage

from .models import ConsentCheckTask


def story_workflow() -> Workflow | None:
    """The active workflow with an active Consent check step, if any."""
    tasks = ConsentCheckTask.objects.filter(active=True)
    return (
        Workflow.objects.filter(active=True, workflow_tasks__task__in=tasks)
        .order_by("pk")
        .first()
    )


def assign_story_workflow(index_page) -> None:
    """Give ``index_page`` the story workflow, unless it already has one."""
    if WorkflowPage.objects.filter(page=index_page).exists():
        return
    workflow = story_workflow()
    if workflow is not None:
        WorkflowPage.objects.create(page=index_page, workflow=workflow)
