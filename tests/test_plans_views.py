"""The plan pages driven through the Django test client: what each role may post, what is saved, what is
refused and how, and that no input answers 500.

Forms are posted the way a browser would: the page is fetched first and its form's fields (management
form, hidden version, current values) are read back from the HTML, then changed and posted.
"""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from households.models import Village, VillageCount
from plans import services, workflow
from plans.creation import create_plan
from plans.findings import plan_findings
from plans.forms import PARTS, GridRowForm, PlanCreateForm
from plans.models import (
    FundingSource,
    LegalBasis,
    Officer,
    Plan,
    PlanProject,
    PlanStatus,
    ProgramItem,
    Recipient,
    ReportingItem,
    Responsibility,
    ReviewComment,
    Target,
    VillageTarget,
)
from plans.reads import plan_table
from povertyplan.access import Role
from povertyplan.models import User

YEAR = 2024
SIGNER = "Hoàng Thị Hiếu"
PLAN_CONFLICT = "Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem nội dung mới rồi sửa lại."

# ---------------------------------------------------------------- reading forms and pages


class _FormReader(HTMLParser):
    """The fields a browser would submit from the form marked data-testid=<testid>."""

    def __init__(self, testid: str):
        super().__init__(convert_charrefs=True)
        self.testid = testid
        self.inside = False
        self.found = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first_option = True
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("data-testid") == self.testid
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = a.get("value") or "on"
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, True
        elif tag == "option" and self._select:
            if self._first_option or "selected" in a:
                self.fields[self._select] = a.get("value") or ""
            self._first_option = False
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields[self._textarea] = "".join(self._text).removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(response, testid: str) -> dict[str, str]:
    assert response.status_code == 200, response.status_code
    reader = _FormReader(testid)
    reader.feed(response.content.decode())
    assert reader.found, f"no form {testid!r} on the page"
    return reader.fields


def page(response) -> str:
    return html.unescape(response.content.decode())


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def vietnamese_error(form_class, data: dict, field: str) -> list[str]:
    """The messages `form_class` gives for `field` in Vietnamese, checked to differ from English."""
    with translation.override("vi"):
        vi = list(form_class(data).errors[field])
    with translation.override("en"):
        en = list(form_class(data).errors[field])
    assert vi != en, f"not translated: {en}"
    return vi


def field_messages(field, value) -> list[str]:
    """What `field` says about `value` in Vietnamese (our locale may reword Django's), checked translated."""
    out = {}
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                field.clean(value)
            except ValidationError as exc:
                out[language] = list(exc.messages)
    assert out["vi"] != out["en"], f"not translated: {out['en']}"
    return out["vi"]


def grid_index(fields: dict, target_pk: int) -> int:
    for name, value in fields.items():
        m = re.fullmatch(r"rows-(\d+)-target", name)
        if m and value == str(target_pk):
            return int(m.group(1))
    raise AssertionError(f"no grid row for target {target_pk}")


def formset_prefix(fields: dict) -> str:
    [name] = [n for n in fields if n.endswith("-TOTAL_FORMS")]
    return name.removesuffix("-TOTAL_FORMS")


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def official(world, client):
    client.force_login(world.users.official_diem_he)
    return client


@pytest.fixture
def reviewer(world, client):
    client.force_login(world.users.reviewer_van_quan)
    return client


@pytest.fixture
def plan(plans):
    return plans.diem_he


@pytest.fixture
def targets(plan, world):
    by_village = {t.village_id: t for t in plan.village_targets.all()}
    return by_village[world.villages.na_sung.pk], by_village[world.villages.thong_nhat.pk]


@pytest.fixture
def signed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"signer_name": SIGNER}
    )


@pytest.fixture
def submitted(signed, world):
    return workflow.perform(by=world.users.official_diem_he, plan=signed, name="submit", version=signed.version)


@pytest.fixture
def reviewer_ha_trung(world):
    """The reviewer of another district (Hà Trung, Thanh Hóa)."""
    return User.objects.create_user(
        username="huyen.hatrung",
        password="x",
        role=Role.REVIEWER,
        district=world.districts.ha_trung,
        province=world.provinces.thanh_hoa,
    )


# ---------------------------------------------------------------- creating a plan


def test_official_creates_a_plan_and_lands_on_it(world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    body = form_fields(official.get(url), "create-plan")
    body["year"] = "2024"
    response = official.post(url, body)
    plan = Plan.objects.get(commune=world.communes.diem_he, year=2024)
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk])
    assert plan.created_by == world.users.official_diem_he
    assert official.get(response.url).status_code == 200


def test_a_reviewer_cannot_create_a_communes_plan(world, reviewer):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert reviewer.get(url).status_code == 200
    assert b'data-testid="create-plan"' not in reviewer.get(url).content
    assert reviewer.post(url, {"year": "2024"}).status_code == 403
    assert not Plan.objects.exists()


def test_an_official_of_another_commune_gets_404(world, client):
    client.force_login(world.users.official_ha_trung)
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    assert client.post(url, {"year": "2024"}).status_code == 404
    assert not Plan.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1800", "2101", "", "2024.5", "٢٠٢٤x"])
def test_a_bad_year_is_refused_in_vietnamese_next_to_the_field(world, official, year):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    response = official.post(url, {"year": year})
    assert response.status_code == 200
    # The limits are our own Vietnamese messages (no English original to compare with).
    own = {"1800": ["Số quá nhỏ: tối thiểu 2000."], "2101": ["Số quá lớn: tối đa 2100."]}
    expected = own.get(year) or vietnamese_error(PlanCreateForm, {"year": year}, "year")
    shown = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', response.content.decode())
    assert [html.unescape(m) for m in shown] == expected
    assert not Plan.objects.exists()


def test_a_second_plan_for_the_year_is_refused_next_to_the_field(plans, world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    response = official.post(url, {"year": "2024"})
    assert response.status_code == 200
    assert "Đã có kế hoạch năm 2024." in page(response)
    assert Plan.objects.filter(commune=world.communes.diem_he).count() == 1


# ---------------------------------------------------------------- the village grid


def test_grid_post_saves_exits_and_officers(plan, targets, world, official):
    na_sung, thong_nhat = targets
    lan = Officer.objects.create(commune=world.communes.diem_he, name="Nông Thị Lan")
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    assert body["version"] == str(plan.version)
    assert body["rows-TOTAL_FORMS"] == "2"
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {f"rows-{i}-exits_poor": "1", f"rows-{j}-exits_poor": "2", f"rows-{j}-exits_near_poor": "3"}
    body[f"rows-{j}-officer"] = str(lan.pk)

    response = official.post(url, body)
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[plan.pk]) + "#village-table"
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert (na_sung.exits_poor, na_sung.exits_near_poor, na_sung.officer) == (1, None, None)  # empty: not stated
    assert (thong_nhat.exits_poor, thong_nhat.exits_near_poor, thong_nhat.officer) == (2, 3, lan)
    assert fresh(plan).version == plan.version + 1


# Empty is not refused: it means "not stated" (None). A count reaches 100.000.000 (a province's).
@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "100.000.001"])
def test_grid_refuses_a_bad_count_and_saves_nothing(plan, targets, official, value):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {f"rows-{i}-exits_poor": "1", f"rows-{j}-exits_poor": value}
    response = official.post(url, body)
    assert response.status_code == 200
    cell = page(response)
    start = cell.index(f'name="rows-{j}-exits_poor"')
    shown = re.findall(r'<div class="text-danger small">(.*?)</div>', cell[start : cell.index("</td>", start)])
    own = {"-1": ["Không được nhập số âm."], "100.000.001": ["Số quá lớn: tối đa 100.000.000."]}
    assert shown == (own.get(value) or field_messages(GridRowForm.base_fields["exits_poor"], value))
    assert "Có ô chưa hợp lệ" in cell
    na_sung.refresh_from_db()
    assert na_sung.exits_poor is None
    assert fresh(plan).version == plan.version


def test_grid_refuses_an_officer_of_another_commune(plan, targets, world, official):
    foreign = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    assert f'<option value="{foreign.pk}"' not in page(official.get(url))
    body[f"rows-{grid_index(body, targets[0].pk)}-officer"] = str(foreign.pk)
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách." in page(response)
    targets[0].refresh_from_db()
    assert targets[0].officer is None
    assert fresh(plan).version == plan.version


def test_grid_from_a_stale_version_shows_the_conflict_and_saves_nothing(plan, targets, world, official):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    # Someone else saves in between.
    services.save_grid(
        by=world.users.official_diem_he, plan=plan, version=plan.version, rows={thong_nhat.pk: {"exits_poor": 4}}
    )
    body[f"rows-{grid_index(body, na_sung.pk)}-exits_poor"] = "1"
    response = official.post(url, body)
    assert response.status_code == 200
    assert PLAN_CONFLICT in page(response)
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert (na_sung.exits_poor, thong_nhat.exits_poor) == (None, 4)
    assert fresh(plan).version == plan.version + 1


def test_grid_row_of_another_plan_is_refused(plan, world, official):
    other = create_plan(by=world.users.official_ha_trung, commune=world.communes.ha_trung, year=YEAR)
    foreign = other.village_targets.first()
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    body |= {"rows-0-target": str(foreign.pk), "rows-0-exits_poor": "3"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert "Dòng của bảng không thuộc kế hoạch này." in page(response)
    foreign.refresh_from_db()
    assert foreign.exits_poor is None
    assert (fresh(plan).version, fresh(other).version) == (plan.version, other.version)


@pytest.fixture
def transcribed(plan, world):
    return services.save_plan_fields(
        by=world.users.official_diem_he, plan=plan, version=plan.version, data={"transcribed": True}
    )


def test_grid_of_a_transcribed_plan_takes_rates_as_printed(transcribed, targets, official):
    na_sung, thong_nhat = targets
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    i, j = grid_index(body, na_sung.pk), grid_index(body, thong_nhat.pk)
    body |= {
        f"rows-{i}-printed_near_poor_rate": "0,93",
        f"rows-{j}-printed_near_poor_rate": "6,63 %",
        f"rows-{j}-printed_poor_rate": "4.88",
        f"rows-{j}-printed_poor_end": "2",
        "totals-printed_poor_rate": "2,62",
        "totals-exits_poor": "8",
    }
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    na_sung.refresh_from_db()
    thong_nhat.refresh_from_db()
    assert na_sung.printed_near_poor_rate == Decimal("0.93")
    assert (thong_nhat.printed_near_poor_rate, thong_nhat.printed_poor_rate) == (Decimal("6.63"), Decimal("4.88"))
    assert thong_nhat.printed_poor_end == 2
    assert fresh(transcribed).printed_totals == {"printed_poor_rate": "2.62", "exits_poor": 8}

    # Shown back the Vietnamese way.
    again = form_fields(official.get(url), "grid-form")
    assert again[f"rows-{i}-printed_near_poor_rate"] == "0,93"
    assert again[f"rows-{j}-printed_near_poor_rate"] == "6,63"


def test_grid_shows_the_printed_totals_rate_back_with_a_decimal_comma(transcribed, official):
    """The rows' printed rates come back as "0,93"; the totals row's rate, kept as a string in the JSON
    field, comes back as typed by the program ("2.62"), not localized."""
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body["totals-printed_poor_rate"] = "2,62"
    assert official.post(url, body).status_code == 302
    assert fresh(transcribed).printed_totals == {"printed_poor_rate": "2.62"}
    again = form_fields(official.get(url), "grid-form")
    assert again["totals-printed_poor_rate"] == "2,62"


@pytest.mark.parametrize("rate", ["6.6.3", "abc", "101", "-1", "6,633", "1e2"])
def test_grid_refuses_a_rate_that_is_not_a_printed_rate(transcribed, targets, official, rate):
    url = reverse("plan_grid", args=[transcribed.pk])
    body = form_fields(official.get(url), "grid-form")
    body[f"rows-{grid_index(body, targets[0].pk)}-printed_near_poor_rate"] = rate
    response = official.post(url, body)
    assert response.status_code == 200
    targets[0].refresh_from_db()
    assert targets[0].printed_near_poor_rate is None
    assert fresh(transcribed).version == transcribed.version


def test_grid_of_a_plan_past_draft_redirects_and_saves_nothing(submitted, targets, official):
    url = reverse("plan_grid", args=[submitted.pk])
    response = official.get(url)
    assert response.status_code == 302
    body = {"version": str(submitted.version), "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1"}
    body |= {"rows-0-target": str(targets[0].pk), "rows-0-exits_poor": "1", "rows-0-exits_near_poor": "0"}
    response = official.post(url, body)
    assert response.status_code == 302
    assert "không sửa được" in " ".join(flash(response))
    targets[0].refresh_from_db()
    assert targets[0].exits_poor is None


GRID_CHANGED = "Bảng đã thay đổi trong lúc bạn sửa. Hãy tải lại trang."
GRID_INVALID = "Có ô chưa hợp lệ: xem các ô được đánh dấu đỏ."


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"rows-TOTAL_FORMS": None}, "(Trường ẩn TOTAL_FORMS) Trường này là bắt buộc."),
        ({"rows-TOTAL_FORMS": "abc"}, "(Trường ẩn TOTAL_FORMS) Hãy nhập một số nguyên."),
        ({"rows-TOTAL_FORMS": "1"}, GRID_CHANGED),
        ({"rows-TOTAL_FORMS": "3000"}, GRID_CHANGED),
        ({"rows-0-target": "abc"}, GRID_INVALID),
        ({"rows-0-target": "99999999"}, "Dòng của bảng không thuộc kế hoạch này."),
        ({"rows-0-officer": "abc"}, "Hãy chọn một giá trị hợp lệ. Giá trị đã chọn không có trong danh sách."),
        ({"rows-0-exits_poor": "١٢"}, "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn)."),
        ({"version": "abc"}, PLAN_CONFLICT),
        ({"version": "99999999999999999999999"}, PLAN_CONFLICT),
    ],
    ids=lambda t: "-".join(f"{k}={v}" for k, v in t.items()) if isinstance(t, dict) else "",
)
def test_grid_never_answers_500(plan, targets, official, tamper, message):
    """Every tampered post is refused on the page with its message: never saved behind a redirect, never a 500."""
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(official.get(url), "grid-form")
    na_sung = grid_index(body, targets[0].pk)
    body[f"rows-{na_sung}-exits_poor"] = "2"  # a valid change the tampered post carries along
    for name, value in tamper.items():
        if value is None:
            body.pop(name)
        else:
            body[name] = value
    rows = VillageTarget.objects.filter(plan=plan).order_by("pk")
    columns = ("pk", "exits_poor", "exits_near_poor", "officer", "printed_poor_rate", "printed_near_poor_rate")
    before = (fresh(plan).version, list(rows.values_list(*columns)))
    response = official.post(url, body)
    assert response.status_code == 200
    assert message in page(response)
    assert (fresh(plan).version, list(rows.values_list(*columns))) == before


# ---------------------------------------------------------------- list sections


def _new_row(slug: str, plan: Plan) -> dict[str, str]:
    """Valid values for a new row of each part, and how to find it afterwards."""
    item = ProgramItem.objects.filter(version=plan.program).order_by("order").first()
    return {
        "can-cu": {
            "order": "1",
            "verb": "Căn cứ",
            "doc_type": "Quyết định",
            "doc_number": "90/QĐ-TTg",
            "doc_date": "2022-01-18",
            "issuer": "Thủ tướng Chính phủ",
            "title": "phê duyệt Chương trình",
        },
        "chi-tieu": {"order": "1", "text": "100% hộ nghèo được cấp thẻ BHYT."},
        "du-an": {"order": "1", "item": str(item.pk), "objective": "Hỗ trợ sinh kế.", "lead_body": "UBND xã"},
        "phan-cong": {"order": "1", "unit": "Công chức LĐ-TB&XH", "tasks": "Tham mưu.\nTổng hợp."},
        "kinh-phi": {"order": "1", "source": "Ngân sách trung ương", "amount": "150.000.000", "note": "DA 1"},
        "bao-cao": {"order": "5", "what": "Danh sách hộ thoát nghèo", "to_whom": "UBND xã", "due_date": "2024-04-10"},
        "noi-nhan": {"order": "5", "name": "Mặt trận Tổ quốc xã", "purpose": "p/h"},
    }[slug]


_SAVED = {
    "can-cu": (LegalBasis, {"doc_number": "90/QĐ-TTg", "doc_date": datetime.date(2022, 1, 18)}),
    "chi-tieu": (Target, {"text": "100% hộ nghèo được cấp thẻ BHYT."}),
    "du-an": (PlanProject, {"objective": "Hỗ trợ sinh kế.", "lead_body": "UBND xã"}),
    "phan-cong": (Responsibility, {"unit": "Công chức LĐ-TB&XH", "tasks": "Tham mưu.\nTổng hợp."}),
    "kinh-phi": (FundingSource, {"source": "Ngân sách trung ương", "amount": 150_000_000}),
    "bao-cao": (ReportingItem, {"what": "Danh sách hộ thoát nghèo", "due_date": datetime.date(2024, 4, 10)}),
    "noi-nhan": (Recipient, {"name": "Mặt trận Tổ quốc xã", "purpose": "p/h"}),
}


def test_every_part_slug_is_tested():
    assert set(PARTS) == set(_SAVED)


@pytest.mark.parametrize("slug", list(PARTS))
def test_part_post_adds_a_row(plan, official, slug):
    section, related, _formset = PARTS[slug]
    model, expected = _SAVED[slug]
    before = getattr(plan, related).count()
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    assert body[f"{prefix}-TOTAL_FORMS"] == str(new + 1)  # one blank row to fill
    body |= {f"{prefix}-{new}-{name}": value for name, value in _new_row(slug, plan).items()}

    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert response.url == reverse("plan", args=[plan.pk]) + f"#{section.value}"
    assert getattr(plan, related).count() == before + 1
    assert model.objects.filter(plan=plan, **expected).count() == 1
    assert fresh(plan).version == plan.version + 1


@pytest.mark.parametrize(("slug", "model"), [("noi-nhan", Recipient), ("bao-cao", ReportingItem)])
def test_part_post_deletes_a_row_and_keeps_the_others(plan, official, slug, model):
    rows = list(model.objects.filter(plan=plan))
    assert len(rows) == 4
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    index = next(i for i in range(len(rows)) if body[f"{prefix}-{i}-id"] == str(rows[1].pk))
    body[f"{prefix}-{index}-DELETE"] = "on"
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert list(model.objects.filter(plan=plan)) == [rows[0], *rows[2:]]


def test_part_post_edits_an_existing_row(plan, official):
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    body = form_fields(official.get(url), "part-form")
    first = Recipient.objects.filter(plan=plan).first()
    assert body["recipients-0-id"] == str(first.pk)
    body["recipients-0-name"] = "UBND huyện Văn Quan (để báo cáo)"
    assert official.post(url, body).status_code == 302
    first.refresh_from_db()
    assert first.name == "UBND huyện Văn Quan (để báo cáo)"


def test_part_post_from_a_stale_version_shows_the_conflict(plan, world, official):
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    body = form_fields(official.get(url), "part-form")
    services.save_plan_fields(by=world.users.official_diem_he, plan=plan, version=plan.version, data={"purpose": "."})
    body |= {"recipients-4-order": "5", "recipients-4-name": "Mặt trận Tổ quốc xã"}
    response = official.post(url, body)
    assert response.status_code == 200
    assert PLAN_CONFLICT in page(response)
    assert not Recipient.objects.filter(plan=plan, name="Mặt trận Tổ quốc xã").exists()


@pytest.mark.parametrize(
    ("slug", "field", "value"),
    [
        ("kinh-phi", "amount", "abc"),
        ("kinh-phi", "amount", "99999999999999999999999"),
        ("kinh-phi", "amount", "-5"),
        ("bao-cao", "due_date", "2024-02-30"),
        ("can-cu", "doc_date", "18/01/2022x"),
        ("du-an", "item", "99999999"),
        ("noi-nhan", "purpose", "x/y"),
        ("noi-nhan", "order", "-1"),
        ("noi-nhan", "order", "99999999999999999999"),
        ("chi-tieu", "text", "có ký tự \x00"),
    ],
)
def test_part_refuses_bad_values_without_500_and_saves_nothing(plan, official, slug, field, value):
    _section, related, _formset = PARTS[slug]
    before = list(getattr(plan, related).values_list("pk", flat=True))
    url = reverse("plan_part", args=[plan.pk, slug])
    body = form_fields(official.get(url), "part-form")
    prefix = formset_prefix(body)
    new = int(body[f"{prefix}-INITIAL_FORMS"])
    body |= {f"{prefix}-{new}-{name}": v for name, v in _new_row(slug, plan).items()}
    body[f"{prefix}-{new}-{field}"] = value
    response = official.post(url, body)
    assert response.status_code == 200
    assert list(getattr(plan, related).values_list("pk", flat=True)) == before
    assert fresh(plan).version == plan.version


def test_project_part_offers_the_items_of_the_plans_program(plan, official):
    """The blank row (and every row) of the projects formset must list the program's projects."""
    items = ProgramItem.objects.filter(version=plan.program)
    assert items.count() > 1
    content = official.get(reverse("plan_part", args=[plan.pk, "du-an"])).content.decode()
    select = content[content.index('name="projects-0-item"') :]
    select = select[: select.index("</select>")]
    offered = set(re.findall(r'<option value="(\d+)"', select))
    assert offered == {str(pk) for pk in items.values_list("pk", flat=True)}


def test_part_of_a_project_of_another_program_version_is_refused(plan, official):
    other = ProgramItem.objects.exclude(version=plan.program).first()
    url = reverse("plan_part", args=[plan.pk, "du-an"])
    body = form_fields(official.get(url), "part-form")
    body |= {"projects-0-order": "1", "projects-0-item": str(other.pk)}
    assert official.post(url, body).status_code == 200
    assert not plan.projects.exists()


def test_unknown_part_is_404(plan, official):
    assert official.get(reverse("plan_part", args=[plan.pk, "khong-co"])).status_code == 404
    assert official.post(reverse("plan_part", args=[plan.pk, "khong-co"]), {}).status_code == 404


@pytest.mark.parametrize("user", ["reviewer_van_quan", "admin_lang_son"])
def test_part_post_by_who_may_only_read_is_403(plan, world, client, user):
    client.force_login(getattr(world.users, user))
    url = reverse("plan_part", args=[plan.pk, "noi-nhan"])
    response = client.post(url, {"version": plan.version, "recipients-TOTAL_FORMS": "0"})
    assert response.status_code == 403
    assert Recipient.objects.filter(plan=plan).count() == 4


# ---------------------------------------------------------------- transitions and comments


def _transition(client, plan, name, **extra):
    body = {"version": str(plan.version), "reason": "", **extra}
    return client.post(reverse("plan_transition", args=[plan.pk, name]), body)


def test_official_submits_and_reviewer_returns_approves_issues_through_the_pages(signed, world, client):
    client.force_login(world.users.official_diem_he)
    response = _transition(client, signed, "submit")
    assert response.status_code == 302 and response.url == reverse("plan", args=[signed.pk])
    plan = fresh(signed)
    assert plan.status == PlanStatus.SUBMITTED

    client.force_login(world.users.reviewer_van_quan)
    detail = page(client.get(reverse("plan", args=[plan.pk])))
    assert 'data-testid="do-approve"' in detail and 'data-testid="open-return"' in detail
    assert _transition(client, plan, "return", reason="Xem lại chỉ tiêu.").status_code == 302
    assert fresh(plan).status == PlanStatus.RETURNED

    client.force_login(world.users.official_diem_he)
    _transition(client, fresh(plan), "submit")
    client.force_login(world.users.reviewer_van_quan)
    _transition(client, fresh(plan), "approve")
    assert fresh(plan).status == PlanStatus.APPROVED
    detail = client.get(reverse("plan", args=[plan.pk]))
    issue = form_fields(detail, "issue-form")
    assert issue["number"] == "1" and issue["signer_name"] == SIGNER
    issue["issue_date"] = "2024-01-20"
    response = client.post(reverse("plan_transition", args=[plan.pk, "issue"]), issue)
    assert fresh(plan).status == PlanStatus.APPROVED  # a confirmation page first
    confirm = form_fields(response, "issue-confirm-form") | {"step": "confirm"}
    response = client.post(reverse("plan_transition", args=[plan.pk, "issue"]), confirm)
    assert response.status_code == 302
    plan = fresh(plan)
    assert (plan.status, plan.number, plan.issue_date) == (PlanStatus.ISSUED, 1, datetime.date(2024, 1, 20))


@pytest.mark.parametrize(
    ("user", "state", "name"),
    [
        ("official_diem_he", "submitted", "approve"),
        ("official_diem_he", "submitted", "return"),
        ("reviewer_van_quan", "signed", "submit"),
        ("admin_lang_son", "submitted", "approve"),
        ("admin_lang_son", "signed", "submit"),
    ],
)
def test_transition_by_the_wrong_role_is_403(request, world, client, user, state, name):
    plan = request.getfixturevalue(state)
    client.force_login(getattr(world.users, user))
    assert _transition(client, plan, name, reason="x").status_code == 403
    assert fresh(plan).status == plan.status


@pytest.mark.parametrize("name", ["submit", "approve", "return", "issue", "recall"])
def test_transition_by_a_reviewer_of_another_area_is_404(submitted, reviewer_ha_trung, world, client, name):
    for user in (reviewer_ha_trung, world.users.reviewer_thanh_hoa, world.users.official_ha_trung):
        client.force_login(user)
        response = _transition(client, submitted, name, reason="x", number="1", issue_date="2024-01-20")
        assert response.status_code == 404
    assert fresh(submitted).status == PlanStatus.SUBMITTED


def test_transition_from_a_stale_version_shows_the_conflict(submitted, world, client):
    client.force_login(world.users.reviewer_van_quan)
    response = _transition(client, submitted, "approve", version=str(submitted.version - 1))
    assert response.status_code == 302
    assert any("vừa được người khác cập nhật" in m for m in flash(response))
    assert fresh(submitted).status == PlanStatus.SUBMITTED


STALE_PAGE = "Trang đã cũ. Hãy tải lại trang rồi thao tác lại."


@pytest.mark.parametrize(
    ("name", "body", "messages"),
    [
        ("approve", {"version": ""}, [STALE_PAGE]),
        ("approve", {"version": "abc"}, [STALE_PAGE]),
        ("approve", {}, [STALE_PAGE]),
        ("xoa-bo", {"version": "3"}, ["Thao tác không hợp lệ."]),
        (
            "issue",
            {"version": "3", "number": "abc", "issue_date": "2024-02-30", "signer_name": ""},
            [
                "Hãy nhập số nguyên, ví dụ 1.500.000 (dấu chấm chỉ để phân cách hàng nghìn).",
                "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 05/04/2026.",
                "Trường này là bắt buộc.",
            ],
        ),
        (
            "issue",
            {"version": "3", "number": "99999", "issue_date": "2024-01-20", "signer_name": "A"},
            ["Số quá lớn: tối đa 9999."],
        ),
        # An empty return reason redisplays the page with the form: tests/test_issue_flow.py.
    ],
)
def test_bad_transition_posts_are_refused_with_a_message_never_500(submitted, world, client, name, body, messages):
    assert submitted.version == 3  # the version the bodies carry
    client.force_login(world.users.reviewer_van_quan)
    response = client.post(reverse("plan_transition", args=[submitted.pk, name]), body)
    assert response.status_code == 302
    assert flash(response) == messages
    after = fresh(submitted)
    assert (after.status, after.version, after.number) == (PlanStatus.SUBMITTED, submitted.version, None)


def test_reviewer_comments_on_a_submitted_plan(submitted, world, reviewer):
    url = reverse("plan_comment", args=[submitted.pk])
    response = reviewer.post(url, {"section": "goals", "text": "Bổ sung chỉ tiêu BHYT."})
    assert response.status_code == 302
    assert response.url == reverse("plan", args=[submitted.pk]) + "#goals"
    comment = ReviewComment.objects.get(plan=submitted, section="goals")
    assert (comment.text, comment.by) == ("Bổ sung chỉ tiêu BHYT.", world.users.reviewer_van_quan)


def test_no_comment_on_a_draft(plan, reviewer):
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[plan.pk]), {"section": "goals", "text": "Ý kiến."})
    assert response.status_code == 302
    assert "Chỉ góp ý khi kế hoạch đang chờ thẩm định." in flash(response)
    assert ReviewComment.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field"), [({"section": "khong-co", "text": "x"}, "section"), ({"section": "goals", "text": ""}, "text")]
)
def test_a_bad_comment_is_refused_beside_its_field(submitted, reviewer, body, field):
    # The plan page again with the form as posted (before: a redirect and a message, the text lost).
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[submitted.pk]), body)
    assert response.status_code == 200
    assert re.search(rf'<div class="invalid-feedback d-block" data-field="{field}">[^<]+</div>', page(response))
    assert ReviewComment.objects.count() == before


def test_only_the_reviewer_comments(submitted, reviewer_ha_trung, world, client):
    url = reverse("plan_comment", args=[submitted.pk])
    before = ReviewComment.objects.count()
    for user, status in [
        (world.users.official_diem_he, 403),
        (world.users.admin_lang_son, 403),
        (reviewer_ha_trung, 404),
        (world.users.reviewer_thanh_hoa, 404),
    ]:
        client.force_login(user)
        assert client.post(url, {"section": "goals", "text": "x"}).status_code == status
    assert ReviewComment.objects.count() == before


# ---------------------------------------------------------------- the plan page and its findings


def _finding_links(response) -> list[tuple[str, str]]:
    """(code, href) of each finding listed on the plan page."""
    content = response.content.decode()
    block = content[content.index('data-testid="findings"') :]
    block = block[: block.index("</div>\n</div>")]
    return re.findall(r'<li class="[^"]*" data-code="([^"]+)" data-severity="[^"]+">\s*<a href="([^"]+)"', block)


def _ids(response) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', response.content.decode()))


def _check_links(client, plan, expected_codes):
    response = client.get(reverse("plan", args=[plan.pk]))
    assert response.status_code == 200
    links = _finding_links(response)
    findings = plan_findings(fresh(plan))
    assert sorted(code for code, _href in links) == sorted(expected_codes)
    assert [href for _code, href in links] == ["#" + f.anchor.replace(":", "-") for f in findings]
    missing = [href for _code, href in links if href[1:] not in _ids(response)]
    assert missing == [], "findings link to nothing on the page"
    return links


def test_plan_page_links_every_finding_to_an_element_of_the_page(plan, targets, world, official):
    """A transcribed plan with one finding of (almost) every kind, each linked to its place."""
    by = world.users.official_diem_he
    na_sung, thong_nhat = targets
    plan = services.save_plan_fields(
        by=by,
        plan=plan,
        version=plan.version,
        data={
            "transcribed": True,
            "general_goal": "Phấn đấu giảm tỷ lệ hộ nghèo năm 2024 của xã là 03 hộ tương đương 9,99%",
            "situation_text": "Toàn xã có 5 hộ nghèo/84 hộ chiếm 7,77%.",
        },
    )
    plan = services.save_grid(
        by=by,
        plan=plan,
        version=plan.version,
        rows={
            na_sung.pk: {"exits_poor": 3, "exits_near_poor": 0, "printed_poor_rate": Decimal("40")},
            thong_nhat.pk: {
                "exits_poor": 0,
                "exits_near_poor": 0,
                "printed_near_poor_rate": Decimal("20"),
                "printed_poor_end": 9,
                "printed_near_poor_end": 1,
            },
        },
        totals={"households": 90},
    )
    Target.objects.create(plan=plan, order=1, text="Tỷ lệ hộ nghèo đầu năm 2024 là 9,99%.")
    ReportingItem.objects.create(plan=plan, order=5, what="Báo cáo năm", due_date=datetime.date(2025, 1, 10))
    Recipient.objects.filter(plan=plan).delete()

    links = _check_links(
        official,
        plan,
        [
            "rate_mismatch",
            "rate_mismatch",
            "total_not_sum",
            "target_exceeds_start",
            "end_not_start_minus_exits",
            "end_not_start_minus_exits",
            "text_percentage_mismatch",
            "text_percentage_mismatch",
            "text_percentage_mismatch",
            "deadline_outside_year",
            "missing_signer",
            "missing_recipients",
        ],
    )
    hrefs = {href for _code, href in links}
    assert {
        f"#village-table-{na_sung.village_id}-poor_rate",
        f"#village-table-{thong_nhat.village_id}-near_poor_rate",
        f"#village-table-{na_sung.village_id}-exits_poor",
        f"#village-table-{thong_nhat.village_id}-poor_end",
        "#village-table-total-households",
        "#text-general_goal",
        "#text-situation_text",
        "#text-targets-0",
        "#deadlines-4",
        "#signature",
        "#recipients",
    } <= hrefs
    # The flagged cells are marked in the table.
    content = official.get(reverse("plan", args=[plan.pk])).content.decode()
    assert f'class="num cell-flagged" id="village-table-{na_sung.village_id}-poor_rate"' in content


def test_plan_page_links_missing_counts_and_printed_totals(world, official):
    diem_he = world.communes.diem_he
    pac_lang = Village.objects.create(commune=diem_he, name="Pác Làng", order=3)
    by = world.users.official_diem_he
    plan = create_plan(by=by, commune=diem_he, year=YEAR)
    plan = services.save_plan_fields(
        by=by, plan=plan, version=plan.version, data={"transcribed": True, "signer_name": SIGNER}
    )
    rows = {t.pk: {"exits_poor": 0} for t in plan.village_targets.all()}
    plan = services.save_grid(by=by, plan=plan, version=plan.version, rows=rows, totals={"exits_poor": 99})
    links = _check_links(official, plan, ["missing_counts", "total_not_sum"])
    assert [href for _code, href in links] == [
        f"#village-table-{pac_lang.pk}-households",
        "#village-table-total-exits_poor",
    ]


def test_district_plan_page_links_its_findings(plans, world, client):
    client.force_login(world.users.reviewer_van_quan)
    ReportingItem.objects.create(plan=plans.van_quan, order=9, what="Báo cáo", due_date=datetime.date(2023, 12, 1))
    links = _check_links(client, plans.van_quan, ["deadline_outside_year", "missing_signer"])
    assert [href for _code, href in links] == ["#deadlines-4", "#signature"]


def test_plan_page_shows_no_actions_to_who_may_only_read(submitted, world, client):
    client.force_login(world.users.admin_lang_son)
    content = page(client.get(reverse("plan", args=[submitted.pk])))
    assert 'data-testid="do-' not in content and 'data-testid="comment-form"' not in content


def test_review_queue_lists_only_the_latest_revision(signed, world, reviewer):
    """Same bug as PlanQuerySet.latest_revisions in test_plans_services: both revisions are listed."""
    official, district = world.users.official_diem_he, world.users.reviewer_van_quan
    plan = workflow.perform(by=official, plan=signed, name="submit", version=signed.version)
    plan = workflow.perform(by=district, plan=plan, name="approve", version=plan.version)
    plan = workflow.perform(
        by=district, plan=plan, name="issue", version=plan.version, number=1, issue_date=datetime.date(2024, 1, 20)
    )
    revision = workflow.new_revision(by=official, plan=plan, version=plan.version)
    response = reviewer.get(reverse("review_queue"))
    assert response.status_code == 200
    assert [p for p, _at in response.context["rows"]] == [revision]


def test_plan_page_of_a_returned_plan_links_the_changes(submitted, targets, world, client):
    client.force_login(world.users.reviewer_van_quan)
    _transition(client, submitted, "return", reason="Tăng chỉ tiêu.")
    plan = fresh(submitted)
    services.save_grid(
        by=world.users.official_diem_he, plan=plan, version=plan.version, rows={targets[1].pk: {"exits_poor": 2}}
    )
    detail = page(client.get(reverse("plan", args=[plan.pk])))
    assert 'data-testid="changes-link"' in detail
    changes = page(client.get(reverse("plan_changes", args=[plan.pk])))
    assert "Thôn Thống Nhất – Dự kiến thoát nghèo" in changes


# ---------------------------------------------------------------- officers


def test_official_adds_officers_to_their_own_commune(world, official):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh", phone="0912")
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = form_fields(official.get(url), "officers-form")
    assert body["form-TOTAL_FORMS"] == "3" and body["form-INITIAL_FORMS"] == "0"
    body |= {"form-0-name": "Nông Thị Lan", "form-0-position": "Công chức VH-XH", "form-0-phone": "0912 000 101"}
    body |= {"form-1-name": "Hoàng Văn Tùng"}
    response = official.post(url, body)
    assert response.status_code == 302 and response.url == url
    assert sorted(Officer.objects.filter(commune=world.communes.diem_he).values_list("name", "position", "active")) == [
        ("Hoàng Văn Tùng", "", True),
        ("Nông Thị Lan", "Công chức VH-XH", True),
    ]
    other.refresh_from_db()
    assert (other.name, other.commune, other.phone) == ("Nguyễn Ngọc Khanh", world.communes.ha_trung, "0912")

    # Edit: the existing rows come first; mark one as no longer serving.
    body = form_fields(official.get(url), "officers-form")
    assert body["form-INITIAL_FORMS"] == "2"
    index = next(i for i in range(2) if body[f"form-{i}-name"] == "Hoàng Văn Tùng")
    body.pop(f"form-{index}-active")
    assert official.post(url, body).status_code == 302
    assert not Officer.objects.get(name="Hoàng Văn Tùng").active


def test_an_officer_of_another_commune_cannot_be_edited_by_posting_its_id(world, official):
    other = Officer.objects.create(commune=world.communes.ha_trung, name="Nguyễn Ngọc Khanh")
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(other.pk),
        "form-0-name": "Đổi tên",
        "form-0-active": "on",
    }
    response = official.post(url, body)
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.name, other.commune) == ("Nguyễn Ngọc Khanh", world.communes.ha_trung)
    assert Officer.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "status"), [("reviewer_van_quan", 403), ("admin_lang_son", 403), ("official_ha_trung", 404)]
)
def test_officers_of_a_commune_are_only_saved_by_its_officials(world, client, user, status):
    client.force_login(getattr(world.users, user))
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Nông Thị Lan", "form-0-active": "on"}
    assert client.post(url, body).status_code == status
    assert not Officer.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "x" * 121},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "A\x00B"},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "", "form-0-phone": "0912"},
        {"form-TOTAL_FORMS": "abc", "form-INITIAL_FORMS": "0"},
        {},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "abc", "form-0-name": "A"},
    ],
)
def test_officers_page_refuses_bad_rows_without_500(world, official, body):
    response = official.post(reverse("officers", args=[world.communes.diem_he.pk]), body)
    assert response.status_code == 200
    assert not Officer.objects.exists()


# ---------------------------------------------------------------- the plan's own fields


def test_plan_edit_saves_the_texts_and_refuses_a_nul_byte(plan, official):
    url = reverse("plan_edit", args=[plan.pk])
    response = official.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    body = {m[0]: html.unescape(m[1]) for m in re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', content)}
    body |= {"version": str(plan.version), "general_goal": "Giảm nghèo bền vững.", "signer_name": SIGNER}
    body.setdefault("issuing_body", plan.issuing_body)
    body.setdefault("place", plan.place)
    body.setdefault("summary", plan.summary)
    body.setdefault("symbol", plan.symbol)
    body.setdefault("signing_authority", plan.signing_authority)
    body.setdefault("signer_title", plan.signer_title)
    response = official.post(url, {**body, "general_goal": "A\x00B"})
    assert response.status_code == 200
    assert fresh(plan).general_goal == ""
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    assert (fresh(plan).general_goal, fresh(plan).signer_name) == ("Giảm nghèo bền vững.", SIGNER)


def test_a_deputy_signature_with_the_deputys_own_title_is_refused_not_printed_twice(plan, official):
    url = reverse("plan_edit", args=[plan.pk])
    content = official.get(url).content.decode()
    body = {m[0]: html.unescape(m[1]) for m in re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', content)}
    body |= {"version": str(plan.version), "signer_name": SIGNER, "signer_deputy": "on"}
    for name in ("issuing_body", "place", "summary", "symbol", "signing_authority"):
        body.setdefault(name, getattr(plan, name))
    response = official.post(url, {**body, "signer_title": "PHÓ CHỦ TỊCH"})
    assert response.status_code == 200
    assert "dòng “PHÓ CHỦ TỊCH” được in tự động." in page(response)
    assert (fresh(plan).signer_deputy, fresh(plan).version) == (False, plan.version)
    assert official.post(url, {**body, "signer_title": "CHỦ TỊCH"}).status_code == 302
    detail = page(official.get(reverse("plan", args=[plan.pk])))
    assert "KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH" in detail
    assert "PHÓ PHÓ" not in detail


def test_counts_typed_after_submission_do_not_change_the_plan_page(submitted, world, official):
    VillageCount.objects.filter(village=world.villages.thong_nhat, year=YEAR).update(total_households=999)
    content = page(official.get(reverse("plan", args=[submitted.pk])))
    assert "Số liệu đầu năm được cố định khi trình kế hoạch." in content
    cell = re.search(rf'id="village-table-{world.villages.thong_nhat.pk}-households">([^<]*)<', content)
    assert cell.group(1) == "82"


@pytest.mark.parametrize("view", ["plan_edit", "plan_grid"])
def test_a_post_without_its_version_is_refused_as_stale(plan, targets, official, view):
    url = reverse(view, args=[plan.pk])
    form = "plan-form" if view == "plan_edit" else "grid-form"
    body = form_fields(official.get(url), form)
    body.pop("version")
    response = official.post(url, body)
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in page(response)
    assert fresh(plan).version == plan.version


def test_no_comment_is_reopened_once_the_plan_is_issued(submitted, world, reviewer):
    reviewer.post(reverse("plan_comment", args=[submitted.pk]), {"section": "goals", "text": "Bổ sung BHYT."})
    comment = ReviewComment.objects.get(plan=submitted, text="Bổ sung BHYT.")
    plan = workflow.perform(
        by=world.users.reviewer_van_quan, plan=fresh(submitted), name="approve", version=fresh(submitted).version
    )
    plan = workflow.perform(
        by=world.users.reviewer_van_quan,
        plan=plan,
        name="issue",
        version=plan.version,
        number=1,
        issue_date=datetime.date(2024, 1, 20),
    )
    detail = page(reviewer.get(reverse("plan", args=[plan.pk])))
    assert reverse("comment_resolve", args=[comment.pk]) not in detail
    response = reviewer.post(reverse("comment_resolve", args=[comment.pk]))
    assert response.status_code == 302
    assert any("đã ban hành" in m for m in flash(response))
    comment.refresh_from_db()
    assert comment.resolved is False


def test_the_issue_form_offers_a_date_the_issue_accepts(submitted, world, reviewer):
    plan = workflow.perform(by=world.users.reviewer_van_quan, plan=submitted, name="approve", version=submitted.version)
    issue = form_fields(reviewer.get(reverse("plan", args=[plan.pk])), "issue-form")
    assert issue["issue_date"] == workflow.default_issue_date(plan).strftime("%d/%m/%Y")
    response = reviewer.post(reverse("plan_transition", args=[plan.pk, "issue"]), issue)
    confirm = form_fields(response, "issue-confirm-form") | {"step": "confirm"}
    response = reviewer.post(reverse("plan_transition", args=[plan.pk, "issue"]), confirm)
    assert response.status_code == 302
    assert fresh(plan).status == PlanStatus.ISSUED


def test_empty_text_sections_show_a_dash(plan, official):
    Plan.objects.filter(pk=plan.pk).update(purpose="", general_goal="", tasks_solutions="")
    detail = page(official.get(reverse("plan", args=[plan.pk])))
    for section in ("purpose", "goals", "tasks"):
        body = detail[detail.index(f'id="{section}"') :]
        body = body[: body.index("</section>")]
        assert "<p>—</p>" in body, section


# ---------------------------------------------------------------- specific targets as printed


def test_printed_figures_page_saves_and_the_plan_page_links_the_mismatch(transcribed, targets, world, official):
    na_sung, thong_nhat = targets
    services.save_grid(
        by=world.users.official_diem_he,
        plan=fresh(transcribed),
        version=fresh(transcribed).version,
        rows={na_sung.pk: {"exits_poor": 1}, thong_nhat.pk: {"exits_poor": 2}},
    )
    url = reverse("plan_figures", args=[transcribed.pk])
    body = form_fields(official.get(url), "figures-form")
    body |= {"figures-exits_poor": "4", "figures-printed_exits_poor_rate": "4,76"}  # 4 / 84 households
    response = official.post(url, body)
    assert response.status_code == 302, page(response)
    plan = fresh(transcribed)
    assert plan.printed_figures == {"exits_poor": 4, "printed_exits_poor_rate": "4.76"}
    assert form_fields(official.get(url), "figures-form")["figures-printed_exits_poor_rate"] == "4,76"

    # The rows sum to 3: the printed 4 is an error, linked to its cell in the printed figures table.
    links = _check_links(official, plan, ["commune_target_differs", "missing_signer"])
    assert links[0] == ("commune_target_differs", "#targets-exits_poor")
    content = official.get(reverse("plan", args=[plan.pk])).content.decode()
    assert 'class="num cell-flagged" id="targets-exits_poor"' in content
    assert content.count('id="targets-exits_poor"') == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"figures-exits_poor": "-1"}, "Không được nhập số âm."),
        ({"figures-printed_exits_poor_rate": "abc"}, "Hãy nhập tỷ lệ dạng 6,63 (dấu phẩy thập phân)."),
        ({}, PLAN_CONFLICT),  # the version left out
    ],
)
def test_printed_figures_page_refuses_bad_input_in_vietnamese(transcribed, official, body, message):
    url = reverse("plan_figures", args=[transcribed.pk])
    fields = form_fields(official.get(url), "figures-form") | body
    if not body:
        fields.pop("version")
    response = official.post(url, fields)
    assert response.status_code == 200
    assert message in page(response)
    assert (fresh(transcribed).printed_figures, fresh(transcribed).version) == ({}, transcribed.version)


def test_printed_figures_page_of_a_plan_not_typed_from_paper_sends_back(plan, official):
    response = official.get(reverse("plan_figures", args=[plan.pk]))
    assert response.status_code == 302
    assert "Chỉ kế hoạch nhập lại từ văn bản đã in" in flash(response)[0]


def test_district_plan_page_shows_the_districts_figures_from_its_communes(plans, world, client):
    tri_le = Village.objects.create(commune=world.communes.tri_le, name="Nà Pàn", order=1)
    VillageCount.objects.create(village=tri_le, year=YEAR, total_households=100, poor=6, near_poor=9)
    client.force_login(world.users.reviewer_van_quan)
    content = page(client.get(reverse("plan", args=[plans.van_quan.pk])))
    total = plan_table(plans.van_quan).total
    assert total.households == 84 + 100
    assert f"toàn huyện có {total.poor_start} hộ nghèo/{total.households} hộ" in content
    assert "Chỉ tiêu của huyện là tổng chỉ tiêu trong kế hoạch của các xã" in content


def test_a_signature_block_without_tm_prints_only_the_title(plan, world, official):
    services.save_plan_fields(
        by=world.users.official_diem_he,
        plan=plan,
        version=plan.version,
        data={"signing_authority": "", "signer_title": "CHỦ TỊCH", "signer_name": SIGNER},
    )
    content = page(official.get(reverse("plan", args=[plan.pk])))
    block = content[content.index('id="signature"') :]
    assert "TM." not in block[:600] and "CHỦ TỊCH" in block


# ---------------------------------------------------------------- found by trying the app as its users


def test_error_pages_speak_vietnamese(submitted, world, client):
    client.force_login(world.users.official_ha_trung)
    response = client.get(reverse("plan", args=[submitted.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page(response)
    client.force_login(world.users.official_diem_he)
    response = client.post(
        reverse("plan_transition", args=[submitted.pk, "approve"]), {"version": submitted.version, "reason": ""}
    )
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in page(response)


def test_a_too_long_comment_is_refused_with_its_reason_and_the_textarea_stops_there(submitted, reviewer):
    detail = page(reviewer.get(reverse("plan", args=[submitted.pk])))
    assert 'maxlength="4000"' in detail
    before = ReviewComment.objects.count()
    response = reviewer.post(reverse("plan_comment", args=[submitted.pk]), {"section": "goals", "text": "x" * 4001})
    assert ReviewComment.objects.count() == before
    # Redisplayed with the typed text and the error beside it (before: a redirect, the text lost).
    assert response.status_code == 200
    fields = form_fields(response, "comment-form")
    assert (fields["section"], fields["text"]) == ("goals", "x" * 4001)
    [message] = re.findall(r'data-field="text">([^<]+)<', page(response))
    assert "4000" in message.replace(".", "")


def test_a_stale_save_of_the_texts_shows_the_conflict_once(plan, world, official):
    url = reverse("plan_edit", args=[plan.pk])
    body = form_fields(official.get(url), "plan-form")
    services.save_plan_fields(by=world.users.official_diem_he, plan=plan, version=plan.version, data={"purpose": "."})
    response = official.post(url, body | {"purpose": "Của tôi."})
    assert response.status_code == 200
    assert page(response).count("vừa được người khác cập nhật") == 1


def test_a_plan_for_a_year_without_a_program_is_refused(world, official):
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    before = Plan.objects.count()
    response = official.post(url, {"year": "2040"})
    assert Plan.objects.count() == before
    # Refused by the form now (years offered: the commune's years and the next), before the program.
    assert "Chỉ lập được kế hoạch cho năm đã có số liệu của xã hoặc năm kế tiếp: 2024, 2025." in page(response)
    with pytest.raises(ValidationError, match="Chưa có danh mục Chương trình cho năm 2040"):
        create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=2040)


def test_unknown_near_poor_counts_make_no_near_poor_target(plans, world, official):
    """Hà Trung publishes no near-poor per tiểu khu: no "Giảm 0 hộ cận nghèo" is invented."""
    VillageCount.objects.filter(village__commune=world.communes.diem_he, year=YEAR).update(near_poor=None)
    content = page(official.get(reverse("plan", args=[plans.diem_he.pk])))
    targets = content[content.index('data-testid="commune-targets"') :]
    targets = targets[: targets.index("</ul>")]
    assert "hộ nghèo" in targets and "cận nghèo" not in targets


def test_targets_print_no_negative_year_end_while_exits_exceed_the_start(plans, world, official):
    """Exits above the start figure are an error at the row; the targets line does not print "-951 hộ"."""
    plan = plans.diem_he
    VillageTarget.objects.filter(plan=plan).update(exits_poor=0, exits_near_poor=0)
    VillageTarget.objects.filter(plan=plan, village=world.villages.na_sung).update(exits_poor=1000)
    content = page(official.get(reverse("plan", args=[plan.pk])))
    targets = content[content.index('data-testid="commune-targets"') :]
    targets = targets[: targets.index("</ul>")]
    assert "Giảm 1.000 hộ nghèo" in targets
    assert "-" not in re.sub(r"<[^>]*>", "", targets[targets.index(">") + 1 :])
    assert "target_exceeds_start" in {f.code for f in plan_findings(plan)}
