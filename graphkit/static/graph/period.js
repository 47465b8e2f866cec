/* graphkit network view: the analysis panel's period slider (issue 15).
 *
 * Two year handles over the years of the dated entries in view (their start and end dates;
 * when a period is shown, those of the same network over all time, asked once). "Show" loads
 * the page again with `from`/`to` (the hash, and so the expansions, kept); "all time" without.
 * A part of the panel analysis.js builds (`view.analysis`); an exported file has neither.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var panel = view.analysis;
  if (!panel) return;
  var el = window.graphkitUtil.el;
  var api = view.api;

  var GK = "https://w3id.org/graphkit/ontology#";
  var SCHEMA = ["http://schema.org/", "https://schema.org/"];
  var DATE_PREDICATES = [GK + "startDate", GK + "endDate"].concat(
    SCHEMA.map(function (s) { return s + "startDate"; }), SCHEMA.map(function (s) { return s + "endDate"; })
  );

  var chosen = view.selectionQuery(); // the period shown: from, to, as_of

  function t(key, values) {
    return view.t(key, values);
  }

  function yearOf(value) {
    var m = /^(-?\d{4})/.exec(String(value || "").trim());
    return m ? Number(m[1]) : null;
  }

  var span = { min: null, max: null };

  function widen(year) {
    if (year === null) return;
    if (span.min === null || year < span.min) span.min = year;
    if (span.max === null || year > span.max) span.max = year;
  }

  // The years of the dated entries in view (their start and end dates), and of the period shown.
  function collectYears() {
    view.records.forEach(function (rec) {
      (rec.facts || []).forEach(function (fact) {
        if (DATE_PREDICATES.indexOf(fact[0]) >= 0) widen(yearOf(fact[1]));
      });
    });
    widen(yearOf(chosen.from));
    widen(yearOf(chosen.to));
  }

  var fromRange = document.createElement("input");
  var toRange = document.createElement("input");
  [fromRange, toRange].forEach(function (range) {
    range.type = "range";
    range.step = "1";
  });
  fromRange.id = "gk-an-from-year";
  toRange.id = "gk-an-to-year";
  fromRange.setAttribute("aria-label", t("analysis.period.from"));
  fromRange.dataset.tAriaLabel = "analysis.period.from";
  toRange.setAttribute("aria-label", t("analysis.period.to"));
  toRange.dataset.tAriaLabel = "analysis.period.to";
  var spanEl = el("output", null, "gk-an-span");
  var shownEl = el("p", null, "gk-an-shown");
  var applyPeriod = panel.button("analysis.period.apply", "gk-an-period-apply");
  var allTime = panel.button("analysis.period.all_button", "gk-an-period-all");
  var sliders = el("div", null, "gk-an-sliders");
  sliders.append(fromRange, toRange);
  var periodBox = el("div", null, "gk-an-period");

  function setSpan() {
    if (span.min === null) return;
    var keepFrom = fromRange.value && fromRange.dataset.touched ? Number(fromRange.value) : yearOf(chosen.from);
    var keepTo = toRange.value && toRange.dataset.touched ? Number(toRange.value) : yearOf(chosen.to);
    [fromRange, toRange].forEach(function (range) {
      range.min = String(span.min);
      range.max = String(span.max);
    });
    fromRange.value = String(keepFrom === null ? span.min : keepFrom);
    toRange.value = String(keepTo === null ? span.max : keepTo);
    renderPeriod();
  }

  function renderPeriod() {
    var none = span.min === null;
    sliders.hidden = none;
    applyPeriod.hidden = none;
    spanEl.textContent = none ? t("analysis.period.none") : t("analysis.period.span", { from: fromRange.value, to: toRange.value });
    var shown = chosen.from || chosen.to
      ? t("analysis.period.span", { from: chosen.from || "\u2026", to: chosen.to || "\u2026" })
      : t("analysis.period.all");
    shownEl.textContent = t("analysis.period.shown", { span: shown });
    allTime.disabled = !(chosen.from || chosen.to || chosen.as_of);
  }

  function keepOrder(moved) {
    moved.dataset.touched = "1";
    if (Number(fromRange.value) > Number(toRange.value)) {
      if (moved === fromRange) toRange.value = fromRange.value;
      else fromRange.value = toRange.value;
    }
    fromRange.dataset.touched = toRange.dataset.touched = "1";
    renderPeriod();
  }
  fromRange.addEventListener("input", function () { keepOrder(fromRange); });
  toRange.addEventListener("input", function () { keepOrder(toRange); });

  // The same page (focus, depth, classes, language, hash) in another period: a new load.
  function periodURL(from, to) {
    view.saveState();
    var q = new URLSearchParams(location.search);
    ["from", "to", "as_of"].forEach(function (name) { q.delete(name); });
    if (from !== null) {
      q.set("from", String(from));
      q.set("to", String(to));
    }
    q.set("lang", view.language());
    return location.pathname + "?" + q.toString() + location.hash;
  }
  applyPeriod.addEventListener("click", function () {
    location.assign(periodURL(Number(fromRange.value), Number(toRange.value)));
  });
  allTime.addEventListener("click", function () { location.assign(periodURL(null, null)); });

  // A shown period narrows the years in view: the same network over all time gives the range.
  function widenFromNetwork() {
    if (!(chosen.from || chosen.to)) return;
    view.fetchJSON(api.analytics + "export?" + panel.networkQuery(false).toString()).then(function (answer) {
      (answer.nodes || []).forEach(function (node) {
        widen(yearOf(node.start));
        widen(yearOf(node.end));
      });
      setSpan();
    }).catch(view.reportError);
  }

  var periodButtons = el("div", null, "gk-an-buttons");
  periodButtons.append(applyPeriod, allTime);
  periodBox.append(shownEl, sliders, spanEl, periodButtons);
  var periodPart = panel.part("analysis.period", Boolean(chosen.from || chosen.to), [periodBox]);
  periodPart.id = "gk-an-period";
  panel.section.append(periodPart);

  collectYears();
  setSpan();
  renderPeriod();
  widenFromNetwork();

  // Entries that come later (expansions) may widen the years.
  var pending = false;
  view.on("change", function () {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () {
      pending = false;
      var before = span.min + " " + span.max;
      collectYears();
      if (span.min + " " + span.max !== before) setSpan();
    });
  });
  view.on("language", renderPeriod);
})();
