// Markdown preview in the administration: a button under each Markdown field shows the text
// as the public will see it (rendered and sanitised on the server).
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function attach(textarea) {
    if (textarea.dataset.previewReady) { return; }
    textarea.dataset.previewReady = "1";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = document.documentElement.lang === "en" ? "Preview" : "Förhandsgranska";
    var output = document.createElement("div");
    output.className = "markdown-preview";
    output.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      var body = new FormData();
      body.append("text", textarea.value);
      fetch(textarea.dataset.previewUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) { return response.json(); })
        .then(function (data) { output.innerHTML = data.html; });
    });
    textarea.insertAdjacentElement("afterend", output);
    textarea.insertAdjacentElement("afterend", button);
  }
  function attachAll() {
    document.querySelectorAll("textarea.markdown-input[data-preview-url]").forEach(function (t) {
      if (!t.closest(".empty-form")) { attach(t); }
    });
  }
  document.addEventListener("DOMContentLoaded", attachAll);
  document.addEventListener("formset:added", attachAll);
})();
