// Insight filters: a preset window and custom dates exclude each other, and empty filters stay
// out of the request (so the URL htmx pushes is short and bookmarkable).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field && field.closest ? field.closest("form[data-insight-filters]") : null;
    if (!form) return;
    if (field.name === "days" && field.value) {
      form.querySelectorAll("input[name=since], input[name=until]").forEach(function (input) { input.value = ""; });
    } else if ((field.name === "since" || field.name === "until") && field.value) {
      var days = form.querySelector("select[name=days]");
      if (days) days.value = "";
    }
  }, true);
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form[data-insight-filters]") : null;
    if (!form) return;
    var params = event.detail.parameters;
    var names = [];
    if (params && typeof params.forEach === "function" && typeof params.delete === "function") {
      params.forEach(function (value, name) { if (value === "") names.push(name); });
      names.forEach(function (name) { params.delete(name); });
    } else if (params) {
      Object.keys(params).forEach(function (name) { if (params[name] === "") delete params[name]; });
    }
  });
})();
