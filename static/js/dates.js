// Dates typed as Vietnamese write them (dd/mm/yyyy) in a plain text field,
// whatever the browser's language: the day is read back in words as it is
// typed, and a calendar button fills the field for those who prefer it.
(function () {
  "use strict";
  var vi = (document.documentElement.lang || "vi").indexOf("vi") === 0;
  var WEEKDAYS = vi
    ? ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"]
    : ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // The same forms the server reads (organizations.forms.typed_day).
  function parse(text) {
    var t = text.trim(), m;
    if (/^\d{8}$/.test(t)) {
      m = [t, t.slice(0, 2), t.slice(2, 4), t.slice(4)];
    } else {
      m = /^(\d{1,2})\s*[.\/\-\s]\s*(\d{1,2})\s*[.\/\-\s]\s*(\d{4})$/.exec(t);
      if (!m) {
        var iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
        m = iso && [t, iso[3], iso[2], iso[1]];
      }
    }
    if (!m) return null;
    var d = +m[1], mo = +m[2], y = +m[3];
    var day = new Date(y, mo - 1, d);
    if (day.getFullYear() !== y || day.getMonth() !== mo - 1 || day.getDate() !== d) return null;
    return day;
  }

  function words(day) {
    var weekday = WEEKDAYS[day.getDay()];
    if (vi) {
      return weekday + ", " + day.getDate() + " tháng " + (day.getMonth() + 1) +
        " năm " + day.getFullYear();
    }
    return weekday + ", " + day.getDate() + " " + MONTHS[day.getMonth()] + " " + day.getFullYear();
  }

  function setUp(input) {
    if (input.dataset.day) return;
    input.dataset.day = "ready";
    var said = input.nextElementSibling;
    if (!said || !said.classList.contains("day-words")) {
      said = document.createElement("span");
      said.className = "day-words";
      said.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", said);
    }
    // The field and its calendar button side by side, the words below.
    var row = document.createElement("span");
    row.className = "day-row";
    input.insertAdjacentElement("beforebegin", row);
    row.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "day-pick";
    button.textContent = vi ? "Lịch" : "Calendar";
    button.setAttribute("aria-label", vi ? "Chọn ngày trên lịch" : "Pick the day on a calendar");
    row.appendChild(button);
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "day-picker";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    row.appendChild(picker);

    // While typing, the day is said once it is one; a mistake is pointed
    // out only when the field is left.
    function show(leaving) {
      var text = input.value;
      var day = text.trim() ? parse(text) : null;
      var wrong = !day && !!text.trim() && leaving;
      said.textContent = day ? words(day)
        : wrong ? (vi ? "Chưa đúng: nhập ngày/tháng/năm, ví dụ 01/12/2026"
                      : "Not a date yet: type day/month/year, e.g. 01/12/2026")
        : "";
      said.classList.toggle("day-wrong", wrong);
    }
    input.addEventListener("input", function () { show(false); });
    input.addEventListener("blur", function () {
      var day = parse(input.value);
      if (day) input.value = two(day.getDate()) + "/" + two(day.getMonth() + 1) + "/" + day.getFullYear();
      show(true);
    });
    button.addEventListener("click", function () {
      var day = parse(input.value);
      if (day) picker.value = day.getFullYear() + "-" + two(day.getMonth() + 1) + "-" + two(day.getDate());
      try { picker.showPicker(); } catch (error) { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      var iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (iso) { input.value = iso[3] + "/" + iso[2] + "/" + iso[1]; show(false); input.focus(); }
    });
    if (!said.textContent.trim()) show(false);
  }

  function start() {
    document.querySelectorAll("input.day").forEach(setUp);
    // Forms that htmx brings in later.
    document.body.addEventListener("htmx:load", function (event) {
      event.detail.elt.querySelectorAll("input.day").forEach(setUp);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
