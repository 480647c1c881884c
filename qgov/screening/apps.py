from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "qgov.screening"
    label = "screening"
    verbose_name = "Restricted-party screening"
