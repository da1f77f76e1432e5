from django.db import migrations

# The forms a candidate's dossier needs (DOMAIN.md §3), the gate each one is
# needed to pass, and when. 9-KNĐ is issued by the registry; 7-KNĐ only under a
# sub-committee.
KINDS = [
    ("CN-NTVĐ", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", "class_done", "always"),
    ("1-KNĐ", "Đơn xin vào Đảng", "applied", "always"),
    ("2-KNĐ", "Lý lịch của người xin vào Đảng", "applied", "always"),
    ("TTLL", "Văn bản thẩm tra lý lịch và kết quả", "verified", "per_verification"),
    ("3-KNĐ", "Giấy giới thiệu người vào Đảng", "introducers", "per_introducer"),
    ("4-KNĐ", "Nghị quyết giới thiệu đoàn viên (công đoàn viên) ưu tú vào Đảng", "introducers", "union_route"),
    ("5-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú", "opinions", "always"),
    ("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên của chi bộ", "cell_approved", "always"),
    ("8-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên của đảng ủy cơ sở", "grassroots_approved", "grassroots_committee"),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("candidates", "DocumentKind")
    for position, (code, name, gate, needed) in enumerate(KINDS):
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "gate": gate, "needed": needed, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
