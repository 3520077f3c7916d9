// "Thêm dòng" on a plan part's form (templates/plans/part_edit.html): adds a row built from the formset's
// empty form (<template data-formset-empty>, "__prefix__" for its index), raises TOTAL_FORMS and offers the
// next STT (the highest on the page + 1). Without script the button stays hidden; the blank rows remain.
"use strict";

document.querySelectorAll("form[data-formset]").forEach((form) => {
  const prefix = form.dataset.formset;
  const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = form.querySelector("template[data-formset-empty]");
  const rows = form.querySelector("[data-formset-rows]");
  const button = form.querySelector("[data-formset-add]");
  if (!total || !template || !rows || !button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number.parseInt(total.value, 10);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    const holder = document.createElement("template");
    holder.innerHTML = html;
    const row = holder.content.querySelector("[data-formset-row]");
    if (!row) {
      return;
    }
    const orders = Array.from(rows.querySelectorAll(`input[name^="${prefix}-"][name$="-order"]`))
      .map((input) => Number.parseInt(input.value.replaceAll(".", ""), 10))
      .filter((value) => Number.isFinite(value));
    const order = row.querySelector(`input[name="${prefix}-${index}-order"]`);
    if (order) {
      order.value = String(orders.length ? Math.max(...orders) + 1 : 1);
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    const first = row.querySelector("input:not([type=hidden]):not([name$='-order']), textarea, select");
    (first || order)?.focus();
  });
});
