/* graphkit network view: a timeline of the dated entries in view, under the drawing.
 *
 * Every shown record with a start or end date (gk:/schema: startDate, endDate) or another
 * fact typed xsd:date, xsd:gYear, xsd:gYearMonth or xsd:dateTime gets an entry on one time
 * axis: a bar from start to end, or a dot for a single day. A date given as a year or a
 * month is drawn as the whole span it covers (lighter, with a dashed edge) and its title
 * says so. Entries are packed into rows so labels do not overlap, and are DOM elements
 * (sorted by date) so they can be read, tabbed to and clicked: a click focuses the node.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var util = window.graphkitUtil;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var GK = "https://w3id.org/graphkit/ontology#";
  var SCHEMA = ["http://schema.org/", "https://schema.org/"];
  var DATE_TYPES = [XSD + "date", XSD + "gYear", XSD + "gYearMonth", XSD + "dateTime"];
  var STARTS = [GK + "startDate"].concat(SCHEMA.map(function (s) { return s + "startDate"; }));
  var ENDS = [GK + "endDate"].concat(SCHEMA.map(function (s) { return s + "endDate"; }));
  var ROW = 22; // px per row
  var AXIS = 22; // px for the axis labels on top
  var SIDE = 12; // px kept free left and right of the axis
  var DOT = 10; // px, a single day
  var MIN_BAR = 6; // px, the shortest bar
  var LABEL_CHARS = 36; // longer names are cut
  var FONT = "12px system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";

  var section = document.getElementById("gk-timeline");
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;

  function t(key, values) {
    return view.t(key, values);
  }

  // Long names are cut with "…" on the axis; the title gives the whole name.
  // The drawing's own cut (between whole words, keeping a closing year) where there is one.
  function cut(name) {
    if (view.cut) return view.cut(name, LABEL_CHARS);
    return name.length > LABEL_CHARS ? name.slice(0, LABEL_CHARS - 1).trimEnd() + "\u2026" : name;
  }

  // --- dates ---------------------------------------------------------------------------------

  // A literal as the span of time it covers: {from, to} in ms (to exclusive), its precision.
  function parseDate(value, datatype) {
    var text = String(value).trim();
    var m;
    if (datatype === XSD + "dateTime") {
      var instant = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : text + "Z");
      return isNaN(instant) ? null : { from: instant, to: instant, precision: "time", text: text };
    }
    if ((m = /^(-?\d{4,})-(\d\d)-(\d\d)/.exec(text))) {
      var day = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      return { from: day, to: Date.UTC(+m[1], +m[2] - 1, +m[3] + 1), precision: "day", text: text };
    }
    if ((m = /^(-?\d{4,})-(\d\d)(?!\d)/.exec(text))) {
      return { from: Date.UTC(+m[1], +m[2] - 1, 1), to: Date.UTC(+m[1], +m[2], 1), precision: "month", text: text };
    }
    if ((m = /^(-?\d{4,})(?![\d-])/.exec(text))) {
      return { from: Date.UTC(+m[1], 0, 1), to: Date.UTC(+m[1] + 1, 0, 1), precision: "year", text: text };
    }
    return null;
  }

  function formatDate(date) {
    var lang = view.language();
    var options = { timeZone: "UTC" };
    if (date.precision === "year") options.year = "numeric";
    else if (date.precision === "month") { options.year = "numeric"; options.month = "short"; }
    else { options.year = "numeric"; options.month = "short"; options.day = "numeric"; }
    if (date.precision === "time") { options.hour = "2-digit"; options.minute = "2-digit"; }
    try {
      return new Intl.DateTimeFormat(lang === "de" ? "de-DE" : "en-GB", options).format(new Date(date.from));
    } catch (error) {
      return date.text;
    }
  }

  // --- entries -------------------------------------------------------------------------------

  function shownRecords() {
    return view.nodes
      .get({ filter: function (n) { return !n.hidden; } })
      .map(function (n) { return view.records.get(n.id); })
      .filter(function (rec) { return rec && !rec.group; });
  }

  // The dated entries of one record: one period from its earliest start to its latest end,
  // or one entry per start or end alone, and one per other dated fact.
  function entriesOf(rec) {
    var starts = [], ends = [], others = [];
    (rec.facts || []).forEach(function (fact) {
      var isStart = STARTS.indexOf(fact[0]) >= 0, isEnd = ENDS.indexOf(fact[0]) >= 0;
      if (!isStart && !isEnd && DATE_TYPES.indexOf(fact[2]) < 0) return;
      var date = parseDate(fact[1], fact[2]);
      if (!date) return;
      if (isStart) starts.push(date);
      else if (isEnd) ends.push(date);
      else others.push({ date: date, predicate: fact[0] });
    });
    var byFrom = function (a, b) { return a.from - b.from; };
    starts.sort(byFrom);
    ends.sort(byFrom);
    var found = [];
    if (starts.length && ends.length) {
      found.push({ rec: rec, kind: "period", start: starts[0], end: ends[ends.length - 1] });
    } else {
      starts.forEach(function (d) { found.push({ rec: rec, kind: "from", start: d, end: d }); });
      ends.forEach(function (d) { found.push({ rec: rec, kind: "until", start: d, end: d }); });
    }
    others.forEach(function (o) {
      found.push({ rec: rec, kind: "other", predicate: o.predicate, start: o.date, end: o.date });
    });
    found.forEach(function (entry) {
      entry.from = entry.start.from;
      entry.to = Math.max(entry.end.to, entry.from);
      // A period that starts and ends on the same day (or instant) is a single date.
      entry.single = entry.kind !== "period" || entry.start.text === entry.end.text;
      entry.partial = [entry.start.precision, entry.end.precision].filter(function (p) {
        return p === "year" || p === "month";
      });
      entry.fullName = view.displayName(rec);
      entry.name = cut(entry.fullName);
    });
    return found;
  }

  function collect() {
    var entries = [];
    shownRecords().forEach(function (rec) { entries = entries.concat(entriesOf(rec)); });
    entries.sort(function (a, b) {
      return a.from - b.from || a.to - b.to || a.name.localeCompare(b.name);
    });
    return entries;
  }

  function describe(entry) {
    var lines = [entry.fullName];
    var classLabel = view.classNames ? view.classNames(entry.rec) : "";
    if (classLabel) lines.push(classLabel);
    var start = formatDate(entry.start), end = formatDate(entry.end);
    if (entry.kind === "period") {
      lines.push(entry.single ? start : t("timeline.period", { start: start, end: end }));
    } else if (entry.kind === "from") {
      lines.push(t("timeline.from", { date: start }));
    } else if (entry.kind === "until") {
      lines.push(t("timeline.until", { date: end }));
    } else {
      lines.push(t("timeline.other", { predicate: view.predicateLabel(entry.predicate), date: start }));
    }
    if (entry.partial.indexOf("year") >= 0) lines.push(t("timeline.partial_year"));
    if (entry.partial.indexOf("month") >= 0) lines.push(t("timeline.partial_month"));
    lines.push(t("timeline.click"));
    return lines.join("\n");
  }

  // --- axis ----------------------------------------------------------------------------------

  var YEAR = 365.2425 * 864e5;
  var STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];

  // Ticks at whole years (or months for a short span), at least `gap` px apart.
  function ticks(from, to, width, gap) {
    var span = to - from;
    var out = [];
    var first = new Date(from);
    if (span / YEAR * 12 * gap <= width * 1.0001 && span < 3 * YEAR) {
      var monthStep = [1, 2, 3, 6].filter(function (s) { return (span / YEAR) * (12 / s) * gap <= width; })[0] || 6;
      var d = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
      for (; d <= to; d = Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + monthStep, 1)) {
        var date = { from: d, precision: "month", text: "" };
        out.push({ at: d, label: formatDate(date) });
      }
      return out;
    }
    var step = STEPS.filter(function (s) { return (span / YEAR / s) * gap <= width; })[0] || 1000;
    var year = Math.ceil(first.getUTCFullYear() / step) * step;
    for (var at = Date.UTC(year, 0, 1); at <= to; year += step, at = Date.UTC(year, 0, 1)) {
      if (at >= from) out.push({ at: at, label: String(year) });
    }
    return out;
  }

  // --- drawing -------------------------------------------------------------------------------

  var selected = null;

  function render() {
    var entries = collect();
    if (!entries.length) {
      section.hidden = true;
      section.replaceChildren();
      return;
    }
    section.hidden = false;
    var width = Math.max(section.clientWidth - 2 * SIDE - 4, 200);
    var from = entries.reduce(function (m, e) { return Math.min(m, e.from); }, Infinity);
    var to = entries.reduce(function (m, e) { return Math.max(m, e.to); }, -Infinity);
    var margin = Math.max((to - from) * 0.02, 864e5);
    from -= margin;
    to += margin;
    var scale = width / (to - from);
    var x = function (ms) { return SIDE + (ms - from) * scale; };

    // Place each entry (mark and label) and pack it into the first row it fits.
    var rowEnds = [];
    entries.forEach(function (entry) {
      var left = x(entry.from);
      var markWidth = entry.single && !entry.partial.length ? DOT : Math.max(x(entry.to) - left, MIN_BAR);
      if (entry.single && !entry.partial.length) left -= DOT / 2;
      var labelWidth = measure.measureText(entry.name).width + 2;
      entry.left = left;
      entry.markWidth = markWidth;
      // The label goes right of the mark, or left of it where the axis ends.
      entry.labelLeft = left + markWidth + 4 + labelWidth > SIDE + width + SIDE;
      var start = entry.labelLeft ? left - 4 - labelWidth : left;
      var end = entry.labelLeft ? left + markWidth : left + markWidth + 4 + labelWidth;
      var row = rowEnds.findIndex(function (e) { return e + 6 <= start; });
      if (row < 0) { row = rowEnds.length; rowEnds.push(end); } else rowEnds[row] = end;
      entry.row = row;
      // The entry's box holds its mark and its label; both are placed inside it.
      entry.box = { left: start, width: end - start };
      entry.markOffset = left - start;
      entry.labelOffset = entry.labelLeft ? 0 : markWidth + 4;
    });

    var title = util.el("h2", t("timeline.title"), "gk-tl-title");
    var count = util.el("span", t("timeline.count", { count: entries.length }), "gk-tl-count");
    title.append(" ", count);
    var scroller = util.el("div", null, "gk-tl-scroll");
    var plot = util.el("div", null, "gk-tl-plot");
    plot.style.height = AXIS + rowEnds.length * ROW + 4 + "px";
    plot.style.width = SIDE + width + SIDE + "px";
    var axis = util.el("div", null, "gk-tl-axis");
    ticks(from, to, width, 64).forEach(function (tick) {
      // A tick centred on the plot's edge would have its label cut: leave it out.
      if (x(tick.at) < SIDE || x(tick.at) > width + SIDE - 14) return;
      var mark = util.el("span", tick.label, "gk-tl-tick");
      mark.style.left = x(tick.at) + "px";
      axis.append(mark);
      var rule = util.el("span", null, "gk-tl-rule");
      rule.style.left = x(tick.at) + "px";
      plot.append(rule);
    });
    var list = util.el("ol", null, "gk-tl-entries");
    entries.forEach(function (entry) {
      var item = util.el("li", null, "gk-tl-item");
      var button = util.el("button", null, "gk-tl-entry");
      button.type = "button";
      button.dataset.id = entry.rec.id;
      button.dataset.kind = entry.kind;
      button.dataset.start = entry.start.text;
      button.dataset.end = entry.end.text;
      button.dataset.from = new Date(entry.from).toISOString();
      if (entry.partial.length) button.dataset.partial = entry.partial.join(" ");
      if (entry.rec.id === selected) button.setAttribute("aria-current", "true");
      button.title = describe(entry);
      button.style.left = entry.box.left + "px";
      button.style.width = entry.box.width + "px";
      button.style.top = AXIS + entry.row * ROW + "px";
      var colour = view.classStyle(entry.rec.cls).color;
      var mark = util.el("span", null, entry.single && !entry.partial.length ? "gk-tl-dot" : "gk-tl-bar");
      mark.style.left = entry.markOffset + "px";
      mark.style.width = entry.markWidth + "px";
      mark.style.background = colour;
      mark.style.borderColor = colour;
      var label = util.el("span", entry.name, "gk-tl-label");
      label.style.left = entry.labelOffset + "px";
      button.append(mark, label);
      button.addEventListener("click", function () { view.focusNode(entry.rec.id); });
      item.append(button);
      list.append(item);
    });
    plot.append(axis, list);
    scroller.append(plot);
    section.setAttribute("aria-label", t("timeline.title"));
    section.replaceChildren(title, scroller);
    section.dataset.entries = String(entries.length);
  }

  // Several changes in one task (adding nodes, then edges) draw the timeline once.
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () {
      pending = false;
      render();
    });
  }

  function markSelected(id) {
    selected = id || null;
    section.querySelectorAll(".gk-tl-entry").forEach(function (button) {
      if (button.dataset.id === selected) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    });
  }

  view.on("change", schedule);
  view.on("language", schedule);
  view.on("select", markSelected);
  var lastWidth = 0;
  new ResizeObserver(function () {
    var width = section.clientWidth;
    if (width && Math.abs(width - lastWidth) > 1) {
      lastWidth = width;
      schedule();
    }
  }).observe(section);
  render();
})();
