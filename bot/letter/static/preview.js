// The letter preview page: grows each box to fit its text, copies the parent's edits into the printable
// letter, and shows the Print button (it needs script; the PDF download works without it).
// Edits stay in this page: nothing is sent anywhere until the parent asks for the PDF or the text.
(function () {
  "use strict";
  var form = document.querySelector("form.letter-form");
  if (!form) { return; }

  function paragraphs(value) {
    return value.split(/\n[ \t]*\n\s*/).map(function (part) { return part.trim(); }).filter(Boolean);
  }

  function addEach(target, tag, texts) {
    texts.forEach(function (text) {
      var element = document.createElement(tag);
      element.textContent = text; // text, never HTML
      target.appendChild(element);
    });
  }

  function mirror(box) {
    var target = document.querySelector('.print-copy [data-field="' + box.name + '"]');
    if (!target) { return; }
    var value = box.value.replace(/\r\n?/g, "\n").trim();
    var kind = target.getAttribute("data-kind");
    target.textContent = "";
    if (kind === "lines") {
      target.textContent = value;
    } else if (kind === "list") {
      // The letter numbers the asks itself, so numbers typed at the start of a line are dropped.
      addEach(target, "li", value.split("\n").map(function (line) {
        return line.replace(/^\s*(\d{1,2}[.)]|[-*\u2022])\s*/, "").trim();
      }).filter(Boolean));
    } else {
      addEach(target, "p", paragraphs(value));
    }
    var part = target.closest("[data-part]") || target;
    part.hidden = value === "" && box.name !== "signature";
  }

  function grow(box) {
    box.style.height = "auto";
    box.style.height = (box.scrollHeight + 4) + "px";
  }

  var boxes = form.querySelectorAll("textarea");
  Array.prototype.forEach.call(boxes, function (box) {
    grow(box);
    box.addEventListener("input", function () { grow(box); mirror(box); });
  });
  window.addEventListener("resize", function () { Array.prototype.forEach.call(boxes, grow); });

  var printButton = form.querySelector(".print-button");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      Array.prototype.forEach.call(boxes, mirror);
      window.print();
    });
  }
})();
