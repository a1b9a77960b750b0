// The letter preview page: Exit this page (as in the chat), boxes that grow to fit their text, the parent's
// edits copied into the printable letter, and the Print button (it needs script; the PDF download does not).
// Edits stay in this page: nothing is sent anywhere until the parent asks for the PDF or the text.
(function () {
  "use strict";

  // ----- Exit this page: hide at once, delete the conversation, leave for a neutral site --------------------
  var EXIT_WAIT_MS = 600; // how long to wait for the server to confirm the deletion before leaving anyway
  var exitLink = document.querySelector(".exit-this-page");
  var exiting = false;

  function exitPage(event) {
    if (event) { event.preventDefault(); }
    if (exiting || !exitLink) { return; }
    exiting = true;
    document.body.hidden = true;
    var id = exitLink.getAttribute("data-conversation-id");
    var deletion = id
      ? fetch("/api/conversations/" + encodeURIComponent(id), { method: "DELETE", keepalive: true })
        .catch(function () { return null; })
      : Promise.resolve(null);
    var waited = new Promise(function (resolve) { setTimeout(resolve, EXIT_WAIT_MS); });
    Promise.race([deletion, waited]).then(function () { window.location.replace(exitLink.href); });
  }

  if (exitLink) {
    exitLink.addEventListener("click", exitPage);
    // Shift pressed 3 times: the chat's own shortcut and wording, loaded from the widget when it is served.
    var status = document.getElementById("exit-status");
    Promise.all([import("/widget/exit-this-page.js"), import("/widget/strings.js")]).then(function (modules) {
      var text = modules[1].defaultStrings;
      new modules[0].ShiftShortcut(function (message) { if (status) { status.textContent = message; } }, exitPage, {
        shiftMore: text.shiftMore, shiftOneMore: text.shiftOneMore,
        exitActivated: text.exitActivated, exitExpired: text.exitExpired,
      }).listen(document);
      exitLink.setAttribute("data-shortcut", "ready"); // for tests and the curious: Shift x3 now works
    }).catch(function () { /* the button still works */ });
  }

  // ----- editing and printing ------------------------------------------------------------------------------
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
