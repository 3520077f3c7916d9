// The import preview page: while the file is read, poll the job's progress and reload when it is done;
// once ready, a save form submits once (a double click does not post twice).
"use strict";

(() => {
  const box = document.querySelector("[data-import-progress]");
  if (box) {
    const url = box.getAttribute("data-import-progress");
    const text = box.querySelector("[data-progress-text]");
    const bar = box.querySelector("[data-progress-bar]");
    const poll = () => {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => response.json())
        .then((job) => {
          if (job.status !== "parsing") {
            window.location.reload();
            return;
          }
          text.textContent = job.total ? `${job.done} / ${job.total}` : `${job.done}`;
          bar.style.width = `${job.percent}%`;
          window.setTimeout(poll, 700);
        })
        .catch(() => window.setTimeout(poll, 2000));
    };
    window.setTimeout(poll, 500);
  }
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      for (const button of form.querySelectorAll("button")) button.disabled = true;
    });
  }
})();
