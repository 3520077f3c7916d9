"""The program catalogue is national data: superusers correct it in the admin (povertyplan.access says so)."""

from django.contrib import admin

from plans import models
from povertyplan.admin import ReferenceAdmin, SuperuserOnly


class ProgramItemInline(SuperuserOnly, admin.TabularInline):
    model = models.ProgramItem
    extra = 0
    fields = ["kind", "number", "name", "parent", "order"]


@admin.register(models.ProgramVersion)
class ProgramVersionAdmin(ReferenceAdmin):  # no history on the catalogue: a plain admin
    list_display = ["name", "first_year", "last_year"]
    inlines = [ProgramItemInline]
