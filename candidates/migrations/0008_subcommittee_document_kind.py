from django.db import migrations


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("candidates", "DocumentKind")
    DocumentKind.objects.update_or_create(
        code="7-KNĐ",
        defaults={
            "name": "Báo cáo thẩm định của đảng ủy bộ phận",
            "gate": "subcommittee_appraised",
            "needed": "sub_committee",
            "position": 7,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0007_subcommittee_appraisal")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
