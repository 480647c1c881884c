from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qgov.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from qgov.core.roles import sync_role_groups

        # Roles are data in code (qgov.core.roles.POLICY); every migrate brings the groups in line.
        post_migrate.connect(sync_role_groups, dispatch_uid="qgov.core.sync_role_groups")
