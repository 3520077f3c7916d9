"""Factories for the objects a test needs beyond the fixture world: units, users, households.

commune = CommuneFactory(district=world.districts.van_quan)     # province follows the district
VillageFactory.create_batch(20, commune=commune)                # Thôn 1..20, in order
user = OfficialFactory(commune=commune)                          # role, province and password set
household = HouseholdFactory(village=village)                    # no assessment: make_household has one
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from households.models import Commune, CommuneKind, District, Ethnicity, Household, Province, Village
from povertyplan.access import Role
from povertyplan.models import User
from tests.support.world import PASSWORD


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh {n + 1}")  # no official code: the world's are 20 and 38


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Huyện {n + 1}")


class CommuneFactory(DjangoModelFactory):
    """A xã of a district (its province follows); `district=None, province=...` for a commune without one."""

    class Meta:
        model = Commune

    district = factory.SubFactory(DistrictFactory)
    province = factory.LazyAttribute(lambda c: c.district.province)
    name = factory.Sequence(lambda n: f"Xã {n + 1}")
    kind = CommuneKind.XA


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village

    commune = factory.SubFactory(CommuneFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda v: f"Thôn {v.order}")


class UserFactory(DjangoModelFactory):
    """A user without a role; the subclasses give the role and the unit that bounds it."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung.{n + 1}")
    password = factory.django.Password(PASSWORD)
    role = ""


class OfficialFactory(UserFactory):
    """A commune official of `commune`."""

    username = factory.Sequence(lambda n: f"xa.{n + 1}")
    role = Role.OFFICIAL
    commune = factory.SubFactory(CommuneFactory)
    province = factory.LazyAttribute(lambda u: u.commune.province)


class ReviewerFactory(UserFactory):
    """The reviewer of `district` (its province follows)."""

    username = factory.Sequence(lambda n: f"huyen.{n + 1}")
    role = Role.REVIEWER
    district = factory.SubFactory(DistrictFactory)
    province = factory.LazyAttribute(lambda u: u.district.province)


class HouseholdFactory(DjangoModelFactory):
    """A household without an assessment (tests/support/world.make_household makes one through the service)."""

    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    head_name = factory.Sequence(lambda n: f"Hộ thử {n + 1}")
    members = 4
    ethnicity = factory.LazyFunction(lambda: Ethnicity.objects.get(name="Tày"))
