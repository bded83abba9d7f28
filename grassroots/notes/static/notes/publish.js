// Publish/edit form: preview chosen pictures, reorder them, describe them, keep the count.
// Without this script the plain file input still uploads the pictures in selection order.
(function () {
  "use strict";
  var MAX_IMAGES = 18;

  function setup(form) {
    var input = form.querySelector("input[type=file][name=images]");
    var uploader = form.querySelector("[data-uploader]");
    var template = form.querySelector("template[data-new-thumb]");
    var counter = form.querySelector("[data-image-counter]");
    if (!input || !uploader || !template) return;
    var addTile = uploader.querySelector(".add");
    var canRebuild = typeof DataTransfer === "function";
    if (canRebuild) input.classList.add("sr-only");

    uploader.querySelectorAll("[data-existing] .thumb-tools").forEach(function (tools) {
      tools.hidden = false;
    });

    function newThumbs() {
      return Array.prototype.slice.call(uploader.querySelectorAll("[data-new]"));
    }

    function keptCount() {
      return uploader.querySelectorAll("[data-existing] input[name=keep_image_ids]:checked").length;
    }

    function refresh() {
      var total = keptCount() + newThumbs().length;
      if (counter) {
        counter.textContent = total + " / " + MAX_IMAGES;
        counter.classList.toggle("over", total > MAX_IMAGES);
      }
      if (canRebuild) {
        var transfer = new DataTransfer();
        newThumbs().forEach(function (thumb) { transfer.items.add(thumb._file); });
        input.files = transfer.files;
      }
    }

    function addFiles(files) {
      if (!canRebuild) {
        newThumbs().forEach(function (thumb) { thumb.remove(); });
      }
      Array.prototype.forEach.call(files, function (file) {
        var thumb = template.content.firstElementChild.cloneNode(true);
        thumb._file = file;
        var img = thumb.querySelector("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        if (!canRebuild) thumb.querySelector(".thumb-tools").hidden = true;
        uploader.insertBefore(thumb, addTile);
      });
      refresh();
    }

    input.addEventListener("change", function () {
      if (canRebuild) {
        // Picking again adds to the pictures already chosen instead of replacing them.
        var picked = Array.prototype.slice.call(input.files);
        var transfer = new DataTransfer();
        newThumbs().forEach(function (thumb) { transfer.items.add(thumb._file); });
        input.files = transfer.files;
        addFiles(picked);
      } else {
        addFiles(input.files);
      }
    });

    uploader.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var thumb = button.closest(".thumb");
      if (button.hasAttribute("data-remove")) {
        var img = thumb.querySelector("img");
        if (img && img.src.indexOf("blob:") === 0) URL.revokeObjectURL(img.src);
        thumb.remove();
        refresh();
        return;
      }
      var step = parseInt(button.getAttribute("data-move"), 10);
      if (!step) return;
      // Existing pictures move among existing ones, new among new (the server keeps that order).
      var kind = thumb.hasAttribute("data-new") ? "data-new" : "data-existing";
      var sibling = step < 0 ? thumb.previousElementSibling : thumb.nextElementSibling;
      if (!sibling || !sibling.hasAttribute(kind)) return;
      if (step < 0) uploader.insertBefore(thumb, sibling);
      else uploader.insertBefore(sibling, thumb);
      button.focus();
      refresh();
    });

    uploader.addEventListener("change", function (event) {
      if (event.target.name === "keep_image_ids") {
        event.target.closest(".thumb").classList.toggle("dropped", !event.target.checked);
        refresh();
      }
    });

    form.addEventListener("submit", function () {
      refresh();
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        // Disable after the browser has read the clicked button's name/value.
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
    refresh();
  }

  document.querySelectorAll("form[data-publish-form]").forEach(setup);
})();
