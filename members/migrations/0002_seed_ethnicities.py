"""Vietnam's 54 ethnic groups with the statistics office's codes (reference data)."""

from django.db import migrations

ETHNICITIES = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Mông", "Dao", "Gia-rai",
    "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê",
    "Mnông", "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng",
    "Mạ", "Khơ-mú", "Co", "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru",
    "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng",
    "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ-măm",
]


def seed(apps, schema_editor):
    Ethnicity = apps.get_model("members", "Ethnicity")
    for code, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.get_or_create(code=code, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("members", "Ethnicity").objects.filter(code__lte=len(ETHNICITIES)).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
