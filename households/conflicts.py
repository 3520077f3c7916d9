"""What the other person saved, said in a conflict message: the figures, who, and when.

A conflict refuses a save because someone saved the same thing after this user opened the form; the
message shows that person's figures so this user can decide, with their own typing kept in the form.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from povertyplan.audit.history import last_entry
from povertyplan.numbers import format_number


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def saved_by(obj) -> str:
    """The "(nguyen.van.a, 20:14 01/12/2026)" note: who saved `obj` last and when, from the audit record."""
    entry = last_entry(obj)
    parts = [p for p in (entry.actor_username, _when(entry.at)) if p] if entry is not None else []
    return " ({})".format(", ".join(parts)) if parts else ""


def _n(value) -> str:
    return format_number(value) if value is not None else "?"


def count_saved(count) -> str:
    """'Người khác vừa lưu: 166 hộ, 7 hộ nghèo, 11 hộ cận nghèo (nguyen.van.a, 20:14 01/12/2026)'."""
    near = (
        _("{n} hộ cận nghèo").format(n=_n(count.near_poor))
        if count.near_poor is not None
        else _("chưa rõ hộ cận nghèo")
    )
    figures = _("{total} hộ, {poor} hộ nghèo, {near}").format(
        total=_n(count.total_households), poor=_n(count.poor), near=near
    )
    if count.source:
        figures = _("{figures}, nguồn số liệu “{source}”").format(figures=figures, source=count.source)
    return _("{village}: người khác vừa lưu: {figures}{by}.").format(
        village=count.village, figures=figures, by=saved_by(count)
    )


def count_deleted(village) -> str:
    return _("{village}: người khác vừa xoá số liệu nhập tay của thôn này.").format(village=village)


def household_saved(household) -> str:
    return _(
        "Hồ sơ này vừa được người khác cập nhật. Người khác vừa lưu: chủ hộ {name}, {members} nhân khẩu, {village}{by}."
    ).format(name=household.head_name, members=household.members, village=household.village, by=saved_by(household))


def assessment_saved(record) -> str:
    return _(
        "Hồ sơ này vừa được người khác cập nhật. Người khác vừa lưu kết quả rà soát năm {year}: thu nhập {income} đồng/người/tháng, "
        "{deprivations} chỉ số thiếu hụt, {status}{by}."
    ).format(
        year=record.year,
        income=_n(record.income_per_capita),
        deprivations=record.deprivation_count,
        status=record.get_status_display(),
        by=saved_by(record),
    )


def assessment_deleted(year) -> str:
    return _("Hồ sơ này vừa được người khác cập nhật: kết quả rà soát năm {year} đã bị xoá.").format(year=year)


def officer_saved(officer) -> str:
    details = ", ".join(p for p in (officer.name, officer.position, officer.phone) if p)
    state = _("đang công tác") if officer.active else _("không còn công tác")
    return _("Cán bộ {name}: người khác vừa lưu: {details}, {state}{by}.").format(
        name=officer.name, details=details, state=state, by=saved_by(officer)
    )


def kept() -> str:
    return _("Chưa lưu gì. Nội dung bạn vừa nhập vẫn còn trong biểu mẫu: xem lại rồi bấm Lưu nếu vẫn muốn lưu.")
