"""The National Target Program's structure as versioned data: its versions (2021-2025 projects,
2026-2035 components) and their items, which a plan's projects point to. Kept apart from plans/models.py
(which imports both from here) for its length; the models are the plans app's all the same.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from households.models import YEAR_VALIDATORS

# ---------------------------------------------------------------- the program catalogue (versioned data)


class ProgramVersion(models.Model):
    """A version of the National Target Program's structure (2021-2025 projects, 2026-2035 components)."""

    code = models.SlugField(_("mã"), unique=True)
    name = models.CharField(_("tên chương trình"), max_length=400)
    legal_basis = models.CharField(_("căn cứ"), max_length=400, blank=True)
    first_year = models.PositiveSmallIntegerField(_("từ năm"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("đến năm"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("phiên bản chương trình")
        verbose_name_plural = _("phiên bản chương trình")
        ordering = ["first_year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"


class ProgramItem(models.Model):
    """A project (Dự án) or sub-project (Tiểu dự án), or a component (Hợp phần) and its contents."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Dự án")
        SUBPROJECT = "subproject", _("Tiểu dự án")
        COMPONENT = "component", _("Hợp phần")
        CONTENT = "content", _("Nội dung thành phần")

    version = models.ForeignKey(
        ProgramVersion, verbose_name=_("phiên bản chương trình"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("số"), max_length=10)
    name = models.CharField(_("tên"), max_length=400)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("dự án / nội dung của chương trình")
        verbose_name_plural = _("dự án / nội dung của chương trình")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "parent", "kind", "number"], name="program_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.name}"
