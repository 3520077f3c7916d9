// Behaviour for our pages, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
//
// <select data-autosubmit>: submits its form when the choice changes (year pickers, the language switch,
// the review queue's status filter). Each such form keeps a <noscript> button for browsers without script.
"use strict";

document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.requestSubmit();
  }
});

// <input type=checkbox data-check-all="NAME">: ticks or unticks every checkbox named NAME on the page (the
// village list's "all households of this page" in an open review).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.dataset.checkAll) {
    for (const box of document.querySelectorAll(`input[type=checkbox][name="${target.dataset.checkAll}"]`)) {
      box.checked = target.checked;
    }
  }
});
