import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connect_logging() -> None:
    from organizations import logs

    signals.before_task_publish.connect(logs.add_request_id_header, weak=False)
    signals.task_prerun.connect(logs.task_started, weak=False)
    signals.task_postrun.connect(logs.task_finished, weak=False)


_connect_logging()
