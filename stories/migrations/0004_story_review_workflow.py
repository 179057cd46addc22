"""Review of success stories: a Consent check group and step, then the
moderators, on every story index (see ``stories.workflows``)."""

from django.db import migrations

from portal.groups import create_group, delete_group

CONSENT_GROUP = "Consent check"
WORKFLOW = "Success story review"
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ConsentCheckTask = apps.get_model("stories", "ConsentCheckTask")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")

    create_group(apps, "stories", CONSENT_GROUP, [ACCESS_ADMIN])
    consent_group = Group.objects.get(name=CONSENT_GROUP)
    consent_task = ConsentCheckTask.objects.create(
        name="Consent check",
        content_type=ContentType.objects.get_for_model(ConsentCheckTask),
        active=True,
    )
    consent_task.groups.set([consent_group])

    moderators = Group.objects.filter(name="Moderators").first()
    moderators_task = (
        GroupApprovalTask.objects.filter(active=True, groups=moderators).first()
        if moderators
        else None
    )
    if moderators_task is None and moderators is not None:
        moderators_task = GroupApprovalTask.objects.create(
            name="Moderators approval",
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
            active=True,
        )
        moderators_task.groups.set([moderators])

    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    tasks = [consent_task] + ([moderators_task] if moderators_task else [])
    for order, task in enumerate(tasks):
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    for index in StoryIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(
            page_id=index.pk, defaults={"workflow": workflow}
        )


def delete_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    ConsentCheckTask = apps.get_model("stories", "ConsentCheckTask")
    Workflow.objects.filter(name=WORKFLOW).delete()
    ConsentCheckTask.objects.all().delete()
    delete_group(apps, CONSENT_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_consent_check"),
        ("home", "0008_staff_roles"),
    ]

    operations = [migrations.RunPython(create_workflow, delete_workflow)]
