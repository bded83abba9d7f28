// Product picker of the publish form: a ticked search result moves to the chosen list, so the
// next search (which replaces the results) keeps it.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "products") return;
  const picker = box.closest(".product-picker");
  if (!picker) return;
  const label = box.closest("label");
  const chosen = picker.querySelector(".chosen");
  if (box.checked && label && chosen && !chosen.contains(label)) chosen.appendChild(label);
});
