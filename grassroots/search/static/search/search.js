// Search box suggestions (keyboard navigation, listbox semantics) and result click beacons.
(function () {
  "use strict";

  function setup(box) {
    var input = box.querySelector("input[name=q]");
    var panel = box.querySelector(".suggest");
    if (!input || !panel) return;
    var active = -1;

    function options() { return Array.prototype.slice.call(panel.querySelectorAll("[role=option]")); }
    function open() {
      var has = options().length > 0;
      panel.hidden = !has;
      input.setAttribute("aria-expanded", has ? "true" : "false");
    }
    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (panel.hidden) open();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        var link = options()[active] && options()[active].querySelector("a");
        if (link) { event.preventDefault(); window.location.href = link.href; }
      } else if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();  // close the list; a second Escape clears the box as usual
        close();
      } else if (event.key === "Delete" && active >= 0) {
        var remove = options()[active] && options()[active].querySelector(".suggest-remove");
        if (remove) { event.preventDefault(); remove.click(); }
      }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== panel) return;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input || box.contains(document.activeElement)) open();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
  }

  // A click on a result card tells the server which note the search led to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a");
    var grid = link && link.closest("[data-search-click]");
    var card = link && link.closest("[data-note-id]");
    if (!grid || !card || !navigator.sendBeacon) return;
    var token = grid.getAttribute("data-search-token");
    var csrf = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (!token || !csrf) return;
    var data = new FormData();
    data.append("t", token);
    data.append("note", card.getAttribute("data-note-id"));
    data.append("csrfmiddlewaretoken", decodeURIComponent(csrf[1]));
    navigator.sendBeacon(grid.getAttribute("data-search-click"), data);
  });

  function init() { document.querySelectorAll("[data-search-box]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
