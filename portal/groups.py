"""Staff groups created by data migrations (who may see personal data)."""

from django.contrib.auth.management import create_permissions


def create_group(apps, app_label: str, name: str, permissions) -> None:
    """The group ``name`` with ``permissions`` ((app_label, model, codename)
    triples), for a ``RunPython`` of the app ``app_label``.

    On a fresh database, permissions are created by a post_migrate signal,
    after every migration: this creates the app's own first. Historical app
    configs have no models module, which ``create_permissions`` requires.
    """
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=name)
    for permission_app, model, codename in permissions:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=permission_app,
                content_type__model=model,
                codename=codename,
            )
        )


def delete_group(apps, name: str) -> None:
    apps.get_model("auth", "Group").objects.filter(name=name).delete()


def _permission(apps, app_label: str, codename: str):
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def revoke_permissions(apps, name: str, permissions) -> None:
    """Take ``permissions`` ((app_label, model, codename) triples) from the
    group ``name``, if there is one (the reverse of ``create_group``)."""
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=name):
        for permission_app, model, codename in permissions:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=permission_app,
                    content_type__model=model,
                    codename=codename,
                )
            )


def grant_page_permissions(apps, name: str, codenames) -> None:
    """Give the group ``name`` the page permissions ``codenames`` (such as
    ``publish_page``) on the root page, so on every page of every language.
    Wagtail has no per-language permission: a page's rights are those of its
    ancestors, whatever its locale."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()
    if root is None:
        return
    group, _created = Group.objects.get_or_create(name=name)
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=_permission(apps, "wagtailcore", codename),
        )


def revoke_page_permissions(apps, name: str, codenames) -> None:
    """Take the page permissions ``codenames`` from the group ``name``, on
    every page."""
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
        group__name=name,
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=codenames,
    ).delete()


def grant_collection_permissions(apps, name: str, permissions) -> None:
    """Give the group ``name`` ``permissions`` ((app_label, codename) pairs,
    such as ``("wagtailimages", "choose_image")``) on the root collection, so
    on every image or document."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    if root is None:
        return
    group, _created = Group.objects.get_or_create(name=name)
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=_permission(apps, app_label, codename),
        )


def revoke_collection_permissions(apps, name: str, permissions) -> None:
    """Take ``permissions`` ((app_label, codename) pairs) from the group
    ``name``, on every collection."""
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.filter(
            group__name=name,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
        ).delete()
