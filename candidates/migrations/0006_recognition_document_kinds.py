from django.db import migrations

# The forms of the path to recognition (DOMAIN.md §1.14–1.15, §3); 16-KNĐ is
# the committee's decision, which the registry issues.
KINDS = [
    ("1-HSĐV", "Lý lịch đảng viên", "r_records", "always"),
    ("2-HSĐV", "Phiếu đảng viên", "r_records", "always"),
    ("CN-ĐVM", "Giấy chứng nhận lớp bồi dưỡng đảng viên mới", "r_class_done", "always"),
    ("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị", "r_self_review", "always"),
    ("11-KNĐ", "Bản nhận xét của đảng viên được phân công giúp đỡ", "r_remarks", "always"),
    ("12-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú", "r_opinions", "always"),
    ("13-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức của chi bộ", "r_cell_approved", "always"),
    ("15-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức của đảng ủy cơ sở", "r_grassroots_approved", "grassroots_committee"),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("candidates", "DocumentKind")
    for position, (code, name, gate, needed) in enumerate(KINDS, start=100):
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "gate": gate, "needed": needed, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0005_recognition")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
