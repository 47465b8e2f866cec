/* graphkit network view.
 *
 * Reads the view from <script type="application/json" id="gk-data"> and draws it with
 * vis-network at the positions computed on the server (physics off). Every text that comes
 * from the data is written with textContent or drawn on the canvas, never parsed as HTML.
 * On a served page (data.api set) the search box asks /api/search and a double-click adds
 * the node's neighbourhood from /api/entities/{id}/neighbourhood; an exported file searches
 * its own nodes and makes no request at all.
 *
 * window.graphkitView exposes the network and its data sets for tests and benchmarks.
 */
(function () {
  "use strict";

  var util = window.graphkitUtil;
  var fold = util.fold;
  var el = util.el;
  var shortName = util.shortName;
  var encodeId = util.encodeId;
  var isWebLink = util.isWebLink;

  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var api = data.api;
  var lang = data.lang;
  var EDGE_LENGTH = 200;

  var classes = new Map(); // class IRI -> {iri, labels, color, shape, visible, count, nameEl, countEl}
  var predicates = new Map(Object.entries(data.predicates)); // predicate IRI -> {lang: label}
  var terms = data.terms || {}; // labels of other classes and predicates (served pages)
  var records = new Map(); // node id -> {id, iri, label, labels, types, cls, facts, sources}

  var graphEl = document.getElementById("gk-graph");
  var legendEl = document.getElementById("gk-legend");
  var countEl = document.getElementById("gk-count");

  // --- helpers ------------------------------------------------------------------------------

  function pick(labels, fallback) {
    var keys = [lang, "en", "de", ""];
    for (var i = 0; i < keys.length; i++) {
      if (labels && typeof labels[keys[i]] === "string" && labels[keys[i]] !== "") return labels[keys[i]];
    }
    if (labels) {
      for (var key in labels) if (labels[key]) return labels[key];
    }
    return fallback;
  }

  function predicateLabel(iri) {
    return pick(predicates.get(iri), shortName(iri));
  }

  // --- classes and legend -------------------------------------------------------------------

  function ensureClass(iri, fallbackLabel) {
    var cls = classes.get(iri);
    if (cls) return cls;
    var i = classes.size;
    var labels = terms[iri];
    if (!labels) {
      labels = {};
      labels[lang] = fallbackLabel || (iri ? shortName(iri) : "other");
    }
    cls = {
      iri: iri,
      labels: labels,
      color: data.palette[i % data.palette.length],
      shape: data.shapes[Math.floor(i / data.palette.length) % data.shapes.length],
      count: 0,
      visible: true,
    };
    classes.set(iri, cls);
    addLegendItem(cls);
    return cls;
  }

  function addLegendItem(cls) {
    var item = el("li");
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = cls.visible;
    box.dataset.cls = cls.iri;
    box.addEventListener("change", function () {
      setClassVisible(cls.iri, box.checked);
    });
    var swatch = el("span", null, "gk-swatch");
    swatch.style.background = cls.color;
    swatch.dataset.shape = cls.shape;
    cls.nameEl = el("span", pick(cls.labels, shortName(cls.iri) || "other"));
    cls.countEl = el("span", cls.count, "gk-n");
    label.append(box, swatch, cls.nameEl, cls.countEl);
    item.append(label);
    item.title = cls.iri || "no class";
    legendEl.append(item);
  }

  function refreshLegend() {
    classes.forEach(function (cls) {
      cls.nameEl.textContent = pick(cls.labels, shortName(cls.iri) || "other");
      cls.countEl.textContent = String(cls.count);
    });
  }

  function setClassVisible(iri, visible) {
    var cls = classes.get(iri);
    if (!cls) return;
    cls.visible = visible;
    var changes = [];
    records.forEach(function (rec) {
      if (rec.cls === iri) changes.push({ id: rec.id, hidden: !visible });
    });
    nodes.update(changes);
    updateCount();
  }

  // --- nodes and edges ----------------------------------------------------------------------

  function addRecord(raw) {
    var cls = raw.types && raw.types.length ? raw.types[0] : "";
    var rec = {
      id: raw.id,
      iri: raw.iri,
      label: raw.label,
      labels: raw.labels || {},
      types: raw.types || [],
      cls: cls,
      facts: raw.facts || [],
      sources: raw.sources || [],
      detailsLoaded: Boolean(raw.facts),
      evidenceLoaded: false,
      evidence: [],
    };
    records.set(rec.id, rec);
    var style = ensureClass(cls, raw.type_label);
    style.count += 1;
    return rec;
  }

  function visNode(rec, x, y, size) {
    var cls = classes.get(rec.cls);
    return {
      id: rec.id,
      label: pick(rec.labels, rec.label || rec.id),
      x: x,
      y: y,
      size: size,
      shape: cls.shape,
      color: cls.color,
      hidden: !cls.visible,
    };
  }

  function edgeId(edge) {
    return edge.from + "\u0000" + edge.predicate + "\u0000" + edge.to;
  }

  function visEdge(edge) {
    return { id: edgeId(edge), from: edge.from, to: edge.to, predicate: edge.predicate };
  }

  data.classes.forEach(function (c) {
    var cls = { iri: c.iri, labels: c.labels, color: c.color, shape: c.shape, count: 0, visible: true };
    classes.set(c.iri, cls);
    addLegendItem(cls);
  });
  var initialNodes = data.nodes.map(function (raw) {
    var rec = addRecord(raw);
    return visNode(rec, raw.x, raw.y, raw.size);
  });
  refreshLegend();

  var nodes = new vis.DataSet(initialNodes);
  var edges = new vis.DataSet(data.edges.map(visEdge));

  var large = data.large;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: {
      hover: true,
      hideEdgesOnDrag: large,
      hideEdgesOnZoom: large,
      tooltipDelay: 150,
      multiselect: false,
    },
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "system-ui, sans-serif", color: "#222", strokeWidth: 3, strokeColor: "#fff" },
      scaling: { label: { drawThreshold: 7 } },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#b5bdc8", highlight: "#333", hover: "#333", inherit: false },
      width: 1,
      hoverWidth: 1.5,
      selectionWidth: 1.5,
      smooth: large ? false : { enabled: true, type: "continuous", roundness: 0.3 },
      font: { size: 12, align: "middle", strokeWidth: 4, strokeColor: "#fff", color: "#333" },
    },
  };
  var network = new vis.Network(graphEl, { nodes: nodes, edges: edges }, options);

  var view = {
    network: network,
    nodes: nodes,
    edges: edges,
    records: records,
    firstDrawn: null,
    expansions: 0,
    lastFocus: null,
    visibleNodeCount: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    },
  };
  window.graphkitView = view;

  // vis-network's own fit counts the width of long labels and leaves the drawing off
  // centre; fit the node positions instead.
  function fitToNodes(ids) {
    var list = ids ? nodes.get(ids) : nodes.get({ filter: function (n) { return !n.hidden; } });
    if (!list.length) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    list.forEach(function (n) {
      var p = network.getPosition(n.id);
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    var width = Math.max(graphEl.clientWidth - 80, 100);
    var height = Math.max(graphEl.clientHeight - 80, 100);
    var scale = Math.min(width / Math.max(maxX - minX, 1), height / Math.max(maxY - minY, 1), 1.5);
    network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: scale, animation: false });
  }
  fitToNodes();
  network.once("afterDrawing", function () {
    view.firstDrawn = performance.now();
    document.body.dataset.drawn = "1";
  });

  function updateCount() {
    var shown = view.visibleNodeCount();
    var text = nodes.length + " nodes, " + edges.length + " edges";
    if (shown !== nodes.length) text += " (" + shown + " shown)";
    countEl.textContent = text;
  }

  // --- focus and expansion ------------------------------------------------------------------

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    var rec = records.get(id);
    var cls = rec && classes.get(rec.cls);
    if (cls && !cls.visible) {
      legendEl.querySelector('input[data-cls="' + CSS.escape(cls.iri) + '"]').checked = true;
      setClassVisible(cls.iri, true);
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    if (view.showDetails) view.showDetails(id);
    view.lastFocus = id;
    document.body.dataset.focus = id;
    return true;
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function neighbourhoodURL(id, language) {
    return api.entities + encodeId(id) + "/neighbourhood?depth=1&lang=" + encodeURIComponent(language);
  }

  // The API labels nodes in one language; ask in both so the language switch works for
  // the nodes an expansion brings in.
  function fetchNeighbourhood(id) {
    var languages = ["en", "de"];
    return Promise.all(languages.map(function (language) {
      return fetchJSON(neighbourhoodURL(id, language));
    })).then(function (answers) {
      var first = answers[0];
      var byId = new Map();
      answers.forEach(function (answer, i) {
        answer.nodes.forEach(function (n) {
          var labels = byId.get(n.id) || {};
          labels[languages[i]] = n.label;
          byId.set(n.id, labels);
        });
      });
      first.nodes.forEach(function (n) {
        n.labels = byId.get(n.id);
      });
      return first;
    });
  }

  // Nodes an expansion brought in know only their labels and classes; fetch the rest
  // (key facts, sources) from the entity API the first time they are shown.
  // The entity API also gives each statement's evidence (the source's words), kept in
  // rec.evidence for the details panel.
  function loadDetails(rec) {
    if (!api || rec.evidenceLoaded) return Promise.resolve(rec);
    rec.detailsLoaded = true;
    rec.evidenceLoaded = true;
    return fetchJSON(api.entities + encodeId(rec.id)).then(function (entity) {
      rec.evidence = [];
      (entity.properties || []).forEach(function (st) {
        (st.evidence || []).forEach(function (ev) {
          if (!ev.quote && !ev.qualifier_label) return;
          rec.evidence.push({
            predicate: st.predicate,
            label: st.predicate_label,
            value: st.value.value,
            shown: st.label || st.value.value,
            quote: ev.quote,
            lang: ev.lang,
            source: ev.source,
            line: ev.line,
            qualifier: ev.qualifier_label,
          });
        });
      });
      rec.labels = entity.labels || rec.labels;
      nodes.update({ id: rec.id, label: pick(rec.labels, rec.label || rec.id) });
      rec.sources = (entity.sources || []).map(function (source) { return source.id; });
      rec.facts = (entity.properties || [])
        .filter(function (st) { return st.value && st.value.type === "literal" && st.value.datatype; })
        .map(function (st) {
          if (!predicates.has(st.predicate)) {
            var labels = terms[st.predicate] || {};
            if (!terms[st.predicate]) labels[lang] = st.predicate_label;
            predicates.set(st.predicate, labels);
          }
          return [st.predicate, st.value.value, st.value.datatype];
        });
      return rec;
    });
  }

  // Adds a neighbourhood from the API around `centre`; new nodes go on a ring around it.
  function addNeighbourhood(result, centre) {
    var origin = nodes.get(centre) ? network.getPosition(centre) : network.getViewPosition();
    var fresh = result.nodes.filter(function (n) { return !records.has(n.id); });
    var step = (2 * Math.PI) / Math.max(fresh.length, 1);
    var radius = EDGE_LENGTH * (1.2 + fresh.length / 24);
    var added = fresh.map(function (raw, i) {
      var rec = addRecord(raw);
      var x = origin.x, y = origin.y;
      if (raw.id !== centre) {
        x += radius * Math.cos(i * step);
        y += radius * Math.sin(i * step);
      }
      return visNode(rec, x, y, 12);
    });
    nodes.add(added);
    if (added.length) {
      // Keep the expanded node and everything it brought in on screen.
      fitToNodes([centre].concat(added.map(function (n) { return n.id; })).filter(function (id) {
        return nodes.get(id);
      }));
    }
    var newEdges = [];
    result.edges.forEach(function (e) {
      if (!predicates.has(e.predicate)) {
        var labels = terms[e.predicate];
        if (!labels) {
          labels = {};
          labels[lang] = e.label;
        }
        predicates.set(e.predicate, labels);
      }
      var edge = visEdge({ from: e.source, to: e.target, predicate: e.predicate });
      if (!edges.get(edge.id) && records.has(e.source) && records.has(e.target)) newEdges.push(edge);
    });
    edges.add(newEdges);
    refreshLegend();
    updateCount();
    view.expansions += 1;
    document.body.dataset.expansions = String(view.expansions);
    return added.length;
  }

  function expand(id) {
    if (!api) return Promise.resolve(0);
    return fetchNeighbourhood(id).then(function (result) {
      var added = addNeighbourhood(result, id);
      noteTruncated(result.truncated ? id : null, result.nodes.length);
      return added;
    });
  }

  // A hub has more neighbours than one expansion brings: say so, and link its entity page.
  function noteTruncated(id, shown) {
    var note = document.getElementById("gk-expand-note");
    if (!id) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = el("p", null, "gk-note");
      note.id = "gk-expand-note";
      document.querySelector(".gk-side").prepend(note);
    }
    var rec = records.get(id);
    var name = rec ? pick(rec.labels, rec.label || id) : id;
    var link = el("a", lang === "de" ? "Alle auf der Seite des Eintrags" : "All of them on its entity page");
    link.href = util.pageURL(api, id);
    var text = lang === "de"
      ? "Nur die ersten " + (shown - 1) + " Nachbarn von „" + name + "“ sind gezeigt. "
      : "Only the first " + (shown - 1) + " neighbours of " + name + " are shown. ";
    note.replaceChildren(el("span", text), link);
  }

  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var id = params.nodes[0];
    if (api) expand(id).catch(reportError);
    else focusNode(id);
  });

  function reportError(error) {
    var note = document.getElementById("gk-error") || el("p", null, "gk-note");
    note.id = "gk-error";
    note.textContent = String(error.message || error);
    document.querySelector(".gk-side").prepend(note);
  }

  // --- language -------------------------------------------------------------------------------

  var langSelect = document.getElementById("gk-lang");
  langSelect.addEventListener("change", function () {
    lang = langSelect.value;
    document.documentElement.lang = lang;
    var changes = [];
    records.forEach(function (rec) {
      changes.push({ id: rec.id, label: pick(rec.labels, rec.label || rec.id) });
    });
    nodes.update(changes);
    refreshLegend();
    if (view.refreshDetails) view.refreshDetails();
  });

  view.focusNode = focusNode;
  view.fit = function () { fitToNodes(); };
  view.expand = expand;
  view.setClassVisible = setClassVisible;
  // What search.js needs from the view.
  view.api = api;
  view.records = records;
  view.pick = pick;
  view.classLabel = function (iri) {
    var cls = classes.get(iri);
    return cls ? pick(cls.labels, "") : "";
  };
  view.fetchJSON = fetchJSON;
  view.reportError = reportError;
  // What details.js needs from the view.
  view.language = function () { return lang; };
  view.classNames = function (rec) {
    if (!rec.types.length) return "";
    return rec.types
      .map(function (t) {
        var cls = classes.get(t);
        return cls ? pick(cls.labels, shortName(t)) : predicateLabel(t);
      })
      .join(", ");
  };
  view.predicateLabel = predicateLabel;
  view.loadDetails = loadDetails;
  updateCount();
  if (data.focus && nodes.get(data.focus)) network.selectNodes([data.focus]);
})();
