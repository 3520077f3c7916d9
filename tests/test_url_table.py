"""Every routed URL with the status each role gets (pretix's table, Kiwi's completeness check).

A new view cannot ship unchecked: `test_every_routed_url_name_is_in_the_table` fails until its name
and the expected answer for every role are added to URLS below.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plans.models import Plan

YEAR = 2024

# Routed names that are not our pages: Django's own, or reachable without logging in by design.
SKIPPED = {"set_language", "login", "logout"}
SKIPPED_NAMESPACES = {"admin"}

# The roles, all looking at Điềm He's objects (commune, village Nà Súng, household Hoàng Văn Bình).
ROLES = [
    "official",  # official of the object's commune (Điềm He)
    "other_official",  # official of another commune (Hà Trung)
    "reviewer",  # reviewer of the object's district (Văn Quan)
    "other_reviewer",  # reviewer of another area (province Thanh Hóa)
    "province_admin",  # administrator of the object's province (Lạng Sơn)
    "no_role",
    "anonymous",
]
ROLE_USERS = {
    "official": "official_diem_he",
    "other_official": "official_ha_trung",
    "reviewer": "reviewer_van_quan",
    "other_reviewer": "reviewer_thanh_hoa",
    "province_admin": "admin_lang_son",
    "no_role": "no_role",
}

# url name -> kwargs built from the world, and the GET status per role (in ROLES order).
URLS = {
    #                     official other_off reviewer other_rev prov_admin no_role anonymous
    "home": ("none", (200, 200, 200, 200, 200, 200, 302)),
    "commune": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    "counts_edit": ("commune_year", (200, 404, 403, 404, 403, 404, 302)),
    "village": ("village", (200, 404, 200, 404, 200, 404, 302)),
    "household_create": ("village", (200, 404, 403, 404, 403, 404, 302)),
    "household": ("household", (200, 404, 200, 404, 200, 404, 302)),
    "household_edit": ("household", (200, 404, 403, 404, 403, 404, 302)),
    "household_history": ("household", (200, 404, 200, 404, 200, 404, 302)),
    "commune_plans": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    "officers": ("commune", (200, 404, 403, 404, 403, 404, 302)),
    "review_queue": ("none", (403, 403, 200, 200, 403, 403, 302)),
    "district_rollup": ("district_year", (404, 404, 200, 404, 200, 404, 302)),
    # The province's table: for who may see every commune of the province (in this world all of Lạng
    # Sơn's communes are in Văn Quan, so its reviewer sees them all too).
    "province_rollup": ("province_year", (404, 404, 200, 404, 200, 404, 302)),
    "plan": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_edit": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_grid": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_figures": ("transcribed_plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_part": ("plan_part", (200, 404, 403, 404, 403, 404, 302)),
    "plan_outline": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_outline_add": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_outline_node": ("plan_node", (200, 404, 403, 404, 403, 404, 302)),
    "plan_outline_delete": ("plan_node", (200, 404, 403, 404, 403, 404, 302)),
    "plan_changes": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_history": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_delete": ("plan", (200, 404, 403, 404, 403, 404, 302)),
    "plan_pdf": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "plan_village_table_pdf": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "rollup_pdf": ("district_year", (404, 404, 200, 404, 200, 404, 302)),
    "province_rollup_pdf": ("province_year", (404, 404, 200, 404, 200, 404, 302)),
    # Actions answer POST only (GET: 405, before any lookup, so nothing leaks).
    "plan_transition": ("plan_transition", (405, 405, 405, 405, 405, 405, 302)),
    "plan_new_revision": ("plan", (405, 405, 405, 405, 405, 405, 302)),
    "plan_comment": ("plan", (405, 405, 405, 405, 405, 405, 302)),
    "comment_resolve": ("comment", (405, 405, 405, 405, 405, 405, 302)),
    # Excel downloads (reports/urls_xlsx.py)
    "plan_village_table_xlsx": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "district_rollup_xlsx": ("district_year", (404, 404, 200, 404, 200, 404, 302)),
    "province_rollup_xlsx": ("province_year", (404, 404, 200, 404, 200, 404, 302)),
    "village_households_xlsx": ("village", (200, 404, 200, 404, 200, 404, 302)),
    "commune_households_xlsx": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    # Issued copies (reports/urls_issue.py): the record, its original and signed copies, the registers.
    "issued_record": ("issued", (200, 404, 200, 404, 200, 404, 302)),
    "issued_original": ("issued", (200, 404, 200, 404, 200, 404, 302)),
    "signed_upload": ("issued", (405, 405, 405, 405, 405, 405, 302)),
    "signed_download": ("signed", (200, 404, 200, 404, 200, 404, 302)),
    "issued_register": ("none", (200, 200, 200, 200, 200, 200, 302)),
    "commune_register": ("commune", (200, 404, 200, 404, 200, 404, 302)),
    # The public verification pages: no login, the same answer for everyone.
    "verify": ("none", (200, 200, 200, 200, 200, 200, 200)),
    "verify_code": ("code", (200, 200, 200, 200, 200, 200, 200)),
    "import_upload": ("commune_import", (200, 404, 403, 404, 403, 404, 302)),
    "import_template": ("commune_import", (200, 404, 403, 404, 403, 404, 302)),
    "import_job": ("import_job", (200, 404, 403, 404, 403, 404, 302)),
    "import_progress": ("import_job", (200, 404, 403, 404, 403, 404, 302)),
    "import_save": ("import_job", (405, 405, 405, 405, 405, 405, 302)),
    "import_cancel": ("import_job", (405, 405, 405, 405, 405, 405, 302)),
    "plan_outline_move": ("plan_node_move", (405, 405, 405, 405, 405, 405, 302)),
    # The review year (households/urls_review.py): Điềm He's 2025 review, opened.
    "review": ("commune_year", (200, 404, 200, 404, 200, 404, 302)),
    "review_open": ("commune_year", (405, 405, 405, 405, 405, 405, 302)),
    "review_close": ("review", (200, 404, 403, 404, 403, 404, 302)),
    "review_decision_pdf": ("review", (200, 404, 200, 404, 200, 404, 302)),
    "review_confirm": ("review_village", (405, 405, 405, 405, 405, 405, 302)),
    "review_add": ("review_add", (200, 404, 403, 404, 403, 404, 302)),
    "review_event": ("review_household", (200, 404, 403, 404, 403, 404, 302)),
    # The units pages (households/urls_units.py): a province administrator's, 403 to whoever only views.
    "province_units": ("province", (403, 404, 403, 404, 200, 404, 302)),
    "commune_villages": ("commune", (403, 404, 403, 404, 200, 404, 302)),
    "commune_merge": ("commune", (403, 404, 403, 404, 200, 404, 302)),
    # The review-result pack (reports/urls_forms.py): a commune's, and an area's (rows: its communes).
    "review_forms": ("commune_year", (200, 404, 200, 404, 200, 404, 302)),
    "review_forms_xlsx": ("commune_year", (200, 404, 200, 404, 200, 404, 302)),
    "review_form_xlsx": ("commune_year_form", (200, 404, 200, 404, 200, 404, 302)),
    "review_form_pdf": ("commune_year_form", (200, 404, 200, 404, 200, 404, 302)),
    "area_review_forms": ("area_year", (404, 404, 200, 404, 200, 404, 302)),
    "area_review_forms_xlsx": ("area_year", (404, 404, 200, 404, 200, 404, 302)),
    "area_review_form_xlsx": ("area_year_form", (404, 404, 200, 404, 200, 404, 302)),
    "area_review_form_pdf": ("area_year_form", (404, 404, 200, 404, 200, 404, 302)),
    # Results against targets (plans/urls_results.py)
    "plan_results": ("plan", (200, 404, 200, 404, 200, 404, 302)),
    "result_report": ("result_report", (200, 404, 200, 404, 200, 404, 302)),
    "result_report_pdf": ("result_report", (200, 404, 200, 404, 200, 404, 302)),
    "result_report_xlsx": ("result_report", (200, 404, 200, 404, 200, 404, 302)),
    "area_results": ("area_district", (404, 404, 200, 404, 200, 404, 302)),
}


def _issued_copy(plan):
    """Điềm He's plan marked issued, with a stored original and one signed copy (no render needed here)."""
    import datetime

    from reports.models import IssuedCopy, SignedCopy

    Plan.objects.filter(pk=plan.pk).update(status="issued", number=5, issue_date=datetime.date(2024, 1, 20))
    issued = IssuedCopy.objects.create(
        plan=plan, pdf=b"%PDF-1.7 x", sha256="0" * 64, size=10, code="ABCDEFGHJK", number=5, symbol="KH-UBND",
        issue_date=datetime.date(2024, 1, 20), issuing_body="UBND", summary="x", signer_name="x",
    )  # fmt: skip
    signed = SignedCopy.objects.create(
        issued=issued, content=b"%PDF-1.7 y", sha256="1" * 64, size=10, content_type=SignedCopy.PDF
    )
    return issued, signed


def _kwargs(world, plans, kind: str) -> dict:
    if kind == "transcribed_plan":  # the printed figures page exists for plans typed from paper
        Plan.objects.filter(pk=plans.diem_he.pk).update(transcribed=True)
        kind = "plan"
    if kind in ("issued", "signed", "code"):
        issued, signed = _issued_copy(plans.diem_he)
        return {"issued": {"pk": issued.pk}, "signed": {"pk": signed.pk}, "code": {"code": issued.grouped_code}}[kind]
    if kind.startswith("review"):
        from households.review import open_review

        diem_he = world.communes.diem_he
        open_review(world.users.official_diem_he, diem_he, YEAR + 1)
        return {
            "review": {"pk": diem_he.pk, "year": YEAR + 1},
            "review_village": {"pk": world.villages.na_sung.pk, "year": YEAR + 1},
            "review_add": {"pk": world.villages.na_sung.pk, "year": YEAR + 1, "kind": "chuyen-den"},
            "review_household": {"pk": world.households.diem_he_poor.pk, "year": YEAR + 1},
        }[kind]
    if kind == "result_report":
        from plans.result_models import ResultReport

        report = ResultReport.objects.create(
            plan=plans.diem_he, period="annual", created_by=world.users.official_diem_he
        )
        return {"pk": report.pk}
    if kind == "import_job":
        from households.imports.models import ImportJob

        job = ImportJob.objects.create(
            commune=world.communes.diem_he, year=YEAR, kind="counts", file_name="a.xlsx", data=b""
        )
        return {"pk": job.pk}
    return {
        "commune_import": {"pk": world.communes.diem_he.pk, "kind": "so-lieu"},
        "none": {},
        "district_year": {"pk": world.districts.van_quan.pk, "year": YEAR},
        "province_year": {"pk": world.provinces.lang_son.pk, "year": YEAR},
        "area_district": {"level": "huyen", "pk": world.districts.van_quan.pk, "year": YEAR},
        "plan": {"pk": plans.diem_he.pk},
        "plan_part": {"pk": plans.diem_he.pk, "part": "can-cu"},
        "plan_node": {"pk": plans.diem_he.pk, "key": "goals"},
        "plan_node_move": {"pk": plans.diem_he.pk, "key": "goals", "direction": "up"},
        "plan_transition": {"pk": plans.diem_he.pk, "name": "submit"},
        "comment": {"pk": plans.comment.pk},
        "commune": {"pk": world.communes.diem_he.pk},
        "province": {"pk": world.provinces.lang_son.pk},
        "commune_year": {"pk": world.communes.diem_he.pk, "year": YEAR},
        "commune_year_form": {"pk": world.communes.diem_he.pk, "year": YEAR, "form": 1},
        "area_year": {"level": "huyen", "pk": world.districts.van_quan.pk, "year": YEAR},
        "area_year_form": {"level": "huyen", "pk": world.districts.van_quan.pk, "year": YEAR, "form": 1},
        "village": {"pk": world.villages.na_sung.pk},
        "household": {"pk": world.households.diem_he_poor.pk},
    }[kind]


def routed_names(patterns=None, namespace: str = "") -> set[str]:
    """Names of every routed URL below `patterns`, namespaced as reverse() wants them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= routed_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                names.add(f"<unnamed {entry.pattern}>")
            elif entry.name not in SKIPPED:
                names.add(f"{namespace}{entry.name}")
    return names


def test_every_routed_url_name_is_in_the_table():
    routed = routed_names()
    assert routed - URLS.keys() == set(), "add these URLs, with the status for every role, to URLS"
    assert URLS.keys() - routed == set(), "these names in URLS are no longer routed"


def test_the_walk_finds_our_pages_and_leaves_admin_to_its_own_table():
    routed = routed_names()
    assert {"home", "commune", "household_edit"} <= routed
    assert not any(name.startswith("admin:") for name in routed)
    assert not routed & SKIPPED
    assert {"index", "households_village_history", "plans_programversion_history"} <= admin_routed_names()
    assert not any(name.endswith("_simple_history") for name in admin_routed_names())  # simple-history is gone


@pytest.mark.parametrize("name", list(URLS))
@pytest.mark.parametrize("role", ROLES)
def test_get_answers_the_expected_status(world, plans, client, name, role):
    kind, statuses = URLS[name]
    expected = statuses[ROLES.index(role)]
    if role != "anonymous":
        client.force_login(getattr(world.users, ROLE_USERS[role]))
    url = reverse(name, kwargs=_kwargs(world, plans, kind))
    response = client.get(url)
    assert response.status_code == expected, f"{role} GET {url}"
    if role == "anonymous" and expected == 302:
        assert urlsplit(response["Location"]).path == reverse("login")
    elif expected == 302:  # officials land on their own commune
        user = getattr(world.users, ROLE_USERS[role])
        assert response["Location"] == reverse("commune", args=[user.commune_id])


def test_table_lists_a_status_for_every_role():
    assert all(len(statuses) == len(ROLES) for _, statuses in URLS.values())
    assert set(ROLE_USERS) | {"anonymous"} == set(ROLES)


# ------------------------------------------------------------------ the admin namespace
#
# Every named admin URL (changelist, add, change, delete, history, the site's own
# pages), for every role above and a superuser. Scoped models are asked for an object in the province
# administrator's area ("in": Điềm He, Nà Súng) and one outside it ("out": Hà Trung, its tiểu khu 1):
# outside is 404, never a page. Only staff get past the admin's login: the others are sent to it.

ADMIN_ROLES = [*ROLES, "superuser"]
REDIRECTED = 302  # not staff: sent to the admin's login (or, from logout, to its index)


def staff(province_admin: int, superuser: int) -> tuple[int, ...]:
    """The statuses of a URL only staff reach: every other role is redirected to the admin's login."""
    return (REDIRECTED, REDIRECTED, REDIRECTED, REDIRECTED, province_admin, REDIRECTED, REDIRECTED, superuser)


def _model_urls(model: str, cases: tuple[str, ...], pa: dict[str, int]) -> dict:
    """Rows for one model's admin URLs; `pa` gives the province admin's status per URL (and per case)."""
    rows = {
        (f"{model}_changelist", "-"): staff(pa["changelist"], 200),
        (f"{model}_add", "-"): staff(pa["add"], 200),
    }
    suffixes = ["change", "delete", "history"]
    for suffix in suffixes:
        for case in cases:
            rows[(f"{model}_{suffix}", case)] = staff(pa.get(f"{suffix}:{case}", pa.get(suffix)), 200)
    return rows


SCOPED = {"changelist": 200, "add": 403, "delete:in": 403}
SCOPED |= {f"{suffix}:in": 200 for suffix in ("change", "history")}
SCOPED |= {f"{suffix}:out": 404 for suffix in ("change", "delete", "history")}
AUDIT = {"changelist": 200, "add": 403, "change:in": 200, "history:in": 200, "delete:in": 403}
AUDIT |= {f"{suffix}:out": 404 for suffix in ("change", "delete", "history")}
NATIONAL = dict.fromkeys(["changelist", "add", "change", "delete", "history"], 403)

ADMIN_URLS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                official other_off reviewer other_rev prov_admin no_role anonymous superuser
    ("index", "-"): staff(200, 200),
    ("login", "-"): (200, 200, 200, 200, 302, 200, 200, 302),  # staff already in: sent to the index
    ("logout", "-"): staff(405, 405),  # POST only
    ("password_change", "-"): staff(200, 200),
    ("password_change_done", "-"): staff(200, 200),
    ("autocomplete", "-"): staff(403, 403),  # without its parameters
    ("jsi18n", "-"): staff(200, 200),
    ("view_on_site", "out"): staff(404, 404),  # no model has a page of its own
    ("app_list", "households"): staff(200, 200),
    ("app_list", "plans"): staff(404, 200),
    ("app_list", "povertyplan"): staff(404, 200),
    ("app_list", "auth"): staff(404, 200),
    ("app_list", "audit"): staff(200, 200),
    ("auth_user_password_change", "-"): staff(403, 200),
    **_model_urls("households_commune", ("in", "out"), SCOPED),
    **_model_urls("households_village", ("in", "out"), SCOPED),
    **_model_urls("households_povertystandard", ("-",), NATIONAL),
    **_model_urls("households_province", ("-",), NATIONAL),
    **_model_urls("households_district", ("-",), NATIONAL),
    **_model_urls("households_ethnicity", ("-",), NATIONAL),
    **_model_urls("households_povertycause", ("-",), NATIONAL),
    **_model_urls("plans_programversion", ("-",), NATIONAL),
    **_model_urls("povertyplan_user", ("-",), NATIONAL),
    # The record: read-only for everyone, superusers included; a province administrator reads their own.
    **{
        k: v[:-1] + (403,) if k[0].endswith(("_add", "_delete")) else v
        for k, v in _model_urls("audit_entry", ("in", "out"), AUDIT).items()
    },
    **_model_urls("auth_group", ("-",), NATIONAL),
    # Issued originals and signed copies: read-only, superusers only (reports/admin.py).
    ("app_list", "reports"): staff(404, 200),
    **{
        k: v[:-1] + (403,) if k[0].endswith(("_add", "_delete")) else v
        for model in ("reports_issuedcopy", "reports_signedcopy")
        for k, v in _model_urls(model, ("-",), NATIONAL).items()
    },
    # django-axes' records of logins: superusers read (and delete, to unlock) them; nobody adds one.
    **{
        k: v[:-1] + (403,) if k[0].endswith("_add") else v
        for k, v in _model_urls("axes_accessattempt", ("-",), NATIONAL).items()
    },
    **{
        k: v[:-1] + (403,) if k[0].endswith("_add") else v
        for k, v in _model_urls("axes_accesslog", ("-",), NATIONAL).items()
    },
    **{
        k: v[:-1] + (403,) if k[0].endswith("_add") else v
        for k, v in _model_urls("axes_accessfailurelog", ("-",), NATIONAL).items()
    },
}


def admin_routed_names() -> set[str]:
    """Names of every named admin URL (the admin's unnamed redirects and catch-all are left out)."""
    from django.contrib import admin

    names = set()

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
            elif entry.name is not None:
                names.add(entry.name)

    walk(admin.site.urls[0])
    return names


def _audit_entries(world):
    """An entry of the province administrator's area (Điềm He) and one outside it (Hà Trung)."""
    from django.db import transaction

    from povertyplan.audit.record import record, state

    entries = {}
    with transaction.atomic():
        for case, household in (("in", world.households.diem_he_poor), ("out", world.households.ha_trung_poor)):
            before = state(household)
            household.members += 1
            entries[case] = record(None, "household.update", household, before=before, after=state(household))
    return entries


def _issued_objects(world):
    from plans.creation import create_plan

    plan = create_plan(by=world.users.official_diem_he, commune=world.communes.diem_he, year=YEAR)
    issued, signed = _issued_copy(plan)
    return {"reports_issuedcopy": {"-": issued}, "reports_signedcopy": {"-": signed}}


def _admin_objects(world):
    """Per model, the object its admin URLs are asked about, by case."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from households.models import Ethnicity, PovertyCause, PovertyStandard
    from plans.models import ProgramVersion

    version = ProgramVersion.objects.first() or ProgramVersion.objects.create(name="Chương trình thử", first_year=2026)
    standard = PovertyStandard.objects.for_year(YEAR)
    return {
        "households_commune": {"in": world.communes.diem_he, "out": world.communes.ha_trung},
        "households_village": {"in": world.villages.na_sung, "out": world.villages.tk1},
        "households_povertystandard": {"-": standard},
        "households_province": {"-": world.provinces.thanh_hoa},
        "households_district": {"-": world.districts.ha_trung},
        "households_ethnicity": {"-": Ethnicity.objects.get(name="Tày")},
        "households_povertycause": {"-": PovertyCause.objects.first()},
        "plans_programversion": {"-": version},
        "audit_entry": _audit_entries(world),
        **_issued_objects(world),
        "povertyplan_user": {"-": world.users.official_ha_trung},
        "auth_group": {"-": Group.objects.create(name="Nhóm thử")},
        "axes_accessattempt": {
            "-": AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
        },
        "axes_accesslog": {"-": AccessLog.objects.create(username="x", ip_address="127.0.0.1")},
        "axes_accessfailurelog": {"-": AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")},
    }


MODEL_URL_SUFFIXES = ("changelist", "history", "change", "delete", "add")


def _model_and_suffix(name: str) -> tuple[str | None, str | None]:
    for suffix in MODEL_URL_SUFFIXES:
        if name.endswith("_" + suffix):
            return name[: -len(suffix) - 1], suffix
    return None, None


def _admin_url(objects, name: str, case: str) -> str:
    from django.contrib.contenttypes.models import ContentType

    if name == "app_list":
        return reverse("admin:app_list", kwargs={"app_label": case})
    if name == "view_on_site":
        commune = objects["households_commune"]["out"]
        return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(commune).pk, commune.pk])
    if name == "auth_user_password_change":
        return reverse(f"admin:{name}", args=[objects["povertyplan_user"]["-"].pk])
    model, suffix = _model_and_suffix(name)
    if model not in objects:  # the site's own pages
        return reverse(f"admin:{name}")
    obj = objects[model].get(case)
    if suffix in ("changelist", "add"):
        return reverse(f"admin:{name}")
    return reverse(f"admin:{name}", args=[obj.pk])


def test_every_admin_url_name_is_in_the_admin_table():
    routed = admin_routed_names()
    tabled = {name for name, _ in ADMIN_URLS}
    assert routed - tabled == set(), "add these admin URLs, with the status for every role, to ADMIN_URLS"
    assert tabled - routed == set(), "these names in ADMIN_URLS are no longer routed"
    assert all(len(statuses) == len(ADMIN_ROLES) for statuses in ADMIN_URLS.values())


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_admin_get_answers_the_expected_status(world, client, role):
    """One role walks the whole admin table; every URL whose answer differs is listed."""
    from povertyplan.models import User

    if role == "superuser":
        client.force_login(User.objects.create_superuser(username="quantri", password=None, email=""))
    elif role != "anonymous":
        client.force_login(getattr(world.users, ROLE_USERS[role]))
    client.raise_request_exception = False  # a server error is one more wrong answer in the list
    objects = _admin_objects(world)
    wrong = {}
    for (name, case), statuses in ADMIN_URLS.items():
        expected = statuses[ADMIN_ROLES.index(role)]
        url = _admin_url(objects, name, case)
        response = client.get(url)
        if response.status_code != expected:
            wrong[url] = (response.status_code, expected)
        elif expected == REDIRECTED and role not in ("province_admin", "superuser"):
            target = urlsplit(response["Location"]).path
            if target not in (reverse("admin:login"), reverse("admin:index")):
                wrong[url] = (response["Location"], "the admin's login")
    assert wrong == {}, f"{role}: url -> (got, expected)"
