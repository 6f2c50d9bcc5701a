// After a failed submit the error summary takes focus, so a screen reader reads it first and
// the links in it lead to each field (the summary also has `autofocus`; this is for browsers
// that do not honour it on a non-input element).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary && document.activeElement !== summary) { summary.focus(); }
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) { event.preventDefault(); target.focus(); }
      });
    });
  });
})();
