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
