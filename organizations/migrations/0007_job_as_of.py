from django.db import migrations, models
from django.utils import timezone


def from_created_at(apps, schema_editor):
    Job = apps.get_model("organizations", "Job")
    for job in Job.objects.only("created_at"):
        job.as_of = timezone.localdate(job.created_at)
        job.save(update_fields=["as_of"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_seed_meeting_rules")]

    operations = [
        migrations.AddField(
            model_name="job",
            name="as_of",
            field=models.DateField(null=True, verbose_name="as of"),
        ),
        migrations.RunPython(from_created_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="job",
            name="as_of",
            field=models.DateField(verbose_name="as of"),
        ),
    ]
