from django.apps import AppConfig


class ExportControlConfig(AppConfig):
    name = "qgov.exportcontrol"
    label = "exportcontrol"
    verbose_name = "Export control"
