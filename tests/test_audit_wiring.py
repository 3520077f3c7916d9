"""Every write through the pages leaves its entry: who (named as they were), when, before and after.

Each test posts the real form read back from the page (tests/support/pages.py), then reads the history
page of the household or the plan as its people see it. Counts and officers have no page of their own:
their entries are read from the record and shown through the same view the history page uses.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from households.models import Village
from plans import services, workflow
from plans.creation import create_plan
from plans.models import Officer, Plan, PlanStatus, ReviewComment
from povertyplan.audit.history import view
from povertyplan.audit.models import Action, Entry
from tests.support.factories import CommuneFactory, OfficialFactory, VillageFactory
from tests.support.pages import form_fields, formset_prefix, grid_index, page
from tests.support.queries import row_writes
from tests.support.world import fresh

YEAR = 2024


@pytest.fixture
def named(world):
    """The world's official and reviewer with their names (the record copies them)."""
    official, reviewer = world.users.official_diem_he, world.users.reviewer_van_quan
    official.last_name, official.first_name = "Lục Văn", "Thắng"
    official.save()
    reviewer.last_name, reviewer.first_name = "Hoàng Thị", "Hiếu"
    reviewer.save()
    return official, reviewer


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def _entries_of(response) -> list[str]:
    """The history's entries as text, one string per entry, newest first."""
    html = page(response)
    assert response.status_code == 200
    chunks = re.findall(r'data-testid="history-entry"[^>]*>(.*?)</li>', html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in chunks]


def _plan_history(client, plan) -> list[str]:
    return _entries_of(client.get(reverse("plan_history", args=[plan.pk])))


def _transition(client, plan, name, **extra):
    body = {"version": str(fresh(plan).version), **extra}
    return client.post(reverse("plan_transition", args=[plan.pk, name]), body)


# ---------------------------------------------------------------- households and counts


def test_a_household_edit_shows_who_when_before_and_after_with_the_reason(world, named, client):
    official, _reviewer = named
    household = world.households.diem_he_poor
    client.force_login(official)
    url = reverse("household_edit", args=[household.pk]) + f"?year={YEAR}"
    body = form_fields(client.get(url), "household-form")
    body |= {"members": "6", "income_per_capita": "1.600.000", "override_status": "poor"}
    body["override_reason"] = "Hộ có người ốm nặng, họp thôn đề nghị giữ hộ nghèo."
    response = client.post(url, body)
    assert response.status_code == 302

    entries = _entries_of(client.get(reverse("household_history", args=[household.pk])))
    assessment, edit = entries[0], entries[1]
    assert edit.startswith("Sửa thông tin hộ Lục Văn Thắng · " + _today())
    assert "4 → 6" in edit
    assert "Sửa kết quả rà soát" in assessment and "Lục Văn Thắng" in assessment
    assert "1.200.000 → 1.600.000" in assessment
    assert "Lý do: Hộ có người ốm nặng, họp thôn đề nghị giữ hộ nghèo." in assessment


def test_a_count_edit_is_recorded_with_the_figures_before_and_after(world, named, client):
    official, _reviewer = named
    client.force_login(official)
    village = world.villages.thong_nhat
    url = reverse("counts_edit", args=[world.communes.diem_he.pk, YEAR])
    body = form_fields(client.get(url), "counts-form") | {f"v{village.pk}-total_households": "90"}
    assert client.post(url, body).status_code == 302

    [entry] = Entry.objects.filter(action=Action.COUNTS_SAVE)
    assert (entry.actor_name, entry.commune, entry.object_label) == (
        "Lục Văn Thắng",
        village.commune,
        "Số liệu Thôn Thống Nhất năm 2024",
    )
    assert (entry.before, entry.after) == ({"total_households": 82}, {"total_households": 90})
    shown = view(entry)
    assert [(c.label, c.before, c.after) for c in shown.changes] == [("tổng số hộ", "82", "90")]


def test_an_officer_added_then_renamed_is_recorded_each_time(world, named, client):
    official, _reviewer = named
    client.force_login(official)
    url = reverse("officers", args=[world.communes.diem_he.pk])
    body = form_fields(client.get(url), "officers-form")
    prefix = formset_prefix(body)
    body |= {f"{prefix}-0-name": "Lý Văn Lan", f"{prefix}-0-position": "Công chức LĐ-TB&XH", f"{prefix}-0-active": "on"}
    assert client.post(url, body).status_code == 302
    officer = Officer.objects.get(name="Lý Văn Lan")

    body = form_fields(client.get(url), "officers-form")
    row = next(k for k, v in body.items() if k.endswith("-name") and v == "Lý Văn Lan").removesuffix("-name")
    body[f"{row}-name"] = "Lý Thị Lan"
    assert client.post(url, body).status_code == 302

    created, renamed = Entry.objects.filter(object_type="plans.officer", object_id=officer.pk).order_by("id")
    assert (created.action, created.before, created.actor_name) == (Action.OFFICER_CREATE, {}, "Lục Văn Thắng")
    assert created.after["name"] == "Lý Văn Lan"
    assert (renamed.action, renamed.before, renamed.after) == (
        Action.OFFICER_UPDATE,
        {"name": "Lý Văn Lan"},
        {"name": "Lý Thị Lan"},
    )
    assert renamed.commune == world.communes.diem_he


# ---------------------------------------------------------------- the plan's content


def test_a_grid_row_and_a_plan_text_show_in_the_plans_history(world, plans, named, client):
    official, _reviewer = named
    plan = plans.diem_he
    client.force_login(official)
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(client.get(url), "grid-form")
    na_sung = plan.village_targets.get(village=world.villages.na_sung)
    body[f"rows-{grid_index(body, na_sung.pk)}-exits_poor"] = "1"
    assert client.post(url, body).status_code == 302

    url = reverse("plan_outline_node", args=[plan.pk, "situation"])
    body = form_fields(client.get(url), "outline-node-form") | {"text": "Toàn xã có 1.182 hộ."}
    assert client.post(url, body).status_code == 302

    text, grid = _plan_history(client, plan)[:2]
    assert text.startswith(
        "Sửa mục của kế hoạch · Mục của kế hoạch: THỰC TRẠNG, NGUYÊN NHÂN NGHÈO Lục Văn Thắng · " + _today()
    )
    assert "→ Toàn xã có 1.182 hộ." in text
    assert grid.startswith("Sửa bảng chỉ tiêu theo thôn · Thôn Nà Súng Lục Văn Thắng")
    assert "— → 1" in grid  # unknown before, never 0


def test_a_comment_added_and_resolved_shows_in_the_plans_history(world, plans, named, client):
    official, reviewer = named
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hoàng Văn Hải"}
    )
    plan = workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    client.force_login(reviewer)
    body = form_fields(client.get(reverse("plan", args=[plan.pk])), "comment-form")
    body |= {"section": "village-table", "text": "Thôn Nà Súng: xem lại số hộ thoát nghèo."}
    assert client.post(reverse("plan_comment", args=[plan.pk]), body).status_code == 302
    comment = ReviewComment.objects.get(text="Thôn Nà Súng: xem lại số hộ thoát nghèo.")
    client.force_login(official)
    assert client.post(reverse("comment_resolve", args=[comment.pk]), {"resolved": "1"}).status_code == 302

    resolved, added = _plan_history(client, plan)[:2]
    assert resolved.startswith("Đánh dấu ý kiến đã xử lý · Ý kiến về “")
    assert "Lục Văn Thắng" in resolved and "không → có" in resolved
    assert added.startswith("Ghi ý kiến thẩm định") and "Hoàng Thị Hiếu" in added
    assert "Thôn Nà Súng: xem lại số hộ thoát nghèo." in added


def test_every_transition_shows_in_the_history_with_who_and_the_reason(world, plans, named, client):
    official, reviewer = named
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hoàng Văn Hải"}
    )
    as_official, as_reviewer = client, type(client)()
    as_official.force_login(official)
    as_reviewer.force_login(reviewer)
    assert _transition(as_official, plan, "submit").status_code == 302
    assert _transition(as_official, plan, "recall").status_code == 302
    assert _transition(as_official, plan, "submit").status_code == 302
    assert _transition(as_reviewer, plan, "return", reason="Bổ sung chỉ tiêu thôn Nà Súng.").status_code == 302
    assert _transition(as_official, plan, "submit").status_code == 302
    assert _transition(as_reviewer, plan, "approve").status_code == 302
    issue = {"number": "7", "issue_date": "2024-01-20", "signer_name": "Hoàng Văn Hải"}
    confirm = form_fields(_transition(as_official, plan, "issue", **issue), "issue-confirm-form")
    assert (
        as_official.post(reverse("plan_transition", args=[plan.pk, "issue"]), confirm | {"step": "confirm"}).status_code
        == 302
    )
    assert fresh(plan).status == PlanStatus.ISSUED

    history = _plan_history(as_official, plan)
    assert history[0].startswith("Lưu bản gốc đã ban hành · Bản gốc số 07/KH-UBND ngày 20/01/2024")
    assert [h.split(" Lục")[0].split(" Hoàng")[0] for h in history[1:8]] == [
        "Ban hành",
        "Thông qua",
        "Trình duyệt",
        "Trả lại để sửa",
        "Trình duyệt",
        "Rút lại để sửa",
        "Trình duyệt",
    ]
    assert "Lục Văn Thắng" in history[0] and "Lục Văn Thắng" in history[1]  # the commune issues
    assert "Đã thông qua → Đã ban hành" in history[1]
    assert "số — → 7" in history[1] and "ngày ban hành — → 20/01/2024" in history[1]
    assert "Hoàng Thị Hiếu" in history[2]  # the reviewer approved
    assert "Lý do: Bổ sung chỉ tiêu thôn Nà Súng." in history[4]
    assert "Lục Văn Thắng" in history[7] and "Dự thảo → Đã trình" in history[7]
    assert history[-1].startswith("Lập kế hoạch")

    response = as_official.post(reverse("plan_new_revision", args=[plan.pk]), {"version": str(fresh(plan).version)})
    revision = Plan.objects.get(year=YEAR, commune=plan.commune, revision=2)
    assert response.status_code == 302 and response.url == reverse("plan", args=[revision.pk])
    # The revision's history is the year's: its own making first, then the issued revision's steps, named.
    made, *earlier = _plan_history(as_official, revision)
    assert made.startswith("Lập bản sửa đổi Lục Văn Thắng") and "Lý do: Sửa đổi kế hoạch đã ban hành số" in made
    assert earlier[0].startswith("Lưu bản gốc đã ban hành · ") and earlier[1].startswith("Ban hành · ")
    assert len(earlier) == len(history)

    delete = reverse("plan_delete", args=[revision.pk])
    assert as_official.post(delete, {"version": str(fresh(revision).version)}).status_code == 302
    [deleted] = Entry.objects.filter(action=Action.PLAN_DELETE)
    assert (deleted.object_id, deleted.after, deleted.actor_name) == (revision.pk, {}, "Lục Văn Thắng")
    assert deleted.before["status"] == PlanStatus.DRAFT


def test_creating_a_plan_from_the_page_is_recorded(world, named, client):
    official, _reviewer = named
    client.force_login(official)
    url = reverse("commune_plans", args=[world.communes.diem_he.pk])
    body = form_fields(client.get(url), "create-plan") | {"year": "2025"}
    assert client.post(url, body).status_code == 302
    plan = Plan.objects.get(commune=world.communes.diem_he, year=2025)
    [created] = _plan_history(client, plan)
    assert created.startswith("Lập kế hoạch Lục Văn Thắng · " + _today())


def test_a_user_deleted_afterwards_still_shows_by_name(world, named, client):
    official, reviewer = named
    household = world.households.diem_he_near
    client.force_login(official)
    url = reverse("household_edit", args=[household.pk]) + f"?year={YEAR}"
    body = form_fields(client.get(url), "household-form") | {"address": "Nà Súng, Điềm He"}
    assert client.post(url, body).status_code == 302
    official.delete()
    client.force_login(reviewer)
    latest = _entries_of(client.get(reverse("household_history", args=[household.pk])))[0]
    assert latest.startswith("Sửa thông tin hộ Lục Văn Thắng")
    assert "→ Nà Súng, Điềm He" in latest
    assert Entry.objects.filter(actor_name="Lục Văn Thắng", actor__isnull=True).count() == 1


# ---------------------------------------------------------------- bulk writes and query counts


@pytest.fixture
def three_villages(world):
    """Tri Lễ with three villages, its official and its 2024 plan."""
    commune = world.communes.tri_le
    VillageFactory(commune=commune, name="Nà Pàn", order=2)
    VillageFactory(commune=commune, name="Khòn Pát", order=3)
    official = OfficialFactory(commune=commune, username="xa.trile", last_name="Vi Văn", first_name="Sơn")
    return official, create_plan(by=official, commune=commune, year=YEAR)


def _grid_save(official, plan, values) -> CaptureQueriesContext:
    targets = list(plan.village_targets.order_by("order"))
    rows = {t.pk: {"exits_poor": v} for t, v in zip(targets, values, strict=True)}
    with CaptureQueriesContext(connection) as queries:
        services.save_grid(by=official, plan=plan, version=fresh(plan).version, rows=rows)
    return queries


def _inserts(queries) -> list[str]:
    return row_writes(queries, "audit_entry")


def test_the_grid_save_of_three_rows_writes_three_entries_in_one_insert(three_villages, client):
    official, plan = three_villages
    client.force_login(official)
    url = reverse("plan_grid", args=[plan.pk])
    body = form_fields(client.get(url), "grid-form")
    assert body["rows-TOTAL_FORMS"] == "3"
    for i in range(3):
        body[f"rows-{i}-exits_poor"] = str(i)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, body).status_code == 302
    rows = Entry.objects.filter(action=Action.PLAN_GRID, parent_id=plan.pk)
    assert sorted(rows.values_list("object_label", flat=True)) == ["Bản Bản Chu", "Thôn Khòn Pát", "Thôn Nà Pàn"]
    assert len(_inserts(queries)) == 1


def test_recording_the_grid_costs_the_same_queries_for_one_row_changed_or_three(three_villages):
    official, plan = three_villages
    one = _grid_save(official, plan, [1, None, None])
    three = _grid_save(official, plan, [2, 1, 1])
    assert len(one.captured_queries) == len(three.captured_queries)
    assert len(_inserts(one)) == len(_inserts(three)) == 1


def _plan_with_villages(world, n: int):
    commune = CommuneFactory(district=world.districts.van_quan)
    for i in range(n):
        VillageFactory(commune=commune, name=f"Thôn {i + 1}", order=i + 1)
    official = OfficialFactory(commune=commune)
    return official, create_plan(by=official, commune=commune, year=YEAR)


def test_a_grid_save_costs_the_same_queries_with_2_or_20_villages_all_changed(world):
    small, large = _plan_with_villages(world, 2), _plan_with_villages(world, 20)
    two = _grid_save(*small, [1] * 2)
    twenty = _grid_save(*large, [1] * 20)
    assert len(two.captured_queries) == len(twenty.captured_queries)
    assert Entry.objects.filter(action=Action.PLAN_GRID, parent_id=large[1].pk).count() == 20


def test_a_counts_save_of_every_village_records_them_in_one_insert(world, named):
    official, _reviewer = named
    from households.services import save_village_counts

    na_sung, thong_nhat = world.villages.na_sung, world.villages.thong_nhat
    Village.objects.filter(pk=na_sung.pk)  # registry village: its counts come from the households
    extra = [VillageFactory(commune=world.communes.diem_he, name=f"Thôn mới {i}", order=10 + i) for i in range(3)]
    rows = {v.pk: {"total_households": 50, "poor": 2, "near_poor": 3, "source": "", "version": 0} for v in extra}
    rows[thong_nhat.pk] = {"total_households": 83, "poor": 4, "near_poor": 12, "source": "", "version": 1}
    with CaptureQueriesContext(connection) as queries:
        assert save_village_counts(by=official, commune=world.communes.diem_he, year=YEAR, rows=rows) == 4
    assert Entry.objects.filter(action=Action.COUNTS_SAVE).count() == 4
    assert len(_inserts(queries)) == 1


def test_the_household_and_plan_pages_embed_the_recent_history_at_a_fixed_cost(world, plans, named, client):
    official, _reviewer = named
    plan = plans.diem_he
    client.force_login(official)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("plan", args=[plan.pk])).status_code == 200
        return len(queries.captured_queries)

    few = page_queries()
    for i in range(12):
        plan = services.save_plan_fields(by=official, plan=plan, version=plan.version, data={"closing": f"Lần {i}."})
    many = page_queries()
    assert few == many
    response = client.get(reverse("plan", args=[plan.pk]))
    assert page(response).count('data-testid="history-entry"') == 10
    assert f'href="{reverse("plan_history", args=[plan.pk])}" data-testid="history-more"' in page(response)

    household = client.get(reverse("household", args=[world.households.diem_he_poor.pk]))
    assert 'data-testid="recent-history"' in page(household)
    assert page(household).count('data-testid="history-entry"') == 2  # created with its assessment
    assert 'data-testid="history-more"' not in page(household)


def test_the_admins_save_is_recorded_with_the_administrator(world, client):
    admin = world.users.admin_lang_son
    client.force_login(admin)
    village = world.villages.na_sung
    url = f"/admin/households/village/{village.pk}/change/"
    response = client.get(url)
    body = {
        "commune": str(village.commune_id),
        "name": "Nà Súng mới",
        "kind": village.kind,
        "order": "1",
        "code": "",
        "valid_from": "",
        "valid_until": "",
    }
    response = client.post(url, body)
    assert response.status_code == 302, page(response)[:2000]
    [entry] = Entry.objects.filter(action=Action.UNIT_UPDATE)
    assert (entry.actor_username, entry.before, entry.after) == (
        "tinh.langson",
        {"name": "Nà Súng"},
        {"name": "Nà Súng mới"},
    )
    assert entry.commune == world.communes.diem_he
    assert datetime.date.today() - timezone.localdate(entry.at) <= datetime.timedelta(days=1)


def test_the_freeze_at_submission_records_each_row_it_wrote(world, plans, named):
    official, _reviewer = named
    plan = services.save_plan_fields(
        by=official, plan=plans.diem_he, version=plans.diem_he.version, data={"signer_name": "Hoàng Văn Hải"}
    )
    workflow.perform(by=official, plan=plan, name="submit", version=plan.version)
    frozen = Entry.objects.filter(action=Action.PLAN_FREEZE, parent_id=plan.pk).order_by("object_label")
    assert [(e.object_label, e.after["village_name"]) for e in frozen] == [
        ("Thôn Nà Súng", "Nà Súng"),
        ("Thôn Thống Nhất", "Thống Nhất"),
    ]
    assert (frozen[0].before["households_start"], frozen[0].after["households_start"]) == (None, 2)


# Every bulk write or QuerySet.update() in the apps, by file and count, with why it needs no entry of its own
# or where its entry is written. A new one fails here until it records (or says why not).
BULK_WRITES = {
    "households/demo.py": 4,  # generated demonstration data: nobody's change
    "households/imports/apply.py": 4,  # an import: record_many in households.imports.apply._record
    "households/imports/jobs.py": 4,  # an import job's progress and failure: the job is no audited record
    "households/national_units.py": 4,  # the national list: record_many in national_units.apply_import; the versions bumped
    "households/review.py": 4,  # carry forward (3 insert_many) and confirm as is (bulk_update): record_many in households/review.py
    "plans/creation.py": 5,  # a new plan's parts and rows: recorded as the plan's creation or revision
    "plans/findings.py": 1,  # the stored finding counts, derived from the recorded content
    "plans/grid.py": 2,
    "plans/outline.py": 2,  # the outline's moves and renumbering: record_many in plans/outline.py  # the freeze at submission: recorded by plans/workflow.py (_freeze_and_record)
    "plans/services.py": 1,  # the grid: record_many in save_grid
    "plans/results.py": 5,  # a report's rows and indicators: record_many in plans/results.py (start: the report's entry)
    "povertyplan/audit/record.py": 1,  # the entries themselves
}


def test_no_bulk_write_escapes_the_record():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    # povertyplan.inserts.insert_many is bulk_create without its per-value compilation: counted alike.
    pattern = re.compile(
        r"objects(?:\.filter\([^\n]*\))?\.(?:update|bulk_update|bulk_create)\(|(?<!def )\binsert_many\("
    )
    found = {}
    for app in ("households", "plans", "povertyplan", "reports"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            n = len(pattern.findall(path.read_text(encoding="utf-8")))
            if n:
                found[str(path.relative_to(root))] = n
    assert found == BULK_WRITES
