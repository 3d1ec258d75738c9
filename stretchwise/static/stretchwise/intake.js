// The body map mirrors the list of areas: tapping a shape ticks its box, ticking a box fills its shape.
(function () {
  function sync(area, on) {
    document.querySelectorAll('.bodymap [data-area="' + area + '"]').forEach(function (shape) {
      shape.classList.toggle("on", on);
    });
  }
  document.addEventListener("click", function (event) {
    var shape = event.target.closest(".bodymap [data-area]");
    if (!shape) return;
    var box = document.querySelector('input[name="pain_regions"][value="' + shape.dataset.area + '"]');
    if (!box) return;
    box.checked = !box.checked;
    sync(box.value, box.checked);
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name === "pain_regions") sync(box.value, box.checked);
  });
  var problems = document.getElementById("problems");
  if (problems) problems.focus();
})();
