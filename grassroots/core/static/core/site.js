// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  // Image carousel: prev/next buttons and "n / N" counter.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".carousel .nav");
    if (!button) return;
    var slides = button.closest(".carousel").querySelector(".slides");
    var step = slides.clientWidth * (button.classList.contains("next") ? 1 : -1);
    slides.scrollBy({ left: step, behavior: "smooth" });
  });
  document.addEventListener("scroll", function (event) {
    var slides = event.target;
    if (!slides.classList || !slides.classList.contains("slides")) return;
    var counter = slides.closest(".carousel").querySelector(".count");
    if (counter) {
      var index = Math.round(slides.scrollLeft / Math.max(slides.clientWidth, 1)) + 1;
      counter.textContent = index + " / " + slides.children.length;
    }
  }, true);
  // A button with data-dismiss="<selector>" closes (removes) the enclosing element it names;
  // Escape closes the open board chooser.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    if (!button) return;
    var panel = button.closest(button.getAttribute("data-dismiss"));
    if (panel) panel.remove();
  });
  // On phones the chooser is a sheet over a dimmed page: a tap outside closes it and does
  // nothing else (the dimmed links are not meant to be live).
  document.addEventListener("click", function (event) {
    var sheet = document.querySelector(".board-chooser-slot .board-chooser");
    if (!sheet || sheet.contains(event.target) || getComputedStyle(sheet).position !== "fixed") return;
    event.preventDefault();
    event.stopPropagation();
    sheet.remove();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".board-chooser-slot .board-chooser").forEach(function (panel) { panel.remove(); });
  });
  // Character counters for inputs with data-maxlength-counter.
  document.addEventListener("input", function (event) {
    var input = event.target;
    var counterId = input.getAttribute && input.getAttribute("data-counter");
    if (!counterId) return;
    var counter = document.getElementById(counterId);
    if (counter) counter.textContent = Array.from(input.value).length + " / " + input.maxLength;
  });

  // Masonry: each card goes into the currently shortest column, so ranking reads across the
  // rows and a further page only appends below: cards already shown never move. Without this
  // script .masonry stays CSS columns (site.css). All state lives in the DOM (column count,
  // each card's rank), so htmx history snapshots restore cleanly.
  var COLUMN_QUERIES = [["(min-width: 1280px)", 5], ["(min-width: 1040px)", 4], ["(min-width: 760px)", 3]];
  function masonryColumnCount() {
    for (var i = 0; i < COLUMN_QUERIES.length; i++) {
      if (window.matchMedia(COLUMN_QUERIES[i][0]).matches) return COLUMN_QUERIES[i][1];
    }
    return 2;
  }
  function directChildren(grid, className) {
    return Array.prototype.filter.call(grid.children, function (el) { return el.classList.contains(className); });
  }
  function cardHeight(card) {
    // Stray cards sit in a grid cell of the column width; their cover box keeps the picture's
    // aspect ratio, so the height is right before the image loads. A hidden grid measures 0:
    // fall back to that ratio.
    var margin = parseFloat(getComputedStyle(card).marginBottom) || 0;
    if (card.offsetHeight) return card.offsetHeight + margin;
    var cover = card.querySelector(".cover");
    var parts = cover ? String(cover.style.aspectRatio).split("/") : [];
    var ratio = parts.length === 2 ? parseFloat(parts[1]) / parseFloat(parts[0]) : 1;
    return (ratio || 1) * 200 + 70;
  }
  function masonryPlace(grid) {
    var strays = directChildren(grid, "card");
    if (!strays.length) return;
    var columns = directChildren(grid, "masonry-col");
    // Read every height first (one layout), then move the cards.
    var heights = columns.map(function (column) { return column.offsetHeight; });
    var sizes = strays.map(cardHeight);
    var next = parseInt(grid.getAttribute("data-masonry-next") || "0", 10);
    strays.forEach(function (card, i) {
      var shortest = 0;
      for (var c = 1; c < heights.length; c++) if (heights[c] < heights[shortest]) shortest = c;
      card.setAttribute("data-masonry-rank", String(next++));
      columns[shortest].appendChild(card);
      heights[shortest] += sizes[i];
    });
    grid.setAttribute("data-masonry-next", String(next));
  }
  function masonryBuild(grid, count) {
    // Cards back into ranking order as direct children, then fresh columns in front of them.
    var cards = Array.prototype.slice.call(grid.querySelectorAll(".card"));
    var rank = function (card) {
      var value = card.getAttribute("data-masonry-rank");
      return value === null ? Infinity : parseInt(value, 10);
    };
    cards.sort(function (a, b) { return rank(a) - rank(b); });  // stable: new cards keep DOM order
    cards.forEach(function (card) { card.removeAttribute("data-masonry-rank"); });
    var columns = directChildren(grid, "masonry-col");
    var fragment = document.createDocumentFragment();
    for (var c = 0; c < count; c++) {
      var column = document.createElement("div");
      column.className = "masonry-col";
      fragment.appendChild(column);
    }
    cards.forEach(function (card) { fragment.appendChild(card); });
    columns.forEach(function (column) { column.remove(); });
    grid.insertBefore(fragment, grid.firstChild);  // the sentinel, if any, stays last
    grid.setAttribute("data-masonry-next", "0");
    grid.setAttribute("data-masonry-columns", String(count));
    grid.style.setProperty("--masonry-columns", String(count));
    grid.classList.add("masonry-js");
    masonryPlace(grid);
  }
  function masonryLayout() {
    var count = masonryColumnCount();
    document.querySelectorAll(".masonry").forEach(function (grid) {
      if (grid.getAttribute("data-masonry-columns") !== String(count)) masonryBuild(grid, count);
      else masonryPlace(grid);
    });
  }
  masonryLayout();
  // New cards arrive by htmx (the sentinel swaps itself for a page of cards and a new sentinel,
  // a profile tab swaps in a whole grid); history restores bring back a laid-out snapshot.
  ["htmx:afterSwap", "htmx:load", "htmx:historyRestore"].forEach(function (name) {
    document.addEventListener(name, masonryLayout);
  });
  // Re-layout only when a breakpoint is crossed; within one, the columns just stretch.
  COLUMN_QUERIES.forEach(function (query) {
    window.matchMedia(query[0]).addEventListener("change", masonryLayout);
  });
})();
