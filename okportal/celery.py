import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")

app = Celery("okportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
