"""The annual plan (Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm N) as data.

A plan belongs to a commune (or a district, for the district's own plan) and a year. It is drafted by the
commune's officials, reviewed by the level above, then issued; an issued plan never changes: a new
version is a new revision. Workflow rules live in plans/workflow.py, writes in plans/services.py; this
module holds the data (the program catalogue the plan points to: plans/program.py; how a list part's row
is named: plans/part_labels.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from households.models import YEAR_VALIDATORS, Commune, District, Village
from plans.limits import LINE_TEXT_LIMIT, LONG_TEXT_LIMIT, TEXT_LIMIT, TextLimit
from plans.outline_models import OutlineNode, Part, Style  # noqa: F401 (the models of plans, in one namespace)
from plans.part_labels import part_label
from plans.program import ProgramItem, ProgramVersion
from povertyplan.access import ScopedQuerySet
from povertyplan.fields import DecimalTextField

# ---------------------------------------------------------------- people of the commune


class OfficerQuerySet(ScopedQuerySet):
    pass


class Officer(models.Model):
    """A person of the commune who can be put in charge of a village (cán bộ phụ trách)."""

    commune_path = "commune"

    commune = models.ForeignKey(Commune, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="officers")
    name = models.CharField(_("họ tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    active = models.BooleanField(_("đang công tác"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["commune", "name"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- the plan


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã thông qua")
    ISSUED = "issued", _("Đã ban hành")


class Section(models.TextChoices):
    """The fixed parts of a plan (header, legal, recipients, signature) and the keys and headings of the
    default outline's sections (plans/outline.py), in document order: page anchors, comment targets and
    diff groups. A plan's own body sections are its outline nodes, named by their keys."""

    HEADER = "header", _("Phần đầu (cơ quan, số, ngày, trích yếu)")
    LEGAL = "legal", _("Căn cứ")
    PURPOSE = "purpose", _("Mục đích, yêu cầu")
    SITUATION = "situation", _("Thực trạng, nguyên nhân nghèo")
    PREVIOUS = "previous", _("Kết quả năm trước")
    GOALS = "goals", _("Mục tiêu")
    VILLAGE_TABLE = "village-table", _("Bảng chỉ tiêu theo thôn")
    PROJECTS = "projects", _("Dự án, tiểu dự án thực hiện")
    TASKS = "tasks", _("Nhiệm vụ và giải pháp")
    FUNDING = "funding", _("Kinh phí")
    RESPONSIBILITIES = "responsibilities", _("Tổ chức thực hiện")
    REPORTING = "reporting", _("Chế độ báo cáo")
    RECIPIENTS = "recipients", _("Nơi nhận")
    SIGNATURE = "signature", _("Chữ ký")


def reference(number: int | None, symbol: str) -> str:
    """'05/KH-UBND' (the number padded below 10), or '.../KH-UBND' before issue."""
    return f"{number:02d}/{symbol}" if number else f".../{symbol}"


class PlanQuerySet(ScopedQuerySet):
    def latest_revisions(self) -> PlanQuerySet:
        """Only the newest revision of each unit's plan for each year."""
        newer = Plan.objects.filter(
            commune=models.OuterRef("commune"),
            year=models.OuterRef("year"),
            revision__gt=models.OuterRef("revision"),
        )
        newer_district = Plan.objects.filter(
            commune__isnull=True,
            district=models.OuterRef("district"),
            year=models.OuterRef("year"),
            revision__gt=models.OuterRef("revision"),
        )
        return self.exclude(Q(commune__isnull=False) & models.Exists(newer)).exclude(
            Q(commune__isnull=True) & models.Exists(newer_district)
        )

    def in_force(self) -> PlanQuerySet:
        """Only the issued plans in force: no newer revision of the same unit and year has been issued
        (a draft amendment does not replace its plan until it is issued)."""
        newer = Plan.objects.filter(
            commune=models.OuterRef("commune"),
            year=models.OuterRef("year"),
            revision__gt=models.OuterRef("revision"),
            status=PlanStatus.ISSUED,
        )
        newer_district = Plan.objects.filter(
            commune__isnull=True,
            district=models.OuterRef("district"),
            year=models.OuterRef("year"),
            revision__gt=models.OuterRef("revision"),
            status=PlanStatus.ISSUED,
        )
        return (
            self.filter(status=PlanStatus.ISSUED)
            .exclude(Q(commune__isnull=False) & models.Exists(newer))
            .exclude(Q(commune__isnull=True) & models.Exists(newer_district))
        )


class Plan(models.Model):
    """One revision of a commune's (or a district's) plan for a year, with every part the seeds show."""

    commune_path = "commune"
    district_path = "district"
    year_path = "year"  # reviewed by the level in effect that year (povertyplan.access)

    commune = models.ForeignKey(
        Commune, verbose_name=_("xã"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    district = models.ForeignKey(
        District, verbose_name=_("huyện"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"), validators=YEAR_VALIDATORS)
    revision = models.PositiveSmallIntegerField(_("lần sửa"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("bản gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bản kế hoạch được dùng làm gốc (năm trước, hoặc bản ban hành trước của năm này)."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    program = models.ForeignKey(ProgramVersion, verbose_name=_("chương trình"), on_delete=models.PROTECT)

    # Header
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="KH-UBND")
    place = models.CharField(_("địa danh"), max_length=80)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # The year of issue_date, kept by save(): numbers restart each year, and the database refuses a
    # number used twice by one issuing unit in a year (plan_issued_number_unique below).
    issue_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    summary = models.CharField(_("trích yếu"), max_length=400)
    # The paragraph(s) between the legal bases and section I ("Ủy ban nhân dân xã ... xây dựng kế hoạch ... như sau:").
    preamble = models.TextField(_("lời mở đầu"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)])

    # The body is the plan's outline (plans/outline_models.py: OutlineNode, related name "outline").
    closing = models.TextField(_("câu kết"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)])

    # Signature block
    # "TM. ỦY BAN NHÂN DÂN", or empty where the chairman signs in his own name (seeds 001, 002: "CHỦ TỊCH").
    signing_authority = models.CharField(_("thẩm quyền ký"), max_length=40, default="TM. ỦY BAN NHÂN DÂN", blank=True)
    signer_deputy = models.BooleanField(_("ký thay (KT.)"), default=False)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, default="CHỦ TỊCH")
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)

    # A plan typed from a document already published: the grid then also takes the figures as printed
    # (rates, year-end counts, the totals row) so the checks can compare them with the counts.
    transcribed = models.BooleanField(_("nhập lại từ văn bản đã ban hành"), default=False)
    printed_totals = models.JSONField(_("dòng tổng cộng như đã in"), default=dict, blank=True)
    # The unit's specific targets as printed (counts and rates of "Chỉ tiêu cụ thể"), for a transcribed
    # plan: checked against the sums of the village (or commune) rows. Keys: checks.PlanFigures fields.
    printed_figures = models.JSONField(_("chỉ tiêu cụ thể như đã in"), default=dict, blank=True)

    # Findings of the last check (kept for the reviewer's queue; the plan page always checks afresh).
    error_count = models.PositiveSmallIntegerField(_("số lỗi"), default=0, editable=False)
    warning_count = models.PositiveSmallIntegerField(_("số cảnh báo"), default=0, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "commune", "-revision"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(commune__isnull=False) & Q(district__isnull=True))
                | (Q(commune__isnull=True) & Q(district__isnull=False)),
                name="plan_of_commune_or_district",
            ),
            models.UniqueConstraint(fields=["commune", "year", "revision"], name="plan_commune_revision_unique"),
            models.UniqueConstraint(fields=["district", "year", "revision"], name="plan_district_revision_unique"),
            # One document number per issuing unit and year of issue, among issued plans (two issued at
            # the same moment cannot both become 07/KH-UBND).
            models.UniqueConstraint(
                fields=["commune", "issue_year", "number"],
                condition=Q(status="issued", commune__isnull=False),
                name="plan_commune_issued_number_unique",
            ),
            models.UniqueConstraint(
                fields=["district", "issue_year", "number"],
                condition=Q(status="issued", commune__isnull=True),
                name="plan_district_issued_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch năm {self.year} – {self.unit}"

    def save(self, *args, **kwargs):
        self.issue_year = self.issue_date.year if self.issue_date else None
        if kwargs.get("update_fields") is not None and "issue_date" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "issue_year"}
        super().save(*args, **kwargs)

    @property
    def replaced_by(self) -> Plan | None:
        """The newest issued revision of the same unit and year that replaces this issued plan."""
        if self.status != PlanStatus.ISSUED:
            return None
        return (
            Plan.objects.filter(
                year=self.year, revision__gt=self.revision, status=PlanStatus.ISSUED, **self.unit_lookup()
            )
            .order_by("-revision")
            .first()
        )

    @property
    def in_force_revision(self) -> Plan | None:
        """The issued revision in force for this plan's unit and year (this one, an older one while an
        amendment is prepared, or None before the first issue)."""
        return Plan.objects.in_force().filter(year=self.year, **self.unit_lookup()).first()

    @property
    def is_deletable_draft(self) -> bool:
        """A draft never submitted (made by mistake): its commune's officials may delete it."""
        return self.status == PlanStatus.DRAFT and not self.events.filter(to_status=PlanStatus.SUBMITTED).exists()

    @property
    def unit(self):
        return self.commune or self.district

    @property
    def is_district_plan(self) -> bool:
        return self.commune_id is None

    def unit_lookup(self) -> dict:
        """Filter arguments for the plans of the same issuing unit: the commune, or the district's own."""
        if self.commune_id:
            return {"commune_id": self.commune_id}
        return {"district_id": self.district_id, "commune__isnull": True}

    @property
    def is_editable(self) -> bool:
        """Drafts and returned plans can be changed; submitted, approved and issued ones cannot."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)

    @property
    def reference(self) -> str:
        return reference(self.number, self.symbol)


class PlanPart(models.Model):
    """Fields shared by every ordered part of a plan.

    Each names its row as "<kind>: <what the row says>" (plans/part_labels.py): the record copies it.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="+")
    # Recorded with the row: a move of rows changes nothing else, so this is how the history shows it.
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return part_label(self)


def part_fields(model: type[PlanPart]) -> list[str]:
    """The fields of a plan part that a user edits and a copy carries, "order" first."""
    names = [f.name for f in model._meta.concrete_fields if f.editable and f.name not in ("id", "plan", "order")]
    return ["order", *names]


class LegalBasis(PlanPart):
    """A document the plan rests on or implements (Căn cứ / Thực hiện)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="legal_bases")
    verb = models.CharField(_("mở đầu"), max_length=20, default="Căn cứ")
    # Empty for a basis that is not a document (seed 002: "Thực hiện chỉ tiêu giảm hộ nghèo năm 2024").
    doc_type = models.CharField(_("loại văn bản"), max_length=40, blank=True)
    doc_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    doc_date = models.DateField(_("ngày"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    title = models.TextField(
        _("trích yếu"), blank=True, max_length=LINE_TEXT_LIMIT, validators=[TextLimit(LINE_TEXT_LIMIT)]
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")


class Target(PlanPart):
    """A specific target other than the household counts (e.g. 100% of the poor with health insurance)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    text = models.TextField(_("chỉ tiêu"), max_length=LINE_TEXT_LIMIT, validators=[TextLimit(LINE_TEXT_LIMIT)])

    class Meta(PlanPart.Meta):
        verbose_name = _("chỉ tiêu cụ thể")
        verbose_name_plural = _("chỉ tiêu cụ thể")


class VillageTarget(PlanPart):
    """One row of the per-village target table.

    Start figures are read from the village counts or registry of the plan's year, never retyped: they are
    snapshotted here when the plan is submitted (`*_start` stay None while the plan is a draft and the
    live counts are used), with the names the row shows (village, officer), so a submitted or issued
    plan shows what was submitted even after the registry or a name changes. Exits not stated are None,
    never 0. Printed rates are kept only for plans entered from a published document, so the checks can
    compare them with the counts.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="village_targets")
    village = models.ForeignKey(Village, verbose_name=_("thôn"), on_delete=models.PROTECT, related_name="+")
    households_start = models.PositiveIntegerField(_("số hộ đầu năm"), null=True, blank=True, editable=False)
    poor_start = models.PositiveIntegerField(_("số hộ nghèo đầu năm"), null=True, blank=True, editable=False)
    near_poor_start = models.PositiveIntegerField(_("số hộ cận nghèo đầu năm"), null=True, blank=True, editable=False)
    # Kept with the decimals they were printed with ("4,7" stays 4,7): checked at that many places.
    printed_poor_rate = DecimalTextField(_("tỷ lệ hộ nghèo như đã in (%)"), max_length=12, null=True, blank=True)
    printed_near_poor_rate = DecimalTextField(
        _("tỷ lệ hộ cận nghèo như đã in (%)"), max_length=12, null=True, blank=True
    )
    exits_poor = models.PositiveIntegerField(_("dự kiến thoát nghèo"), null=True, blank=True)
    exits_near_poor = models.PositiveIntegerField(_("dự kiến thoát cận nghèo"), null=True, blank=True)
    printed_poor_end = models.PositiveIntegerField(_("hộ nghèo cuối năm như đã in"), null=True, blank=True)
    printed_near_poor_end = models.PositiveIntegerField(_("hộ cận nghèo cuối năm như đã in"), null=True, blank=True)
    officer = models.ForeignKey(
        Officer, verbose_name=_("cán bộ phụ trách"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The names as they were at submission (plans.grid.freeze_start_figures).
    village_name = models.CharField(_("tên thôn (khi trình)"), max_length=120, blank=True, editable=False)
    village_label = models.CharField(_("thôn (khi trình)"), max_length=160, blank=True, editable=False)
    officer_name = models.CharField(_("cán bộ phụ trách (khi trình)"), max_length=120, blank=True, editable=False)
    officer_position = models.CharField(_("chức vụ (khi trình)"), max_length=120, blank=True, editable=False)
    officer_phone = models.CharField(_("điện thoại (khi trình)"), max_length=20, blank=True, editable=False)

    class Meta(PlanPart.Meta):
        verbose_name = _("chỉ tiêu của thôn")
        verbose_name_plural = _("chỉ tiêu của thôn")
        constraints = [models.UniqueConstraint(fields=["plan", "village"], name="village_target_once")]


class PlanProject(PlanPart):
    """A project or sub-project of the program that the plan takes on."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="projects")
    item = models.ForeignKey(ProgramItem, verbose_name=_("dự án"), on_delete=models.PROTECT, related_name="+")
    objective = models.TextField(_("mục tiêu"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)])
    beneficiaries = models.TextField(
        _("đối tượng"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)]
    )
    content = models.TextField(
        _("nội dung hỗ trợ"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)]
    )
    funding = models.TextField(_("kinh phí"), blank=True, max_length=TEXT_LIMIT, validators=[TextLimit(TEXT_LIMIT)])
    lead_body = models.CharField(_("cơ quan chủ trì"), max_length=300, blank=True)
    coordinating_bodies = models.CharField(_("cơ quan phối hợp"), max_length=400, blank=True)
    time_frame = models.CharField(_("thời gian thực hiện"), max_length=200, blank=True)
    # The program item as it was at submission (plans.grid.freeze_start_figures).
    item_kind = models.CharField(
        _("loại (khi trình)"), max_length=12, choices=ProgramItem.Kind.choices, blank=True, editable=False
    )
    item_number = models.CharField(_("số (khi trình)"), max_length=10, blank=True, editable=False)
    item_name = models.CharField(_("tên dự án (khi trình)"), max_length=400, blank=True, editable=False)

    class Meta(PlanPart.Meta):
        verbose_name = _("dự án thực hiện")
        verbose_name_plural = _("dự án thực hiện")

    def freeze_item(self) -> None:
        """Copy the program item's kind, number and name into the row (on submission)."""
        self.item_kind, self.item_number, self.item_name = self.item.kind, self.item.number, self.item.name

    @property
    def item_label(self) -> str:
        """'Dự án 3: ...' as the plan shows it: frozen while the plan cannot be edited, else read live."""
        if self.item_name and not self.plan.is_editable:
            return f"{ProgramItem.Kind(self.item_kind).label} {self.item_number}: {self.item_name}"
        return str(self.item)


class Responsibility(PlanPart):
    """A unit and its tasks (Tổ chức thực hiện / phân công)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    unit = models.CharField(_("đơn vị"), max_length=300)
    tasks = models.TextField(
        _("nhiệm vụ"),
        help_text=_("Mỗi nhiệm vụ một dòng."),
        max_length=LONG_TEXT_LIMIT,
        validators=[TextLimit(LONG_TEXT_LIMIT)],
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")


class FundingSource(PlanPart):
    """A source of money (central budget, local budget, social-policy credit, fund, contributions)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="funding_sources")
    source = models.CharField(_("nguồn"), max_length=300)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")


class ReportingItem(PlanPart):
    """What is reported, to whom, by when (báo cáo quý, 6 tháng, năm; danh sách hộ của thôn...)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="reporting")
    what = models.CharField(_("nội dung"), max_length=300)
    to_whom = models.CharField(_("gửi"), max_length=300, blank=True)
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    due_text = models.CharField(_("hạn (diễn đạt)"), max_length=200, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")


class Recipient(PlanPart):
    """A line of Nơi nhận with its purpose (b/c, t/h, p/h)."""

    class Purpose(models.TextChoices):
        NONE = "", "—"
        REPORT = "b/c", _("b/c (báo cáo)")
        EXECUTE = "t/h", _("t/h (thực hiện)")
        COORDINATE = "p/h", _("p/h (phối hợp)")

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(_("nơi nhận"), max_length=300)
    purpose = models.CharField(_("mục đích"), max_length=3, choices=Purpose.choices, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")


class PlanEvent(models.Model):
    """A workflow transition: who moved the plan from which state to which, when and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    # The plan's content at this moment (plans/snapshot.py): what the reviewer returned or received.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "at", "id"]


class ReviewComment(models.Model):
    """A reviewer's comment attached to a part of a plan revision: one of the fixed parts (header, legal,
    recipients, signature: Section values) or a node of its outline, by the node's key."""

    commune_path = "plan__commune"  # scoped as its plan (povertyplan.access)
    district_path = "plan__district"
    year_path = "plan__year"

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("phần"), max_length=40)
    text = models.TextField(_("ý kiến"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người góp ý"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    resolved = models.BooleanField(_("đã xử lý"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["plan", "at", "id"]

    def get_section_display(self) -> str:
        """The part commented on: a fixed part's label, or the outline node's heading (its key if none)."""
        node = self.plan.outline.filter(key=self.section).first() if self.plan_id else None
        if node is not None:
            return node.heading or node.key
        return str(Section(self.section).label) if self.section in Section.values else self.section


class DeletedPlan(models.Model):
    """A never-submitted draft deleted by its unit's official: who, when, which unit and year, and the
    plan's content at deletion (its PlanEvents go with it)."""

    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    revision = models.PositiveSmallIntegerField(_("lần sửa"))
    plan_pk = models.PositiveBigIntegerField(_("mã kế hoạch đã xóa"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dự thảo kế hoạch đã xóa")
        verbose_name_plural = _("dự thảo kế hoạch đã xóa")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Kế hoạch năm {self.year} – {self.commune or self.district} (đã xóa)"


from plans.result_models import Period, ResultIndicator, ResultReport, ResultRow  # noqa: E402,F401  (results against targets)
