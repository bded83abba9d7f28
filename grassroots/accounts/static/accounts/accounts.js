// Avatar preview on the settings page. The form works without this file.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-avatar-input]")) return;
    var form = input.closest("form");
    var preview = form && form.querySelector("[data-avatar-preview]");
    var current = form && form.querySelector("[data-avatar-current]");
    if (!preview) return;
    var file = input.files && input.files[0];
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
