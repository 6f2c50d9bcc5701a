// The projector page of the opinion barometer: refresh the counts every few seconds.
// Without JavaScript the page still shows the spread and a link to reload it.
(function () {
  "use strict";
  var root = document.querySelector("[data-results-url]");
  if (!root || !window.fetch || !root.querySelector("[data-total]")) { return; }
  var url = root.getAttribute("data-results-url");
  var delay = 3000;

  function update(data) {
    data.points.forEach(function (point) {
      var row = root.querySelector('[data-point="' + point.value + '"]');
      if (!row) { return; }
      row.querySelector("[data-count]").textContent = point.count;
      row.querySelector("[data-percent]").textContent = point.percent;
      row.querySelector("progress").value = point.percent;
    });
    root.querySelector("[data-total]").textContent = data.total;
    root.querySelector("[data-status]").textContent = data.status_label;
    return data.status === "open" || data.status === "ready";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var stillOpen = data ? update(data) : true;
        if (stillOpen) { window.setTimeout(poll, delay); }
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });
  }
  window.setTimeout(poll, delay);
}());
