"""Administrative units, the poverty standard, households with their yearly assessments, and counts.

Year convention: "year N" is the situation at the start of year N, i.e. the result of the review
(rà soát) closed at the end of year N-1. The plan for year N starts from the counts of year N.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from households.names import fill_search_names, search_key
from povertyplan import years
from povertyplan.access import ScopedQuerySet

YEAR_VALIDATORS = [MinValueValidator(years.FIRST), MaxValueValidator(years.LAST)]
LAST_DISTRICT_YEAR = years.LAST_DISTRICT_YEAR  # see povertyplan.years


class Area(models.TextChoices):
    RURAL = "rural", _("nông thôn")
    URBAN = "urban", _("thành thị")


# ---------------------------------------------------------------- administrative units


class ProvinceKind(models.TextChoices):
    TINH = "tinh", _("tỉnh")
    THANH_PHO = "thanh_pho", _("thành phố")


class DistrictKind(models.TextChoices):
    HUYEN = "huyen", _("huyện")
    THI_XA = "thi_xa", _("thị xã")
    QUAN = "quan", _("quận")
    THANH_PHO = "thanh_pho", _("thành phố")


class CommuneKind(models.TextChoices):
    XA = "xa", _("xã")
    PHUONG = "phuong", _("phường")
    THI_TRAN = "thi_tran", _("thị trấn")
    DAC_KHU = "dac_khu", _("đặc khu")


# Which commune kinds count as urban for the poverty line. Đặc khu is not settled: rural until known.
URBAN_COMMUNE_KINDS = {CommuneKind.PHUONG, CommuneKind.THI_TRAN}


class VillageKind(models.TextChoices):
    THON = "thon", _("Thôn")
    BAN = "ban", _("Bản")
    BUON = "buon", _("Buôn")
    AP = "ap", _("Ấp")
    KHOM = "khom", _("Khóm")
    PHO = "pho", _("Phố")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    TIEU_KHU = "tieu_khu", _("Tiểu khu")
    KHU_PHO = "khu_pho", _("Khu phố")
    KHU = "khu", _("Khu")
    LANG = "lang", _("Làng")


def _kind_label(kinds: type[models.TextChoices], value: str) -> str:
    """A unit's kind as written (faster than get_kind_display: units are named by the thousand in the
    national import and its audit entries)."""
    try:
        return str(kinds(value).label)
    except ValueError:
        return value


class UnitBase(models.Model):
    """Fields shared by every administrative unit: official code, name, validity."""

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        abstract = True


class ProvinceQuerySet(ScopedQuerySet):
    pass


class Province(UnitBase):
    """A province or centrally-run city (tỉnh / thành phố)."""

    commune_path = None  # owned by itself as a province (see povertyplan.access)
    province_path = ""

    kind = models.CharField(_("loại"), max_length=12, choices=ProvinceKind.choices, default=ProvinceKind.TINH)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="province_code_unique"),
            models.UniqueConstraint(fields=["name"], name="province_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{_kind_label(ProvinceKind, self.kind)} {self.name}"


class DistrictQuerySet(ScopedQuerySet):
    pass


class District(UnitBase):
    """A district-level unit; gone since 1 July 2025 but named by older plans."""

    commune_path = None  # owned by itself as a district (see povertyplan.access)
    district_path = ""

    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="districts")
    kind = models.CharField(_("loại"), max_length=12, choices=DistrictKind.choices, default=DistrictKind.HUYEN)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("huyện")
        verbose_name_plural = _("huyện")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="district_code_unique"),
            models.UniqueConstraint(fields=["province", "name"], name="district_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{_kind_label(DistrictKind, self.kind)} {self.name}"


class CommuneQuerySet(ScopedQuerySet):
    pass  # the communes of an area in a year: households.areas


class Commune(UnitBase):
    """A commune-level unit (xã, phường, thị trấn, đặc khu): the unit that issues a plan."""

    commune_path = ""

    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="communes")
    district = models.ForeignKey(
        District,
        verbose_name=_("huyện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        help_text=_("Để trống với xã trực thuộc tỉnh (chính quyền hai cấp từ 01/7/2025)."),
    )
    kind = models.CharField(_("loại"), max_length=12, choices=CommuneKind.choices, default=CommuneKind.XA)
    # The district the commune belonged to before the two-level government (1 July 2025), kept for the
    # years before it: their plans, reviews and forms are grouped and reviewed by it (`district_in`).
    former_district = models.ForeignKey(
        District,
        verbose_name=_("huyện trước 01/7/2025"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_communes",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # Bumped by every write of the units pages (the commune, its villages): a stale form is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("xã")
        verbose_name_plural = _("xã")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="commune_code_unique"),
            models.UniqueConstraint(fields=["province", "district", "name"], name="commune_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{_kind_label(CommuneKind, self.kind)} {self.name}"

    def clean(self) -> None:
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            raise ValidationError({"district": _("Huyện không thuộc tỉnh đã chọn.")})
        if self.merged_into_id is not None:
            error = self.merge_error(self.merged_into)
            if error:
                raise ValidationError({"merged_into": error})

    def merge_error(self, into: Commune) -> str:
        """Why this commune cannot be merged into `into` ("" when it can): never into itself, never across
        provinces, never into a commune that is itself merged into another."""
        if into.pk == self.pk:
            return _("Một xã không thể sáp nhập vào chính nó.")
        if into.province_id != self.province_id:
            return _("Chỉ sáp nhập vào xã cùng tỉnh.")
        if into.merged_into_id is not None:
            return _("{into} đã sáp nhập vào {other}: hãy chọn đơn vị đang có hiệu lực.").format(
                into=into, other=into.merged_into
            )
        return ""

    @property
    def area(self) -> str:
        """Urban or rural by the commune's kind (the default for its households)."""
        return Area.URBAN if self.kind in URBAN_COMMUNE_KINDS else Area.RURAL

    def district_in(self, year: int):
        """The district over the commune for a plan or review of `year`: before the two-level
        government (years up to LAST_DISTRICT_YEAR) the former district where one is recorded, from
        then on the current one (None: directly under the province)."""
        if year <= LAST_DISTRICT_YEAR:
            return self.former_district or self.district
        return self.district

    @property
    def reviewing_unit(self):
        """The level that reviews this commune's plan: its district, or the province where none."""
        return self.district or self.province

    def reviewing_unit_in(self, year: int):
        """The level that reviews this commune's plan of `year`: the district in effect that year, or the
        province where none (povertyplan.access decides the same way)."""
        return self.district_in(year) or self.province


class VillageQuerySet(ScopedQuerySet):
    pass


class Village(UnitBase):
    """A village-level unit (thôn, bản, tổ dân phố, tiểu khu...), in the commune's own order."""

    commune_path = "commune"

    commune = models.ForeignKey(Commune, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="villages")
    kind = models.CharField(_("loại"), max_length=12, choices=VillageKind.choices, default=VillageKind.THON)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("thôn")
        verbose_name_plural = _("thôn")
        ordering = ["commune", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="village_code_unique"),
            models.UniqueConstraint(fields=["commune", "name"], name="village_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{_kind_label(VillageKind, self.kind)} {self.name}"


# ---------------------------------------------------------------- the poverty standard


class Status(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    MIDDLE = "middle", _("Hộ có mức sống trung bình")
    NOT_POOR = "not_poor", _("Hộ không nghèo")


class PovertyStandardQuerySet(models.QuerySet):
    def for_year(self, year: int) -> PovertyStandard | None:
        """The standard in force for the situation of `year` (the latest that covers it)."""
        return (
            self.filter(first_year__lte=year)
            .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
            .order_by("-first_year")
            .first()
        )


class PovertyStandard(models.Model):
    """A multidimensional poverty standard (chuẩn nghèo đa chiều) for a period: data, not code."""

    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(
        _("áp dụng đến năm"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    rural_poverty_line = models.PositiveIntegerField(_("chuẩn nghèo nông thôn (đồng/người/tháng)"))
    urban_poverty_line = models.PositiveIntegerField(_("chuẩn nghèo thành thị (đồng/người/tháng)"))
    rural_middle_line = models.PositiveIntegerField(_("mức sống trung bình nông thôn (đồng/người/tháng)"))
    urban_middle_line = models.PositiveIntegerField(_("mức sống trung bình thành thị (đồng/người/tháng)"))
    min_deprivations_poor = models.PositiveSmallIntegerField(_("số chỉ số thiếu hụt tối thiểu của hộ nghèo"), default=3)
    confirmed = models.BooleanField(_("đã xác nhận với văn bản gốc"), default=False)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = PovertyStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuẩn nghèo")
        verbose_name_plural = _("chuẩn nghèo")
        ordering = ["first_year"]

    def __str__(self) -> str:
        end = self.last_year or "…"
        return f"{self.name} ({self.first_year}–{end})"

    def poverty_line(self, area: str) -> int:
        return self.urban_poverty_line if area == Area.URBAN else self.rural_poverty_line

    def middle_line(self, area: str) -> int:
        return self.urban_middle_line if area == Area.URBAN else self.rural_middle_line

    def classify(self, *, area: str, income: int, deprivations: int) -> str:
        """The status a household gets under this standard.

        At or below the line: poor with at least `min_deprivations_poor` deprivations, else near-poor.
        Above the line the deprivations no longer matter: middle living standard up to the middle line.
        """
        if income <= self.poverty_line(area):
            return Status.POOR if deprivations >= self.min_deprivations_poor else Status.NEAR_POOR
        if income <= self.middle_line(area):
            return Status.MIDDLE
        return Status.NOT_POOR


class Indicator(models.Model):
    """One deprivation indicator of a standard; its wording is editable text."""

    standard = models.ForeignKey(
        PovertyStandard, verbose_name=_("chuẩn nghèo"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    dimension = models.CharField(_("chiều"), max_length=80)
    name = models.CharField(_("chỉ số"), max_length=120)
    deprivation = models.TextField(_("ngưỡng thiếu hụt"), blank=True)

    class Meta:
        verbose_name = _("chỉ số thiếu hụt")
        verbose_name_plural = _("chỉ số thiếu hụt")
        ordering = ["standard", "number"]
        constraints = [models.UniqueConstraint(fields=["standard", "number"], name="indicator_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Ethnicity(models.Model):
    """One of Vietnam's 54 ethnic groups; all but the Kinh are ethnic minorities (DTTS)."""

    name = models.CharField(_("dân tộc"), max_length=40, unique=True)
    is_minority = models.BooleanField(_("dân tộc thiểu số"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PovertyCause(models.Model):
    """A cause of poverty from the standard list (thiếu vốn, thiếu đất, ...)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("nguyên nhân"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nguyên nhân nghèo")
        verbose_name_plural = _("nguyên nhân nghèo")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- households


class HouseholdQuerySet(ScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_search_names(objs)  # bulk_create skips save()
        return super().bulk_create(objs, *args, **kwargs)

    def matching_name(self, query: str, prefix: str = ""):
        """Households whose head's name contains `query`, ignoring case and diacritics."""
        return self.filter(**{f"{prefix}search_name__contains": search_key(query)})


class Household(models.Model):
    """A household of the registry: who they are and where they live. Status lives in Assessment."""

    commune_path = "village__commune"

    village = models.ForeignKey(Village, verbose_name=_("thôn"), on_delete=models.PROTECT, related_name="households")
    head_name = models.CharField(_("họ tên chủ hộ"), max_length=120)
    # head_name folded (lower case, no diacritics, đ -> d): searched the same way on SQLite and PostgreSQL.
    search_name = models.CharField(max_length=120, blank=True, editable=False, db_index=True)
    members = models.PositiveSmallIntegerField(
        _("số nhân khẩu"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("dân tộc"), on_delete=models.PROTECT)
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)
    area = models.CharField(
        _("khu vực áp dụng chuẩn"),
        max_length=8,
        choices=Area.choices,
        blank=True,
        help_text=_("Để trống để lấy theo loại xã (phường, thị trấn: thành thị; xã: nông thôn)."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["village", "head_name", "id"]

    def __str__(self) -> str:
        return self.head_name

    def save(self, *args, **kwargs):
        fill_search_names([self])
        if kwargs.get("update_fields") is not None and "head_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def effective_area(self) -> str:
        return self.area or self.village.commune.area


class Category(models.TextChoices):
    """Special categories recorded per household and reported separately."""

    MERIT = "merit", _("Có thành viên là người có công")
    SOCIAL_PROTECTION = "social_protection", _("Hộ bảo trợ xã hội")
    NO_LABOUR = "no_labour", _("Không có khả năng lao động")
    ETHNIC_MINORITY = "ethnic_minority", _("Dân tộc thiểu số")
    FEMALE_HEAD = "female_head", _("Chủ hộ là nữ")
    DISABILITY = "disability", _("Có thành viên khuyết tật")


# Category -> the Assessment field that records it.
CATEGORY_FIELDS = {
    Category.MERIT: "is_merit",
    Category.SOCIAL_PROTECTION: "is_social_protection",
    Category.NO_LABOUR: "no_labour_capacity",
    Category.ETHNIC_MINORITY: "ethnic_minority",
    Category.FEMALE_HEAD: "female_head",
    Category.DISABILITY: "has_disability",
}


class AssessmentQuerySet(ScopedQuerySet):
    def village_totals(self):
        """Per village: households assessed, poor, near-poor, and those still pending in an open review
        (carried forward, not re-assessed: never counted as the year's result). One GROUP BY query.

        `.order_by()` first: the default ordering (household, year) would keep a JOIN to household in
        the aggregate, and every page would pay for the whole province's households.
        """
        assessed = Q(carried_forward=False)
        return (
            self.order_by()
            .values("village")
            .annotate(
                total=Count("id", filter=assessed),
                poor=Count("id", filter=assessed & Q(status=Status.POOR)),
                near_poor=Count("id", filter=assessed & Q(status=Status.NEAR_POOR)),
                pending=Count("id", filter=Q(carried_forward=True)),
            )
        )


class Assessment(models.Model):
    """A household's situation in one year under the standard of that year, and its classification.

    `computed_status` comes from the standard; `override_status` is what an official recorded instead,
    with a reason; `status` is the one that counts. All three are kept so both stay visible.
    """

    commune_path = "village__commune"
    year_path = "year"

    household = models.ForeignKey(Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    village = models.ForeignKey(Village, verbose_name=_("thôn"), on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(PovertyStandard, verbose_name=_("chuẩn nghèo"), on_delete=models.PROTECT)
    income_per_capita = models.PositiveIntegerField(_("thu nhập bình quân (đồng/người/tháng)"))
    deprivations = models.ManyToManyField(Indicator, verbose_name=_("chỉ số thiếu hụt"), blank=True)
    deprivation_count = models.PositiveSmallIntegerField(_("số chỉ số thiếu hụt"), default=0, editable=False)
    is_merit = models.BooleanField(_("có thành viên là người có công"), default=False)
    is_social_protection = models.BooleanField(_("hộ bảo trợ xã hội"), default=False)
    no_labour_capacity = models.BooleanField(_("không có khả năng lao động"), default=False)
    ethnic_minority = models.BooleanField(_("dân tộc thiểu số"), default=False, editable=False)
    female_head = models.BooleanField(_("chủ hộ là nữ"), default=False)
    has_disability = models.BooleanField(_("có thành viên khuyết tật"), default=False)
    causes = models.ManyToManyField(PovertyCause, verbose_name=_("nguyên nhân nghèo"), blank=True)
    computed_status = models.CharField(_("phân loại theo chuẩn"), max_length=10, choices=Status.choices, editable=False)
    override_status = models.CharField(_("phân loại ghi nhận"), max_length=10, choices=Status.choices, blank=True)
    override_reason = models.TextField(_("lý do ghi nhận khác"), blank=True)
    status = models.CharField(_("phân loại"), max_length=10, choices=Status.choices, editable=False)
    # Copied from last year's answers when the year's review was opened, not yet re-assessed: it does
    # not count as assessed in the year (households/review_models.py).
    carried_forward = models.BooleanField(_("chưa rà soát lại"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả rà soát")
        verbose_name_plural = _("kết quả rà soát")
        ordering = ["household", "year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="assessment_once_a_year"),
            models.CheckConstraint(
                condition=Q(override_status="") | ~Q(override_reason=""), name="override_needs_reason"
            ),
        ]
        indexes = [models.Index(fields=["village", "year", "status"], name="assessment_count_idx")]

    def __str__(self) -> str:
        return f"{self.household} {self.year}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_status) and self.override_status != self.computed_status


# ---------------------------------------------------------------- counts typed by the commune


class VillageCountQuerySet(ScopedQuerySet):
    pass


class VillageCount(models.Model):
    """Counts typed by the commune for a village and year, where no registry backs them."""

    commune_path = "village__commune"
    year_path = "year"

    village = models.ForeignKey(Village, verbose_name=_("thôn"), on_delete=models.PROTECT, related_name="counts")
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    total_households = models.PositiveIntegerField(_("tổng số hộ"))
    poor = models.PositiveIntegerField(_("hộ nghèo"))
    near_poor = models.PositiveIntegerField(_("hộ cận nghèo"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VillageCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu thôn")
        verbose_name_plural = _("số liệu thôn")
        ordering = ["village", "year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="village_count_once_a_year"),
            models.CheckConstraint(condition=Q(poor__lte=models.F("total_households")), name="poor_within_total"),
            models.CheckConstraint(
                condition=Q(near_poor__isnull=True) | Q(near_poor__lte=models.F("total_households") - models.F("poor")),
                name="near_poor_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"


from households.imports.models import ImportJob  # noqa: E402,F401  (the import jobs, in their own module)
from households.review_models import EventKind, HouseholdEvent, Review, ReviewState  # noqa: E402,F401  (the review year)
