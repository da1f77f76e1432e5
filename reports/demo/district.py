"""The demo district's organization tree as at 31/12/2018 (DESIGN.md §6).

73 grassroots organizations: 25 commune/town party committees (the real 24
communes and Vinh Quang town, with invented village cells), 3 grassroots party
committees with their cells, and 45 grassroots cells of agencies and armed forces.
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from organizations.models import Organization, User, Village
from organizations.services.tree import create_organization
from organizations.services.villages import add_village
from organizations.text import fold

from .names import VILLAGES

Kind = Organization.Kind
Sector = Organization.Sector
FOUNDED = datetime.date(1975, 1, 1)

COMMUNES = [
    "Bản Luốc",
    "Bản Máy",
    "Bản Nhùng",
    "Bản Péo",
    "Bản Phùng",
    "Chiến Phố",
    "Đản Ván",
    "Hồ Thầu",
    "Nam Sơn",
    "Nàng Đôn",
    "Nậm Dịch",
    "Nậm Khòa",
    "Nậm Ty",
    "Ngàm Đăng Vài",
    "Pố Lồ",
    "Pờ Ly Ngài",
    "Sán Xả Hồ",
    "Tả Sử Choóng",
    "Tân Tiến",
    "Thàng Tín",
    "Thèn Chu Phìn",
    "Thông Nguyên",
    "Tụ Nhân",
    "Túng Sán",
]
TOWN = "Vinh Quang"

GRASSROOTS_COMMITTEES = {
    "Đảng bộ Quân sự huyện Hoàng Su Phì": [
        "Chi bộ Ban Chỉ huy Quân sự",
        "Chi bộ Đại đội Bộ binh",
        "Chi bộ Hậu cần - Kỹ thuật",
        "Chi bộ Tham mưu",
    ],
    "Đảng bộ Công an huyện Hoàng Su Phì": [
        "Chi bộ Đội An ninh",
        "Chi bộ Đội Cảnh sát Hình sự",
        "Chi bộ Đội Cảnh sát Giao thông",
        "Chi bộ Đội Tham mưu - Tổng hợp",
        "Chi bộ Đội Cảnh sát Quản lý hành chính",
    ],
    "Đảng bộ Trung tâm Y tế huyện Hoàng Su Phì": [
        "Chi bộ Khối Điều trị",
        "Chi bộ Y tế Dự phòng",
        "Chi bộ Dân số - Kế hoạch hóa gia đình",
    ],
}

# Where the district's grassroots organizations work, for the statistics:
# the communes and the agency cells unless named here.
SECTORS = {
    "Đảng bộ Quân sự huyện Hoàng Su Phì": Sector.ARMED_FORCES,
    "Đảng bộ Công an huyện Hoàng Su Phì": Sector.ARMED_FORCES,
    "Chi bộ Đồn Biên phòng Thàng Tín": Sector.ARMED_FORCES,
    "Chi bộ Đồn Biên phòng Bản Máy": Sector.ARMED_FORCES,
    "Chi bộ Đồn Biên phòng Xín Chải": Sector.ARMED_FORCES,
    "Đảng bộ Trung tâm Y tế huyện Hoàng Su Phì": Sector.PUBLIC_SERVICE,
    "Chi bộ Trung tâm Bồi dưỡng Chính trị": Sector.PUBLIC_SERVICE,
    "Chi bộ Trung tâm Văn hóa - Thể thao và Truyền thông": Sector.PUBLIC_SERVICE,
    "Chi bộ Trường Trung học phổ thông Hoàng Su Phì": Sector.PUBLIC_SERVICE,
    "Chi bộ Trường Trung học phổ thông Thông Nguyên": Sector.PUBLIC_SERVICE,
    "Chi bộ Trường Phổ thông Dân tộc nội trú huyện": Sector.PUBLIC_SERVICE,
    "Chi bộ Trung tâm Giáo dục nghề nghiệp - GDTX": Sector.PUBLIC_SERVICE,
    "Chi bộ Trường THCS Vinh Quang": Sector.PUBLIC_SERVICE,
    "Chi bộ Trường Tiểu học Vinh Quang": Sector.PUBLIC_SERVICE,
    "Chi bộ Trạm Khuyến nông": Sector.PUBLIC_SERVICE,
    "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn": Sector.ENTERPRISE,
    "Chi bộ Điện lực Hoàng Su Phì": Sector.ENTERPRISE,
    "Chi bộ Bưu điện huyện": Sector.ENTERPRISE,
    "Chi bộ Viettel Hoàng Su Phì": Sector.ENTERPRISE,
}

AGENCY_CELLS = [
    "Chi bộ Văn phòng Huyện ủy",
    "Chi bộ các Ban Đảng Huyện ủy",
    "Chi bộ Văn phòng HĐND và UBND huyện",
    "Chi bộ Phòng Giáo dục và Đào tạo",
    "Chi bộ Phòng Tài chính - Kế hoạch",
    "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
    "Chi bộ Phòng Tài nguyên và Môi trường",
    "Chi bộ Phòng Nội vụ",
    "Chi bộ Phòng Lao động - Thương binh và Xã hội",
    "Chi bộ Phòng Văn hóa và Thông tin",
    "Chi bộ Phòng Tư pháp",
    "Chi bộ Phòng Kinh tế và Hạ tầng",
    "Chi bộ Phòng Dân tộc",
    "Chi bộ Thanh tra huyện",
    "Chi bộ Ủy ban Mặt trận Tổ quốc huyện",
    "Chi bộ Huyện đoàn",
    "Chi bộ Hội Liên hiệp Phụ nữ huyện",
    "Chi bộ Hội Nông dân huyện",
    "Chi bộ Viện Kiểm sát nhân dân huyện",
    "Chi bộ Tòa án nhân dân huyện",
    "Chi bộ Chi cục Thi hành án dân sự",
    "Chi bộ Chi cục Thuế",
    "Chi bộ Kho bạc Nhà nước",
    "Chi bộ Chi cục Thống kê",
    "Chi bộ Bảo hiểm Xã hội huyện",
    "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn",
    "Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội",
    "Chi bộ Hạt Kiểm lâm",
    "Chi bộ Trung tâm Bồi dưỡng Chính trị",
    "Chi bộ Trung tâm Văn hóa - Thể thao và Truyền thông",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng",
    "Chi bộ Trạm Khuyến nông",
    "Chi bộ Điện lực Hoàng Su Phì",
    "Chi bộ Bưu điện huyện",
    "Chi bộ Viettel Hoàng Su Phì",
    "Chi bộ Trường Trung học phổ thông Hoàng Su Phì",
    "Chi bộ Trường Trung học phổ thông Thông Nguyên",
    "Chi bộ Trường Phổ thông Dân tộc nội trú huyện",
    "Chi bộ Trung tâm Giáo dục nghề nghiệp - GDTX",
    "Chi bộ Trường THCS Vinh Quang",
    "Chi bộ Trường Tiểu học Vinh Quang",
    "Chi bộ Đồn Biên phòng Thàng Tín",
    "Chi bộ Đồn Biên phòng Bản Máy",
    "Chi bộ Đồn Biên phòng Xín Chải",
    "Chi bộ Hạt Quản lý đường bộ",
]


@dataclass
class DemoDistrict:
    province: Organization
    district: Organization
    grassroots: list[Organization]
    # Where members sit: each grassroots organization's cells (itself for a cell).
    cells: dict[int, list[Organization]]
    # Each commune's villages, and the village of each village cell.
    villages: dict[int, list[Village]]
    village_of_cell: dict[int, Village]


def _code(prefix: str, label: str) -> str:
    letters = "".join(c for c in fold(label) if c.isalnum()).upper()
    return f"{prefix}-{letters[:14]}"


def _unique(code: str, taken: set[str]) -> str:
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        candidate = f"{code}.{n}"
    taken.add(candidate)
    return candidate


def build_district(rng: random.Random, *, by: User) -> DemoDistrict:
    """Create the tree through the organization service; returns its parts."""
    taken: set[str] = set()

    def make(
        name: str, kind: str, parent: Organization, label: str, **flags: Any
    ) -> Organization:
        prefix = parent.code if parent.is_grassroots else "HSP"
        return create_organization(
            code=_unique(_code(prefix, label), taken),
            name=name,
            kind=kind,
            parent=parent,
            opened_on=FOUNDED,
            by=by,
            **flags,
        )

    province = create_organization(
        code="HG",
        name="Đảng bộ tỉnh Hà Giang",
        kind=Kind.PROVINCIAL_COMMITTEE,
        parent=None,
        by=by,
    )
    district = create_organization(
        code="HSP",
        name="Đảng bộ huyện Hoàng Su Phì",
        kind=Kind.UPPER_COMMITTEE,
        parent=province,
        has_admission_authority=True,
        opened_on=FOUNDED,
        by=by,
    )
    grassroots: list[Organization] = []
    cells: dict[int, list[Organization]] = {}
    commune_villages: dict[int, list[Village]] = {}
    village_of_cell: dict[int, Village] = {}
    villages = list(VILLAGES)
    for commune in [TOWN, *COMMUNES]:
        kind_word = "thị trấn" if commune == TOWN else "xã"
        org = make(
            f"Đảng bộ {kind_word} {commune}",
            Kind.COMMUNE_COMMITTEE,
            district,
            commune,
            is_grassroots=True,
            sector=Sector.COMMUNE,
        )
        rng.shuffle(villages)
        count = rng.randint(5, 9)
        unit = "tổ dân phố" if commune == TOWN else "thôn"
        cells[org.pk] = [
            make(f"Chi bộ {unit} {village}", Kind.SUBORDINATE_CELL, org, village)
            for village in villages[:count]
        ]
        # Every village cell's village, and one more with no cell and, in
        # the demo, nobody of the Party living there.
        commune_villages[org.pk] = [
            add_village(org, code=f"{org.code}-T{n}", name=f"{unit} {village}", by=by)
            for n, village in enumerate(villages[: count + 1], start=1)
        ]
        village_of_cell.update(
            zip(
                (c.pk for c in cells[org.pk]),
                commune_villages[org.pk][:count],
                strict=True,
            )
        )
        if commune != TOWN:
            school = f"Chi bộ Trường Tiểu học và THCS xã {commune}"
            cells[org.pk].append(make(school, Kind.SUBORDINATE_CELL, org, "TRUONG"))
        grassroots.append(org)
    for name, cell_names in GRASSROOTS_COMMITTEES.items():
        org = make(
            name,
            Kind.GRASSROOTS_COMMITTEE,
            district,
            name.split(" bộ ")[1],
            is_grassroots=True,
            sector=SECTORS[name],
        )
        cells[org.pk] = [
            make(cell, Kind.SUBORDINATE_CELL, org, cell.removeprefix("Chi bộ "))
            for cell in cell_names
        ]
        grassroots.append(org)
    for name in AGENCY_CELLS:
        label = name.removeprefix("Chi bộ ")
        org = make(
            name,
            Kind.GRASSROOTS_CELL,
            district,
            label,
            is_grassroots=True,
            sector=SECTORS.get(name, Sector.AGENCY),
        )
        cells[org.pk] = [org]
        grassroots.append(org)
    return DemoDistrict(
        province, district, grassroots, cells, commune_villages, village_of_cell
    )
