"""Year-to-year movements derived from the yearly statuses (docs/years.md)."""

from __future__ import annotations

import pytest

from households import movements, services
from households.models import Ethnicity, PovertyStandard, Status
from households.movements import Transition

POOR, NEAR, MIDDLE, NOT_POOR = Status.POOR, Status.NEAR_POOR, Status.MIDDLE, Status.NOT_POOR


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param(
            {2023: POOR, 2024: NEAR}, [Transition.ESCAPED_POVERTY, Transition.POOR_TO_NEAR_POOR], id="poor-near"
        ),
        pytest.param({2023: POOR, 2024: MIDDLE}, [Transition.ESCAPED_POVERTY], id="poor-middle"),
        pytest.param({2023: POOR, 2024: NOT_POOR}, [Transition.ESCAPED_POVERTY], id="poor-not_poor"),
        pytest.param({2023: NEAR, 2024: MIDDLE}, [Transition.ESCAPED_NEAR_POVERTY], id="near-middle"),
        pytest.param({2023: NEAR, 2024: NOT_POOR}, [Transition.ESCAPED_NEAR_POVERTY], id="near-not_poor"),
        pytest.param({2023: NEAR, 2024: POOR}, [Transition.NEAR_POOR_TO_POOR], id="near-poor"),
        pytest.param({2023: NOT_POOR, 2024: POOR}, [Transition.NEWLY_POOR], id="not_poor-poor"),
        pytest.param({2023: MIDDLE, 2024: POOR}, [Transition.NEWLY_POOR], id="middle-poor"),
        pytest.param({2022: NOT_POOR, 2023: MIDDLE, 2024: POOR}, [Transition.NEWLY_POOR], id="never-poor-before"),
        pytest.param({2024: POOR}, [Transition.NEWLY_POOR], id="no_record-poor"),
        pytest.param({2022: POOR, 2023: NOT_POOR, 2024: POOR}, [Transition.FELL_BACK], id="poor-not_poor-poor"),
        pytest.param({2021: POOR, 2022: NEAR, 2023: MIDDLE, 2024: POOR}, [Transition.FELL_BACK], id="poor-long-ago"),
        pytest.param(
            {2022: POOR, 2023: NEAR, 2024: POOR},
            [Transition.NEAR_POOR_TO_POOR, Transition.FELL_BACK],
            id="poor-near-poor-is-a-fall-back",
        ),
        pytest.param({2023: NOT_POOR, 2024: NEAR}, [Transition.NEWLY_NEAR_POOR], id="not_poor-near"),
        pytest.param({2023: MIDDLE, 2024: NEAR}, [Transition.NEWLY_NEAR_POOR], id="middle-near"),
        pytest.param({2024: NEAR}, [Transition.NEWLY_NEAR_POOR], id="no_record-near"),
        pytest.param({2024: MIDDLE}, [], id="no_record-middle"),
        pytest.param({2023: MIDDLE, 2024: NOT_POOR}, [], id="middle-not_poor"),
        pytest.param({2023: NOT_POOR, 2024: MIDDLE}, [], id="not_poor-middle"),
    ],
)
def test_transitions_into_a_year_follow_the_status_of_the_year_before(statuses, expected):
    assert movements.transitions(statuses, 2024) == expected


@pytest.mark.parametrize("status", [POOR, NEAR, MIDDLE, NOT_POOR])
def test_the_same_status_two_years_running_is_no_transition(status):
    assert movements.transitions({2022: POOR, 2023: status, 2024: status}, 2024) == []


@pytest.mark.parametrize(
    "statuses",
    [{}, {2023: POOR}, {2023: POOR, 2025: NOT_POOR}],
    ids=["no-history", "only-the-year-before", "year-skipped"],
)
def test_a_year_without_a_record_has_no_transitions(statuses):
    assert movements.transitions(statuses, 2024) == []


def test_only_years_before_the_previous_one_make_a_fall_back():
    # Poor in 2023 and again in 2025 after a 2024 above the line: only 2025 is a fall back.
    history = {2023: POOR, 2024: MIDDLE, 2025: POOR}
    assert movements.transitions(history, 2023) == [Transition.NEWLY_POOR]
    assert movements.transitions(history, 2024) == [Transition.ESCAPED_POVERTY]
    assert movements.transitions(history, 2025) == [Transition.FELL_BACK]


def test_a_later_year_does_not_change_the_transitions_of_an_earlier_one():
    assert movements.transitions({2023: NOT_POOR, 2024: POOR, 2025: POOR, 2026: NEAR}, 2024) == [Transition.NEWLY_POOR]


def test_every_transition_has_a_vietnamese_label():
    moves = [v for k, v in vars(Transition).items() if k.isupper() and isinstance(v, str)]
    assert len(moves) == 7
    assert set(Transition.LABELS) == set(moves)
    assert Transition.LABELS[Transition.ESCAPED_POVERTY] == "Thoát nghèo"
    assert Transition.LABELS[Transition.FELL_BACK] == "Tái nghèo"


# ---------------------------------------------------------------- through the database and the page


def _assess(user, village, household, year, income, deprivations):
    return services.save_household(
        by=user,
        household=household,
        data={
            "village": village,
            "head_name": "Hoàng Thị Mai",
            "members": 5,
            "ethnicity": Ethnicity.objects.get(name="Nùng"),
        },
        year=year,
        assessment={
            "income_per_capita": income,
            "deprivations": list(PovertyStandard.objects.for_year(year).indicators.order_by("number")[:deprivations]),
        },
        # The versions the official's form carries: an existing household's, and 0 for a year not yet assessed.
        household_version=household.version if household else None,
        assessment_version=0 if household else None,
    )


@pytest.mark.parametrize(
    ("income_2024", "deprivations_2024", "shown", "not_shown"),
    [
        (2_000_000, 1, ["Thoát nghèo"], ["Tái nghèo", "Từ nghèo xuống cận nghèo"]),
        (1_400_000, 1, ["Thoát nghèo", "Từ nghèo xuống cận nghèo"], ["Tái nghèo"]),
        (1_100_000, 4, [], ["Thoát nghèo"]),
    ],
    ids=["poor-middle", "poor-near", "still-poor"],
)
def test_the_household_page_shows_the_transition_between_two_reviews(
    world, login, income_2024, deprivations_2024, shown, not_shown
):
    user, village = world.users.official_diem_he, world.villages.na_sung
    first = _assess(user, village, None, 2023, 1_100_000, 3)
    assert first.status == POOR
    second = _assess(user, village, first.household, 2024, income_2024, deprivations_2024)
    assert second.household_id == first.household_id
    assert list(second.household.assessments.order_by("year").values_list("year", flat=True)) == [2023, 2024]

    response = login(user).get(f"/ho/{first.household_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in shown:
        assert label in page
    for label in not_shown:
        assert label not in page


def test_the_first_review_of_a_poor_household_shows_it_newly_poor(world, login):
    user = world.users.official_diem_he
    page = login(user).get(f"/ho/{world.households.diem_he_poor.pk}/").content.decode()
    assert "Phát sinh nghèo" in page
    assert "Thoát nghèo" not in page
