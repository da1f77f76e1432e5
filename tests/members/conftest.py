"""Helpers of the member tests: a member import row and the two cells' codes."""

import pytest

from members.columns import HEADERS


def row(org_code, **cells):
    base = dict.fromkeys(HEADERS, "")
    base.update(
        {
            "Mã tổ chức": org_code,
            "Họ và tên": "Triệu Thị Mẩy",
            "Giới tính": "Nữ",
            "Ngày sinh": "12/03/1998",
            "Dân tộc": "Dao",
            "Số CCCD": "002198001234",
            "Ngày quyết định kết nạp": "20/05/2025",
            "Ngày vào Đảng": "10/06/2025",
            "Trạng thái": "Dự bị",
        }
    )
    base.update(cells)
    return [base[h] for h in HEADERS]


@pytest.fixture
def codes(org_tree):
    return org_tree.hothau_village.code, org_tree.namdich_village.code
