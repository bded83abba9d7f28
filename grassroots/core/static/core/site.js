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
  // Character counters for inputs with data-maxlength-counter.
  document.addEventListener("input", function (event) {
    var input = event.target;
    var counterId = input.getAttribute && input.getAttribute("data-counter");
    if (!counterId) return;
    var counter = document.getElementById(counterId);
    if (counter) counter.textContent = Array.from(input.value).length + " / " + input.maxLength;
  });
})();
