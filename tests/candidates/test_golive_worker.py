"""A going-live sheet uploaded on the page is imported by a real worker."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.golive.queue import request_golive_import
from candidates.models import Candidate, Stage
from organizations import clock
from organizations.models import Job
from tests.factories import MemberFactory
from tests.jobs import wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_a_candidate_mid_dossier(worker, org_tree, org_staff):
    mentor = MemberFactory(organization=org_tree.hothau_village, card_number="47109999")
    # Dated from today: the dates hold whatever day the suite runs.
    introduced = clock.today() - datetime.timedelta(days=60)
    assigned = introduced + datetime.timedelta(days=10)
    rows = [
        "Mã chi bộ,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Giáo dục phổ thông,"
        "Đường giới thiệu,Tổ chức giới thiệu,Ngày giới thiệu,Giai đoạn,"
        "Đảng viên giúp đỡ,Ngày phân công giúp đỡ",
        f"T-HT-1,Lù Thị Dín,Nữ,14/08/2003,Dao,002303004321,12/12,"
        f"Hai đảng viên chính thức,Chi bộ,{introduced:%d/%m/%Y},Đã phân công giúp đỡ,"
        f"{mentor.card_number},{assigned:%d/%m/%Y}",
    ]
    upload = SimpleUploadedFile("qc.csv", "\n".join(rows).encode())
    job = request_golive_import(
        upload,
        sheet="candidates",
        organization=org_tree.district,
        dry_run=False,
        by=org_staff,
    )
    assert wait_for(job).status == Job.Status.DONE, job.error
    assert "1 mới" in job.summary
    candidate = Candidate.objects.get(cccd="002303004321")
    assert (candidate.stage, candidate.mentor) == (Stage.LISTED, mentor)
    assert worker.poll() is None
