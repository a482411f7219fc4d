// Progressive enhancements only: every flow works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language form as soon as a language is chosen.
  for (const select of document.querySelectorAll(".lang-switch select")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // A print button where printing is possible (the printable CV); without it, the browser's own.
  for (const button of document.querySelectorAll("button[data-print]")) {
    if (typeof window.print !== "function") continue;
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Ask before destructive actions (forms marked data-confirm="question").
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
