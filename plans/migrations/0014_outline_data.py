"""Every plan's fixed sections and texts become its outline, in the order the page showed them.

The keys are the old sections' (purpose, situation, ..., village-table): anchors and the reviewers'
comments (ReviewComment.section) keep pointing at the same place, so no comment needs rewriting. The
village table is clause 1 of "Mục tiêu", printed as an annex. "Kết quả năm trước" only where it had a text.
Backwards: the texts go back to the plan's fields from the nodes with those keys.
"""

from django.db import migrations

# (key, heading, text field, part); the village table goes under "goals".
SECTIONS = (
    ("purpose", "MỤC ĐÍCH, YÊU CẦU", "purpose", ""),
    ("situation", "THỰC TRẠNG, NGUYÊN NHÂN NGHÈO", "situation_text", "figures"),
    ("previous", "KẾT QUẢ NĂM TRƯỚC", "previous_results_text", ""),
    ("goals", "MỤC TIÊU", "general_goal", "targets"),
    ("projects", "DỰ ÁN, TIỂU DỰ ÁN THỰC HIỆN", "", "projects"),
    ("tasks", "NHIỆM VỤ VÀ GIẢI PHÁP", "tasks_solutions", ""),
    ("funding", "KINH PHÍ", "funding_text", "funding"),
    ("responsibilities", "TỔ CHỨC THỰC HIỆN", "", "responsibilities"),
    ("reporting", "CHẾ ĐỘ BÁO CÁO", "", "reporting"),
)
TABLE = ("village-table", "Bảng chỉ tiêu theo thôn", "village-table")


def annex_title(year):
    return f"DỰ KIẾN CHỈ TIÊU GIẢM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}"


def forwards(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    OutlineNode = apps.get_model("plans", "OutlineNode")
    for plan in Plan.objects.order_by("pk").iterator():
        order = 0
        for key, heading, field, part in SECTIONS:
            text = getattr(plan, field) if field else ""
            if key == "previous" and not text:
                continue
            order += 1
            node = OutlineNode.objects.create(
                plan=plan, order=order, key=key, style="roman", heading=heading, text=text or "", part=part
            )
            if key == "goals":
                key, heading, part = TABLE
                OutlineNode.objects.create(
                    plan=plan,
                    parent=node,
                    order=1,
                    key=key,
                    style="arabic",
                    heading=heading,
                    part=part,
                    annex_title=annex_title(plan.year),
                )


def backwards(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    OutlineNode = apps.get_model("plans", "OutlineNode")
    fields = {key: field for key, _heading, field, _part in SECTIONS if field}
    for plan in Plan.objects.order_by("pk").iterator():
        texts = dict(OutlineNode.objects.filter(plan=plan, key__in=fields).values_list("key", "text"))
        for key, field in fields.items():
            setattr(plan, field, texts.get(key, ""))
        plan.save(update_fields=list(fields.values()))
    OutlineNode.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_outline")]

    operations = [migrations.RunPython(forwards, backwards)]
