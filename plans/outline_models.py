"""The plan's own outline: its sections and sub-sections in order, each with a heading, a numbering style,
free text and, at most once per plan, one of the structured parts (plans.models.Part) rendered from the
plan's rows. plans/outline.py holds the writes, plans/document.py reads it as the document's body.

A node's `key` is its stable name within the plan: the page anchor (#key), the comment target
(ReviewComment.section) and the diff group; it is copied with the outline into a revision or the next
year's plan. The default outline's keys are the old fixed sections' (plans.models.Section values), so
anchors and comments made before the outline existed still point at the same place.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.limits import TEXT_LIMIT, TextLimit
from plans.part_labels import part_label

# A node's key: lower-case letters, digits and dashes (the page anchor and the comment target).
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class Part(models.TextChoices):
    """The structured parts a plan's outline places where the commune puts them (plans/document.py): each
    renders from the plan's own rows, not from typed text. At most once per plan."""

    FIGURES = "figures", _("Số liệu đầu năm (tính từ bảng)")
    TARGETS = "targets", _("Chỉ tiêu (tính từ bảng và chỉ tiêu khác)")
    VILLAGE_TABLE = "village-table", _("Bảng chỉ tiêu theo thôn")
    PROJECTS = "projects", _("Dự án, tiểu dự án")
    FUNDING = "funding", _("Nguồn kinh phí")
    RESPONSIBILITIES = "responsibilities", _("Phân công thực hiện")
    REPORTING = "reporting", _("Chế độ báo cáo")


class Style(models.TextChoices):
    """Numbering styles per Decree 30/2020 Phụ lục I (the same values as plans.document.STYLES)."""

    ROMAN = "roman", _("I, II, III (mục)")
    ARABIC = "arabic", _("1, 2, 3 (khoản)")
    LETTER = "letter", _("a), b), c) (điểm)")
    DASH = "dash", _("gạch đầu dòng (-)")
    PLUS = "plus", _("dấu cộng (+)")
    NONE = "none", _("không đánh số")


# The style a new node takes at each depth (1 = a section).
DEFAULT_STYLE_BY_DEPTH = {1: Style.ROMAN, 2: Style.ARABIC, 3: Style.LETTER, 4: Style.DASH}


def default_style(depth: int) -> str:
    return DEFAULT_STYLE_BY_DEPTH.get(depth, Style.PLUS)


class OutlineNode(models.Model):
    """A section (parent None) or sub-section of a plan's body."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="outline")
    parent = models.ForeignKey(
        "self", verbose_name=_("mục cha"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Among its siblings.
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    key = models.CharField(
        _("mã mục"),
        max_length=40,
        validators=[RegexValidator(KEY_PATTERN)],
        help_text=_("Tên cố định của mục trong kế hoạch (neo trang, ý kiến thẩm định)."),
    )
    style = models.CharField(_("kiểu đánh số"), max_length=10, choices=Style.choices, default=Style.ROMAN)
    heading = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    text = models.TextField(_("nội dung"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)])
    part = models.CharField(
        _("phần có cấu trúc"),
        max_length=20,
        blank=True,
        choices=Part.choices,
    )
    annex_title = models.CharField(
        _("tiêu đề phụ lục"),
        max_length=300,
        blank=True,
        help_text=_("Với bảng chỉ tiêu theo thôn: in thành phụ lục với tiêu đề này (để trống: in tại chỗ)."),
    )

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="outline_key_unique"),
            models.UniqueConstraint(fields=["plan", "part"], condition=~Q(part=""), name="outline_part_once"),
        ]

    def __str__(self) -> str:
        return part_label(self)
