"""Scoping at the queryset: `for_user(user, action)` of every registry model returns exactly the rows of the
user's area (the world's named objects), everything for a superuser, nothing for an inactive user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from households.models import Assessment, Commune, Household, Village, VillageCount
from povertyplan.access import CHANGE, VIEW
from tests.support.plans import YEAR

# (user, action) -> the names in the world of what `for_user` must return, per kind of object.
LANG_SON = {
    "communes": {"diem_he", "tri_le"},
    "villages": {"na_sung", "thong_nhat", "tri_le_1"},
    "households": {"diem_he_poor", "diem_he_near"},
    "counts": {"thong_nhat"},
}


DIEM_HE = {
    "communes": {"diem_he"},
    "villages": {"na_sung", "thong_nhat"},
    "households": {"diem_he_poor", "diem_he_near"},
    "counts": {"thong_nhat"},
}


HA_TRUNG = {
    "communes": {"ha_trung"},
    "villages": {"tk1", "tk2"},
    "households": {"ha_trung_poor"},
    "counts": {"ha_trung_tk2"},
}


THANH_HOA = {
    "communes": {"ha_trung", "hac_thanh"},
    "villages": {"tk1", "tk2", "to1"},
    "households": {"ha_trung_poor"},
    "counts": {"ha_trung_tk2"},
}


NONE = {"communes": set(), "villages": set(), "households": set(), "counts": set()}


SCOPES = {
    ("official_diem_he", VIEW): DIEM_HE,
    ("official_diem_he", CHANGE): DIEM_HE,
    ("official_ha_trung", VIEW): HA_TRUNG,
    ("official_ha_trung", CHANGE): HA_TRUNG,
    ("reviewer_van_quan", VIEW): LANG_SON,
    ("reviewer_van_quan", CHANGE): NONE,
    ("reviewer_thanh_hoa", VIEW): THANH_HOA,
    ("reviewer_thanh_hoa", CHANGE): NONE,
    ("admin_lang_son", VIEW): LANG_SON,
    ("admin_lang_son", CHANGE): NONE,
    ("no_role", VIEW): NONE,
    ("no_role", CHANGE): NONE,
    ("anonymous", VIEW): NONE,
    ("anonymous", CHANGE): NONE,
}


def _named(namespace, objects) -> set[str]:
    names = {obj.pk: name for name, obj in vars(namespace).items()}
    return {names[o.pk] for o in objects}


@pytest.mark.parametrize(("username", "action"), list(SCOPES))
def test_for_user_returns_exactly_the_expected_rows(world, username, action):
    user = AnonymousUser() if username == "anonymous" else getattr(world.users, username)
    expected = SCOPES[(username, action)]

    assert _named(world.communes, Commune.objects.for_user(user, action)) == expected["communes"]
    assert _named(world.villages, Village.objects.for_user(user, action)) == expected["villages"]
    assert _named(world.households, Household.objects.for_user(user, action)) == expected["households"]
    assert _named(world.counts, VillageCount.objects.for_user(user, action)) == expected["counts"]
    assessments = Assessment.objects.for_user(user, action).select_related("household")
    assert _named(world.households, [a.household for a in assessments]) == expected["households"]
    assert all(a.year == YEAR for a in assessments)


def test_for_user_of_a_superuser_is_everything(world, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x-root-password-1")
    for action in (VIEW, CHANGE):
        assert Commune.objects.for_user(root, action).count() == Commune.objects.count() == 4
        assert Village.objects.for_user(root, action).count() == Village.objects.count() == 6
        assert Household.objects.for_user(root, action).count() == 3
        assert Assessment.objects.for_user(root, action).count() == 3
        assert VillageCount.objects.for_user(root, action).count() == 2


def test_an_inactive_official_reaches_nothing(world):
    official = world.users.official_diem_he
    official.is_active = False
    official.save()
    for action in (VIEW, CHANGE):
        assert not Commune.objects.for_user(official, action).exists()
        assert not Household.objects.for_user(official, action).exists()
        assert not VillageCount.objects.for_user(official, action).exists()


def test_for_user_refuses_an_unknown_action(world):
    with pytest.raises(ValueError):
        Household.objects.for_user(world.users.official_diem_he, "delete")
