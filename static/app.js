// Progressive enhancements only: every flow works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language form as soon as a language is chosen.
  for (const select of document.querySelectorAll(".lang-switch select")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // Ask before destructive actions (forms marked data-confirm="question").
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
