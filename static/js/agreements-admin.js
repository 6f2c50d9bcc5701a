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

// Agenda items on a meeting's page: a row added in the browser gets the next § number, and
// each item has "Move up" / "Move down" buttons that swap its number with its neighbour's
// (the order is the numbers; saving stores it). Without the script the numbers are typed.
(function () {
  "use strict";
  var english = document.documentElement.lang === "en";
  function rows() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".agenda-items .inline-related"),
      function (row) {
        return !row.classList.contains("empty-form") && row.querySelector("input[name$='-number']");
      }
    );
  }
  function number(row) { return row.querySelector("input[name$='-number']"); }
  function swap(row, other) {
    if (!other) { return; }
    var a = number(row), b = number(other);
    var value = a.value; a.value = b.value; b.value = value;
    if (parseInt(a.value, 10) > parseInt(b.value, 10)) {
      other.parentNode.insertBefore(other, row);
    } else {
      row.parentNode.insertBefore(row, other);
    }
    a.focus();
  }
  function addButtons(row) {
    if (row.dataset.moveReady) { return; }
    row.dataset.moveReady = "1";
    var holder = document.createElement("p");
    holder.className = "agenda-move";
    [["up", english ? "Move up" : "Flytta upp"], ["down", english ? "Move down" : "Flytta ned"]]
      .forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = pair[1];
        button.addEventListener("click", function () {
          var list = rows(), index = list.indexOf(row);
          swap(row, list[pair[0] === "up" ? index - 1 : index + 1]);
        });
        holder.appendChild(button);
      });
    number(row).insertAdjacentElement("afterend", holder);
  }
  function nextNumber(added) {
    var highest = 0;
    rows().forEach(function (row) {
      if (row !== added) { highest = Math.max(highest, parseInt(number(row).value, 10) || 0); }
    });
    return highest + 1;
  }
  document.addEventListener("DOMContentLoaded", function () { rows().forEach(addButtons); });
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    if (!row.closest || !row.closest(".agenda-items") || !number(row)) { return; }
    number(row).value = nextNumber(row);
    addButtons(row);
  });
})();
