"""The program catalogue is national data: superusers correct it in the admin."""

from django.contrib import admin

from households.admin import NationalAdmin
from plans import models


class ProgramItemInline(admin.TabularInline):
    model = models.ProgramItem
    extra = 0
    fields = ["kind", "number", "name", "parent", "order"]


@admin.register(models.ProgramVersion)
class ProgramVersionAdmin(NationalAdmin):
    list_display = ["name", "first_year", "last_year"]
    inlines = [ProgramItemInline]
