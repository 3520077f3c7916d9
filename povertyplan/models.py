"""The user: a Django user with the role and the unit that bound what they reach (see access.py)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from povertyplan.access import Role


class User(AbstractUser):
    """A person using povertyplan: commune official, reviewer or province administrator."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "households.Province", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        "households.District", verbose_name=_("huyện"), null=True, blank=True, on_delete=models.PROTECT
    )
    commune = models.ForeignKey(
        "households.Commune", verbose_name=_("xã"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def clean(self) -> None:
        super().clean()
        if self.role == Role.OFFICIAL and not self.commune_id:
            raise ValidationError({"commune": _("Công chức xã phải gắn với một xã.")})
        if self.role == Role.REVIEWER and not (self.district_id or self.province_id):
            raise ValidationError({"district": _("Cán bộ thẩm định phải gắn với một huyện hoặc một tỉnh.")})
        if self.role == Role.PROVINCE_ADMIN and not self.province_id:
            raise ValidationError({"province": _("Quản trị cấp tỉnh phải gắn với một tỉnh.")})

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name ("Vi Văn Sơn");
        Django's own pages (the admin's history) read it."""
        return " ".join(p for p in (self.last_name, self.first_name) if p)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def unit(self):
        """The unit that bounds this user's area."""
        return self.commune or self.district or self.province
