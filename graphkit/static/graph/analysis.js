/* graphkit network view: the analysis panel (issue 15) — colour and size by measures.
 *
 * - Colour by class (the drawing's own colours) or by community, size by the links in view or
 *   by one measure (degree, betweenness, closeness, PageRank, eigenvector). Measures and
 *   communities come from the analytics API for the network the page shows (its focus, depth,
 *   classes and period: `data.selection`), asked once, when first wanted. That network leaves
 *   out classification (topics, concepts, source documents): nodes not in it are grey, or the
 *   smallest. A legend lists the communities with their colour and how many are in view.
 * - The panel itself: its heading and these choices; the period slider (period.js) and the path
 *   finder (pathfinder.js) add their parts after it, with the helpers in `view.analysis`
 *   (`field`, `part`, `button`, `networkQuery`, `highlight`: the path drawn over the colours).
 * The choices live in the URL hash (`colour`, `size`) like the view's other state. An exported
 * file has no API: it has no panel. Every text is written with textContent; every UI word comes
 * from view.t (graphkit/ui_text.py).
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var el = window.graphkitUtil.el;
  var api = view.api;
  var section = document.getElementById("gk-analysis");
  if (!section) return;
  if (!api || !api.analytics) {
    section.hidden = true;
    return;
  }

  var MEASURES = ["degree", "betweenness", "closeness", "pagerank", "eigenvector"];
  var COMMUNITY_COLOURS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#6b6ecf",
  ];
  var OUTSIDE_COLOUR = "#c4c9cf"; // nodes the analysed network leaves out
  var MIN_SIZE = 8;
  var MAX_SIZE = 42;
  var PATH_COLOUR = "#d9480f";
  var DIMMED = 0.18; // opacity of what is not on the highlighted path

  var chosen = view.selectionQuery(); // how the view was chosen: focus, depth, type, from, to, undated
  var hash = new URLSearchParams(location.hash.slice(1));
  var colourBy = hash.get("colour") === "community" ? "community" : "class";
  var sizeBy = MEASURES.indexOf(hash.get("size")) >= 0 ? hash.get("size") : "";

  function t(key, values) {
    return view.t(key, values);
  }

  function option(value, key) {
    var item = el("option", t(key));
    item.value = value;
    item.dataset.t = key;
    return item;
  }

  // --- helpers for the panel's parts (here, period.js, pathfinder.js) ---------------------------

  // A control under its words ("Colour by", "From").
  function field(key, control) {
    var label = el("label", null, "gk-an-field");
    var words = el("span", t(key));
    words.dataset.t = key;
    label.append(words, control);
    return label;
  }

  // A part of the panel that opens and closes (the period, the path finder).
  function part(key, open, children) {
    var box = el("details", null, "gk-an-part");
    box.open = open;
    var summary = el("summary", t(key));
    summary.dataset.t = key;
    box.append(summary);
    children.forEach(function (child) { box.append(child); });
    return box;
  }

  function button(key, id) {
    var made = el("button", t(key));
    made.type = "button";
    made.id = id;
    made.dataset.t = key;
    return made;
  }

  // --- measures and communities ----------------------------------------------------------------

  var measured = null; // Promise of Map id -> node of the node-link answer
  var byId = null;

  // The analytics API's question for the network the page shows, with its period or over all time.
  function networkQuery(withPeriod) {
    var q = new URLSearchParams();
    q.set("format", "node-link");
    if (chosen.focus) {
      q.set("focus", chosen.focus);
      q.set("depth", String(Math.min(Math.max(Number(chosen.depth) || 1, 1), 4)));
    }
    (chosen.type || []).forEach(function (type) { q.append("type", type); });
    if (withPeriod) {
      ["from", "to", "as_of", "undated"].forEach(function (name) {
        if (chosen[name]) q.set(name, chosen[name]);
      });
    }
    return q;
  }

  function loadMeasures() {
    if (measured) return measured;
    var q = networkQuery(true);
    q.set("with", ["community"].concat(MEASURES).join(","));
    section.dataset.state = "loading";
    view.say(t("analysis.loading"), true);
    measured = view.fetchJSON(api.analytics + "export?" + q.toString()).then(function (answer) {
      byId = new Map((answer.nodes || []).map(function (node) { return [String(node.id), node]; }));
      view.say("");
      section.dataset.state = "ready";
      return byId;
    });
    measured.catch(function (error) {
      measured = null;
      section.dataset.state = "failed";
      view.reportError(error);
    });
    return measured;
  }

  function communityColour(number) {
    if (number < COMMUNITY_COLOURS.length) return COMMUNITY_COLOURS[number];
    return "hsl(" + Math.round((number * 137.508) % 360) + ", 45%, 55%)";
  }

  // --- restyling the drawing -------------------------------------------------------------------

  var base = new Map(); // node id -> {color, size} as the drawing made it
  var restyled = false; // whether any node or edge carries this panel's style
  var highlight = null; // {nodes: Set, edges: Set} of the chosen path

  function remember() {
    view.nodes.forEach(function (n) {
      if (!base.has(n.id)) base.set(n.id, { color: n.color, size: n.size });
    });
  }

  // The colour, size, opacity and border of every node and the look of every edge, from the
  // current choices and the highlighted path; with none, what the drawing gave them (null: vis-network's default).
  function apply() {
    remember();
    var colourOn = colourBy === "community" && byId;
    var sizeOn = sizeBy && byId;
    if (!colourOn && !sizeOn && !highlight && !restyled) return;
    var top = 0;
    if (sizeOn) {
      view.nodes.forEach(function (n) {
        var m = byId.get(String(n.id));
        if (m && typeof m[sizeBy] === "number") top = Math.max(top, m[sizeBy]);
      });
    }
    var nodeUpdates = [];
    view.nodes.forEach(function (n) {
      var rec = view.records.get(n.id);
      var was = base.get(n.id);
      var update = { id: n.id, color: was.color, size: was.size, opacity: 1, borderWidth: null };
      if (rec && !rec.group) {
        var m = byId && byId.get(String(n.id));
        if (colourOn) update.color = m && typeof m.community === "number" ? communityColour(m.community) : OUTSIDE_COLOUR;
        if (sizeOn) {
          var value = m && typeof m[sizeBy] === "number" ? m[sizeBy] : 0;
          update.size = top > 0 ? MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(Math.max(value, 0) / top) : MIN_SIZE;
          update.size = Math.round(update.size * 10) / 10;
        }
      }
      if (highlight) {
        if (highlight.nodes.has(n.id)) update.borderWidth = 4;
        else update.opacity = DIMMED;
      }
      nodeUpdates.push(update);
    });
    var edgeUpdates = [];
    view.edges.forEach(function (e) {
      var update = { id: e.id, color: null, width: null };
      if (highlight) {
        update.color = highlight.edges.has(e.id)
          ? { color: PATH_COLOUR, highlight: PATH_COLOUR, hover: PATH_COLOUR, opacity: 1 }
          : { opacity: DIMMED };
        update.width = highlight.edges.has(e.id) ? 4 : null;
      }
      edgeUpdates.push(update);
    });
    view.nodes.update(nodeUpdates);
    view.edges.update(edgeUpdates);
    restyled = Boolean(colourOn || sizeOn || highlight);
    view.scheduleLabels();
    section.dataset.applied = (colourOn ? "community" : "class") + " " + (sizeOn ? sizeBy : "default") +
      (highlight ? " path" : "");
  }

  // The drawing and the legend for the current choices, the measures asked first if wanted.
  function restyle() {
    var wanted = colourBy === "community" || sizeBy;
    if (!wanted) {
      apply();
      renderCommunities();
      return Promise.resolve();
    }
    return loadMeasures().then(function () {
      apply();
      renderCommunities();
    });
  }

  // A choice made in the panel: into the link, then onto the drawing.
  function choose() {
    view.saveState();
    return restyle();
  }

  // --- the panel: colour, size, communities ------------------------------------------------------

  var colourSelect = document.createElement("select");
  colourSelect.id = "gk-an-colour";
  colourSelect.append(option("class", "analysis.colour.class"), option("community", "analysis.colour.community"));
  colourSelect.value = colourBy;
  colourSelect.addEventListener("change", function () {
    colourBy = colourSelect.value;
    choose();
  });

  var sizeSelect = document.createElement("select");
  sizeSelect.id = "gk-an-size";
  sizeSelect.append(option("", "analysis.size.default"));
  MEASURES.forEach(function (m) { sizeSelect.append(option(m, "analysis.measure." + m)); });
  sizeSelect.value = sizeBy;
  sizeSelect.addEventListener("change", function () {
    sizeBy = sizeSelect.value;
    choose();
  });

  var communitiesEl = el("div", null, "gk-an-communities");
  communitiesEl.id = "gk-an-communities";

  function renderCommunities() {
    if (colourBy !== "community" || !byId) {
      communitiesEl.hidden = true;
      communitiesEl.replaceChildren();
      return;
    }
    var counts = new Map();
    var outside = 0;
    view.records.forEach(function (rec) {
      if (rec.group) return;
      var m = byId.get(String(rec.id));
      if (m && typeof m.community === "number") counts.set(m.community, (counts.get(m.community) || 0) + 1);
      else outside += 1;
    });
    var list = el("ul", null, "gk-an-legend");
    Array.from(counts.keys()).sort(function (a, b) { return a - b; }).forEach(function (number) {
      list.append(legendItem(communityColour(number), t("analysis.community", { number: number }), counts.get(number), number));
    });
    if (outside) list.append(legendItem(OUTSIDE_COLOUR, t("analysis.outside"), outside, ""));
    communitiesEl.hidden = false;
    communitiesEl.replaceChildren(el("h3", t("analysis.communities")), list);
  }

  function legendItem(colour, name, count, number) {
    var item = el("li");
    var swatch = el("span", null, "gk-an-swatch");
    swatch.style.background = colour;
    item.dataset.community = String(number);
    item.dataset.color = colour;
    item.title = t("analysis.community_count", { count: count });
    item.append(swatch, el("span", name, "gk-an-name"), el("span", String(count), "gk-n"));
    return item;
  }

  // --- building the panel ------------------------------------------------------------------------

  var choices = el("div", null, "gk-an-choices");
  choices.append(field("analysis.colour", colourSelect), field("analysis.size", sizeSelect));
  var heading = section.querySelector("h2") || el("h2", t("analysis.title"));
  section.replaceChildren(heading, choices, communitiesEl);
  section.hidden = false;

  view.addState(function (params) {
    if (colourBy !== "class") params.set("colour", colourBy);
    if (sizeBy) params.set("size", sizeBy);
  });

  // Nodes that come later (expansions, summaries opened) get the current colours and sizes.
  var pending = false;
  view.on("change", function () {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () {
      pending = false;
      apply();
      renderCommunities();
    });
  });
  view.on("language", renderCommunities);
  // The state in the link: colours and sizes at once. Not written back: the link has them, and
  // the panel's later parts (pathfinder.js) have not yet read theirs from it.
  if (colourBy !== "class" || sizeBy) restyle();

  view.analysis = {
    measures: function () { return byId; },
    colourOf: communityColour,
    section: section,
    field: field,
    part: part,
    button: button,
    networkQuery: networkQuery,
    // The path to draw over the colours ({nodes: Set, edges: Set}), or null for none.
    highlight: function (path) {
      highlight = path;
      apply();
    },
  };
})();
