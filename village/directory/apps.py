from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "village.directory"
    verbose_name = "Directory"
