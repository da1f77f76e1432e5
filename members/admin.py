from django.contrib import admin

from organizations.admin import ReadOnlyAdmin

from .models import Ethnicity, Member


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin[Ethnicity]):
    list_display = ("code", "name")
    search_fields = ("name",)


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = (
        "full_name",
        "organization",
        "status",
        "ceremony_date",
        "official_date",
    )
    list_filter = ("status", "sex")
    search_fields = ("full_name",)
    list_select_related = ("organization",)
