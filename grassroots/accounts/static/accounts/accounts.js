// Settings page avatar: a labelled button stands in for the native file input, with a
// preview of the picked picture and its file name. The form works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-avatar-edit]").forEach(function (block) {
    block.classList.add("is-enhanced");
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-avatar-input]")) return;
    var form = input.closest("form");
    var preview = form && form.querySelector("[data-avatar-preview]");
    var current = form && form.querySelector("[data-avatar-current]");
    var filename = form && form.querySelector("[data-avatar-filename]");
    var file = input.files && input.files[0];
    if (filename) filename.textContent = file ? file.name : "";
    if (!preview) return;
    if (preview.dataset.url) URL.revokeObjectURL(preview.dataset.url);
    if (!file || !/^image\//.test(file.type)) {
      preview.hidden = true;
      if (current) current.hidden = false;
      return;
    }
    preview.dataset.url = URL.createObjectURL(file);
    preview.src = preview.dataset.url;
    preview.hidden = false;
    if (current) current.hidden = true;
  });
})();
