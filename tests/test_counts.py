"""Village and commune counts: registry first, typed counts otherwise, totals, and how typed counts are saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households import counts, services
from households.counts import Source
from households.models import Commune, Village, VillageCount
from povertyplan.concurrency import ConflictError
from tests.support.factories import CommuneFactory, VillageFactory
from tests.support.world import make_household

pytestmark = pytest.mark.django_db


def figures(row):
    return (row.total, row.poor, row.near_poor, row.source)


def typed(village, year=2024):
    """The typed counts stored for a village and year, as a comparable tuple (None when absent)."""
    c = VillageCount.objects.filter(village=village, year=year).first()
    return None if c is None else (c.total_households, c.poor, c.near_poor, c.source, c.version)


# ---------------------------------------------------------------- commune_counts


def test_commune_counts_take_the_registry_where_households_were_assessed_and_typed_counts_elsewhere(world):
    rows, total = counts.commune_counts(world.communes.diem_he, 2024)

    assert [r.village for r in rows] == [world.villages.na_sung, world.villages.thong_nhat]
    na_sung, thong_nhat = rows
    assert figures(na_sung) == (2, 1, 1, Source.REGISTRY)
    assert figures(thong_nhat) == (82, 4, 12, Source.ENTERED)
    assert thong_nhat.entered == world.counts.thong_nhat
    assert (na_sung.poor_rate, na_sung.near_poor_rate) == (Decimal("50.00"), Decimal("50.00"))
    assert (thong_nhat.poor_rate, thong_nhat.near_poor_rate) == (Decimal("4.88"), Decimal("14.63"))

    assert (total.village, total.total, total.poor, total.near_poor) == (None, 84, 5, 13)
    assert total.source == Source.NONE  # mixed sources
    assert total.poor_rate == Decimal("5.95")
    assert total.notes == []


def test_a_total_is_unknown_where_a_typed_count_lacks_the_figure(world):
    rows, total = counts.commune_counts(world.communes.ha_trung, 2024)
    assert [figures(r) for r in rows] == [(1, 1, 0, Source.REGISTRY), (182, 2, None, Source.ENTERED)]
    assert (total.total, total.poor, total.near_poor) == (183, 3, None)
    assert total.near_poor_rate is None


@pytest.mark.parametrize(
    ("commune", "year"),
    [("diem_he", 2025), ("tri_le", 2024), ("hac_thanh", 2024)],
    ids=["nothing-that-year", "village-without-counts", "phuong-without-counts"],
)
def test_a_commune_without_counts_has_no_total(world, commune, year):
    rows, total = counts.commune_counts(getattr(world.communes, commune), year)
    assert rows
    assert all(r.source == Source.NONE and r.total is None for r in rows)
    assert (total.total, total.poor, total.near_poor, total.source) == (None, None, None, Source.NONE)
    assert total.poor_rate is None
    assert total.notes == []


def test_a_total_of_a_single_source_keeps_that_source(world):
    Village.objects.filter(pk=world.villages.thong_nhat.pk).update(order=1)
    VillageCount.objects.filter(pk=world.counts.thong_nhat.pk).delete()
    make_household(world.users.official_diem_he, world.villages.thong_nhat, 2024, income=3_000_000)
    _, total = counts.commune_counts(world.communes.diem_he, 2024)
    assert (total.total, total.poor, total.near_poor, total.source) == (3, 1, 1, Source.REGISTRY)


def test_a_village_without_counts_makes_the_total_incomplete_and_says_so(world):
    Village.objects.create(commune=world.communes.diem_he, name="Khòn Pổng", order=3)
    rows, total = counts.commune_counts(world.communes.diem_he, 2024)
    assert [r.source for r in rows] == [Source.REGISTRY, Source.ENTERED, Source.NONE]
    assert (total.total, total.poor, total.near_poor) == (84, 5, 13)
    assert total.notes == ["Thiếu số liệu của 1 thôn: tổng cộng chưa đầy đủ."]


def test_villages_come_in_the_communes_own_order_not_alphabetically(world):
    Village.objects.filter(pk=world.villages.na_sung.pk).update(order=5)
    rows, _ = counts.commune_counts(world.communes.diem_he, 2024)
    assert [r.village.name for r in rows] == ["Thống Nhất", "Nà Súng"]


@pytest.mark.parametrize(
    ("typed_counts", "differs"),
    [
        ((2, 1, 1), False),  # the same figures as the registry
        ((120, 9, 14), True),
        ((2, 1, None), True),  # typed without near-poor
        ((2, 0, 1), True),
    ],
)
def test_the_registry_wins_over_typed_counts_of_the_same_village_and_year(world, typed_counts, differs):
    total, poor, near_poor = typed_counts
    entered = VillageCount.objects.create(
        village=world.villages.na_sung, year=2024, total_households=total, poor=poor, near_poor=near_poor
    )
    rows, commune_total = counts.commune_counts(world.communes.diem_he, 2024)
    na_sung = rows[0]
    assert figures(na_sung) == (2, 1, 1, Source.REGISTRY)
    assert na_sung.entered == entered
    assert na_sung.entered_differs is differs
    assert (commune_total.total, commune_total.poor, commune_total.near_poor) == (84, 5, 13)
    assert counts.village_count(world.villages.na_sung, 2024).entered_differs is differs


def test_typed_counts_never_differ_from_themselves(world):
    row = counts.village_count(world.villages.thong_nhat, 2024)
    assert row.source == Source.ENTERED
    assert row.entered_differs is False


def test_area_counts_give_each_communes_total(world):
    communes = Commune.objects.filter(province=world.provinces.lang_son).order_by("name")
    result = {c.name: (t.total, t.poor, t.near_poor) for c, t in counts.area_counts(communes, 2024)}
    assert result == {"Điềm He": (84, 5, 13), "Tri Lễ": (None, None, None)}


def test_the_commune_page_shows_the_counts_and_their_total(world, login):
    page = login(world.users.official_diem_he).get(f"/xa/{world.communes.diem_he.pk}/?year=2024").content.decode()
    assert 'data-testid="total-households">84<' in page
    assert 'data-testid="total-poor">5<' in page
    assert 'data-testid="total-poor-rate">5,95%<' in page


# ---------------------------------------------------------------- query count


def _commune_with_villages(world, name: str, n: int) -> Commune:
    commune = CommuneFactory(district=world.districts.van_quan, name=name)
    for i, village in enumerate(VillageFactory.create_batch(n, commune=commune)):
        if i % 3 == 0:
            VillageCount.objects.create(village=village, year=2024, total_households=100 + i, poor=i, near_poor=1)
    return commune


def _queries_for(commune: Commune) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows, total = counts.commune_counts(commune, 2024)
        # Read everything a page reads: no row may trigger a query of its own.
        for row in [*rows, total]:
            _ = (str(row.village or ""), row.poor_rate, row.near_poor_rate, row.entered_differs, row.source)
    return len(ctx.captured_queries)


def test_commune_counts_take_the_same_number_of_queries_for_2_and_for_20_villages(world):
    small = _commune_with_villages(world, "Nhỏ", 2)
    large = _commune_with_villages(world, "Lớn", 20)
    # Registry households in some of the large commune's villages as well.
    official = world.users.official_diem_he
    official.commune = large
    official.save()
    for village in Village.objects.filter(commune=large).order_by("order")[1:20:4]:
        make_household(official, village, 2024, income=1_000_000, deprivations=3)

    rows, _ = counts.commune_counts(large, 2024)
    assert len(rows) == 20
    assert {r.source for r in rows} == {Source.REGISTRY, Source.ENTERED, Source.NONE}

    assert _queries_for(small) == _queries_for(large) == _queries_for(world.communes.diem_he)
    assert _queries_for(large) <= 3


# ---------------------------------------------------------------- save_village_counts


def test_typed_counts_are_saved_for_a_village_without_registry(world):
    khon_pong = Village.objects.create(commune=world.communes.diem_he, name="Khòn Pổng", order=3)
    changed = services.save_village_counts(
        by=world.users.official_diem_he,
        commune=world.communes.diem_he,
        year=2024,
        rows={
            khon_pong.pk: {"total_households": 95, "poor": 3, "near_poor": 7, "source": "Báo cáo thôn", "version": 0}
        },
    )
    assert changed == 1
    assert typed(khon_pong) == (95, 3, 7, "Báo cáo thôn", 1)


def test_changing_typed_counts_bumps_their_version_and_unchanged_ones_are_not_rewritten(world):
    official, diem_he, thong_nhat = world.users.official_diem_he, world.communes.diem_he, world.villages.thong_nhat
    same = {"total_households": 82, "poor": 4, "near_poor": 12, "source": "", "version": 1}
    assert services.save_village_counts(by=official, commune=diem_he, year=2024, rows={thong_nhat.pk: same}) == 0
    assert typed(thong_nhat) == (82, 4, 12, "", 1)

    new = {**same, "poor": 3, "near_poor": 11}
    assert services.save_village_counts(by=official, commune=diem_he, year=2024, rows={thong_nhat.pk: new}) == 1
    assert typed(thong_nhat) == (82, 3, 11, "", 2)


def test_clearing_typed_counts_deletes_them(world):
    changed = services.save_village_counts(
        by=world.users.official_diem_he,
        commune=world.communes.diem_he,
        year=2024,
        rows={world.villages.thong_nhat.pk: {"total_households": None, "poor": None, "version": 1, "clear": True}},
    )
    assert changed == 1
    assert typed(world.villages.thong_nhat) is None


def test_typed_counts_for_a_village_with_registry_households_that_year_are_refused_and_nothing_is_written(world):
    year = 2024
    with pytest.raises(ValidationError) as caught:
        services.save_village_counts(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            year=year,
            rows={
                # a legitimate change first, so that a partial write would show
                world.villages.thong_nhat.pk: {"total_households": 90, "poor": 1, "near_poor": 2, "version": 1},
                world.villages.na_sung.pk: {"total_households": 166, "poor": 7, "near_poor": 11},
            },
        )
    assert "Nà Súng" in " ".join(caught.value.messages)
    assert typed(world.villages.na_sung, year) is None
    assert typed(world.villages.thong_nhat, year) == (82, 4, 12, "", 1)


def test_typed_counts_for_the_same_village_in_a_year_without_registry_are_accepted(world):
    changed = services.save_village_counts(
        by=world.users.official_diem_he,
        commune=world.communes.diem_he,
        year=2025,
        rows={world.villages.na_sung.pk: {"total_households": 166, "poor": 7, "near_poor": 11, "version": 0}},
    )
    assert changed == 1
    assert typed(world.villages.na_sung, 2025) == (166, 7, 11, "", 1)


@pytest.mark.parametrize("who", ["official_ha_trung", "reviewer_van_quan", "admin_lang_son", "no_role"])
def test_saving_typed_counts_outside_ones_right_to_change_is_denied(world, who):
    with pytest.raises(PermissionDenied):
        services.save_village_counts(
            by=getattr(world.users, who),
            commune=world.communes.diem_he,
            year=2024,
            rows={world.villages.thong_nhat.pk: {"total_households": 90, "poor": 1, "near_poor": 2, "version": 1}},
        )
    assert typed(world.villages.thong_nhat) == (82, 4, 12, "", 1)


def test_a_village_of_another_commune_cannot_be_smuggled_into_the_rows(world):
    with pytest.raises(PermissionDenied):
        services.save_village_counts(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            year=2024,
            rows={world.villages.tk2.pk: {"total_households": 1, "poor": 1, "version": 1}},
        )
    assert typed(world.villages.tk2) == (182, 2, None, "", 1)


def test_a_stale_version_is_a_conflict_and_the_other_users_figures_stay(world):
    official, diem_he, thong_nhat = world.users.official_diem_he, world.communes.diem_he, world.villages.thong_nhat
    # Someone else saves first, from version 1.
    services.save_village_counts(
        by=official,
        commune=diem_he,
        year=2024,
        rows={thong_nhat.pk: {"total_households": 82, "poor": 3, "near_poor": 12, "version": 1}},
    )
    with pytest.raises(ConflictError):
        services.save_village_counts(
            by=official,
            commune=diem_he,
            year=2024,
            rows={thong_nhat.pk: {"total_households": 82, "poor": 5, "near_poor": 12, "version": 1}},
        )
    assert typed(thong_nhat) == (82, 3, 12, "", 2)


def test_clearing_typed_counts_from_a_stale_version_is_a_conflict(world):
    official, diem_he, thong_nhat = world.users.official_diem_he, world.communes.diem_he, world.villages.thong_nhat
    services.save_village_counts(
        by=official,
        commune=diem_he,
        year=2024,
        rows={thong_nhat.pk: {"total_households": 82, "poor": 3, "near_poor": 12, "version": 1}},
    )
    with pytest.raises(ConflictError):
        services.save_village_counts(
            by=official,
            commune=diem_he,
            year=2024,
            rows={thong_nhat.pk: {"total_households": None, "poor": None, "version": 1, "clear": True}},
        )
    assert typed(thong_nhat) == (82, 3, 12, "", 2)


@pytest.mark.parametrize(
    ("total", "poor", "near_poor"),
    [(10, 11, 0), (10, 5, 6)],
    ids=["poor-above-total", "poor-and-near-poor-above-total"],
)
def test_typed_counts_beyond_the_number_of_households_are_refused(world, total, poor, near_poor):
    with pytest.raises(ValidationError):
        services.save_village_counts(
            by=world.users.official_diem_he,
            commune=world.communes.diem_he,
            year=2024,
            rows={
                world.villages.thong_nhat.pk: {
                    "total_households": total,
                    "poor": poor,
                    "near_poor": near_poor,
                    "version": 1,
                }
            },
        )
    assert typed(world.villages.thong_nhat) == (82, 4, 12, "", 1)
