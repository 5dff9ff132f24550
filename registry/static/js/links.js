// Propose to coordinate: once "your initiative" is chosen, offer only the other
// initiatives of the same conflict. Progressive enhancement: without this script the
// server refuses a pair of different conflicts with a message beside the field.
"use strict";

(function () {
  const own = document.querySelector("select[data-links-own]");
  const other = document.querySelector("select[data-links-other]");
  if (!own || !other) {
    return;
  }

  function conflictOf(select) {
    const option = select.options[select.selectedIndex];
    const group = option ? option.closest("optgroup") : null;
    return group ? group.dataset.conflict : null;
  }

  function filter() {
    const conflict = conflictOf(own);
    for (const group of other.querySelectorAll("optgroup")) {
      const hidden = conflict !== null && group.dataset.conflict !== conflict;
      group.hidden = hidden;
      group.disabled = hidden;
    }
    if (other.selectedOptions.length && other.selectedOptions[0].parentElement.disabled) {
      other.value = "";
    }
  }

  own.addEventListener("change", filter);
  filter();
})();
