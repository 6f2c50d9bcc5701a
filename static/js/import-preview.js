// The corrections of an import preview without a page load. The form posts exactly as it does
// without JavaScript (the server keeps the corrections and answers with the preview again);
// the new preview then replaces the old one in place and the corrected line is scrolled to.
// When the answer holds no preview (a document read by the worker shows its progress page) the
// browser goes there, and on a network error the form is sent the ordinary way.
(function () {
  "use strict";
  var REGION = "[data-import-preview]";

  function announce(text) {
    var status = document.querySelector("[data-import-status]");
    if (status) { status.textContent = text; }
  }

  function swap(region, answer, line) {
    var page = new DOMParser().parseFromString(answer.html, "text/html");
    var fresh = page.querySelector(REGION);
    if (!fresh) {
      window.location.assign(answer.url);
      return;
    }
    var adopted = document.importNode(fresh, true);
    region.replaceWith(adopted);
    var address = answer.url.split("#")[0] + (line ? "#line-" + line : "");
    window.history.replaceState(null, "", address);
    announce(document.documentElement.lang === "en" ? "The preview is updated." : "Förhandsvisningen är uppdaterad.");
    var target = (line && document.getElementById("line-" + line)) || adopted;
    target.scrollIntoView({ block: "center" });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var region = form.closest(REGION);
    var submitter = event.submitter;
    if (!region || !submitter || submitter.name !== "update" || form.dataset.plain || !window.fetch) {
      return;
    }
    event.preventDefault();
    var body = new FormData(form);
    body.append(submitter.name, submitter.value);
    var line = body.get("first_line");
    region.setAttribute("aria-busy", "true");
    fetch(form.action || window.location.href, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) { return { url: response.url, html: html }; });
      })
      .then(function (answer) { swap(region, answer, line); })
      .catch(function () {
        form.dataset.plain = "1";
        submitter.click();
      });
  });
})();
