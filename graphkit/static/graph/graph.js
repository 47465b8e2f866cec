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
  var tooltipEl = document.getElementById("gk-tooltip");
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

  function fold(text) {
    return String(text).toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function shortName(iri) {
    var parts = String(iri).split(/[#/]/);
    return parts[parts.length - 1] || String(iri);
  }

  function predicateLabel(iri) {
    return pick(predicates.get(iri), shortName(iri));
  }

  function encodeId(id) {
    return String(id).split("/").map(encodeURIComponent).join("/");
  }

  function isWebLink(url) {
    return /^https?:\/\//i.test(url);
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

  // --- tooltip and details ------------------------------------------------------------------

  function classNames(rec) {
    if (!rec.types.length) return "";
    return rec.types
      .map(function (t) {
        var cls = classes.get(t);
        return cls ? pick(cls.labels, shortName(t)) : predicateLabel(t);
      })
      .join(", ");
  }

  function showTooltip(children, pointer) {
    tooltipEl.replaceChildren.apply(tooltipEl, children);
    tooltipEl.hidden = false;
    var box = graphEl.getBoundingClientRect();
    var left = box.left + pointer.x + 14;
    var top = box.top + pointer.y + 14;
    var width = tooltipEl.offsetWidth;
    var height = tooltipEl.offsetHeight;
    if (left + width > window.innerWidth) left = Math.max(0, box.left + pointer.x - width - 14);
    if (top + height > window.innerHeight) top = Math.max(0, box.top + pointer.y - height - 14);
    tooltipEl.style.left = left + "px";
    tooltipEl.style.top = top + "px";
  }

  function hideTooltip() {
    tooltipEl.hidden = true;
    tooltipEl.replaceChildren();
  }

  function nodeTooltip(rec) {
    var parts = [el("strong", pick(rec.labels, rec.label || rec.id))];
    var kinds = classNames(rec);
    if (kinds) parts.push(el("span", kinds, "gk-kind"));
    if (rec.facts.length || rec.sources.length) {
      var list = el("ul");
      rec.facts.slice(0, 6).forEach(function (f) {
        list.append(el("li", predicateLabel(f[0]) + ": " + f[1]));
      });
      if (rec.sources.length) list.append(el("li", "sources: " + rec.sources.join(", ")));
      parts.push(list);
    }
    return parts;
  }

  network.on("hoverNode", function (params) {
    var rec = records.get(params.node);
    if (rec) showTooltip(nodeTooltip(rec), params.pointer.DOM);
  });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    if (!edge) return;
    var text = predicateLabel(edge.predicate);
    edges.update({ id: edge.id, label: text });
    showTooltip([el("span", text)], params.pointer.DOM);
  });
  network.on("blurEdge", function (params) {
    if (edges.get(params.edge)) edges.update({ id: params.edge, label: "" });
    hideTooltip();
  });
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  var detailsEl = document.getElementById("gk-details");
  var detailsLabel = document.getElementById("gk-details-label");
  var detailsList = document.getElementById("gk-details-list");
  var detailsLink = document.getElementById("gk-details-link");

  function showDetails(id) {
    var rec = records.get(id);
    if (!rec) {
      detailsEl.hidden = true;
      return;
    }
    detailsLabel.textContent = pick(rec.labels, rec.label || rec.id);
    var items = [];
    function row(term, value) {
      items.push(el("dt", term), el("dd", value));
    }
    row("id", rec.id);
    var kinds = classNames(rec);
    if (kinds) row(lang === "de" ? "Klassen" : "classes", kinds);
    Object.keys(rec.labels).forEach(function (key) {
      if (key && key !== lang) row("label@" + key, rec.labels[key]);
    });
    rec.facts.forEach(function (f) {
      row(predicateLabel(f[0]), f[1]);
    });
    if (rec.sources.length) row(lang === "de" ? "Quellen" : "sources", rec.sources.join(", "));
    row(lang === "de" ? "Verbindungen" : "links in view", String(network.getConnectedEdges(id).length));
    detailsList.replaceChildren.apply(detailsList, items);
    var href = api ? api.page + encodeId(rec.id) : rec.iri;
    if (api || isWebLink(href)) {
      detailsLink.href = href;
      detailsLink.hidden = false;
    } else {
      detailsLink.hidden = true;
      detailsLink.removeAttribute("href");
    }
    detailsEl.hidden = false;
    detailsEl.dataset.id = rec.id;
  }

  network.on("click", function (params) {
    if (!params.nodes.length) {
      detailsEl.hidden = true;
      return;
    }
    var id = params.nodes[0];
    showDetails(id);
    var rec = records.get(id);
    if (rec && !rec.detailsLoaded) {
      loadDetails(rec)
        .then(function () {
          if (detailsEl.dataset.id === id) showDetails(id);
        })
        .catch(reportError);
    }
  });

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
    showDetails(id);
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
  function loadDetails(rec) {
    if (!api || rec.detailsLoaded) return Promise.resolve(rec);
    rec.detailsLoaded = true;
    return fetchJSON(api.entities + encodeId(rec.id)).then(function (entity) {
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
      return addNeighbourhood(result, id);
    });
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

  // --- search ---------------------------------------------------------------------------------

  var searchInput = document.getElementById("gk-search-input");
  var resultsEl = document.getElementById("gk-search-results");
  var results = [];
  var active = -1;
  var searchSeq = 0;
  var searchTimer = null;

  function localSearch(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    records.forEach(function (rec) {
      var texts = [rec.id, rec.label].concat(Object.values(rec.labels));
      var best = -1;
      texts.forEach(function (t) {
        var f = fold(t);
        if (f === q) best = 3;
        else if (f.indexOf(q) === 0) best = Math.max(best, 2);
        else if (f.indexOf(q) > 0) best = Math.max(best, 1);
      });
      if (best >= 0) found.push({ id: rec.id, label: pick(rec.labels, rec.label), types: rec.types, score: best });
    });
    found.sort(function (a, b) { return b.score - a.score || a.label.localeCompare(b.label); });
    return found.slice(0, 10);
  }

  function renderResults(list) {
    results = list;
    active = list.length ? 0 : -1;
    var items = list.map(function (r, i) {
      var item = el("li", r.label);
      item.setAttribute("role", "option");
      item.dataset.id = r.id;
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      var cls = r.types && r.types.length ? classes.get(r.types[0]) : null;
      item.append(el("span", cls ? pick(cls.labels, "") : r.id, "gk-kind"));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(r);
      });
      return item;
    });
    resultsEl.replaceChildren.apply(resultsEl, items);
    resultsEl.hidden = list.length === 0;
  }

  function choose(result) {
    resultsEl.hidden = true;
    searchInput.value = result.label;
    if (focusNode(result.id)) return Promise.resolve(result.id);
    if (!api) return Promise.resolve(null);
    return expand(result.id)
      .then(function () {
        focusNode(result.id);
        return result.id;
      })
      .catch(reportError);
  }

  function search(query) {
    var seq = ++searchSeq;
    if (!api) {
      renderResults(localSearch(query));
      return Promise.resolve(results);
    }
    if (!query.trim()) {
      renderResults([]);
      return Promise.resolve([]);
    }
    var url = api.search + "?limit=10&q=" + encodeURIComponent(query);
    return fetchJSON(url)
      .then(function (body) {
        if (seq === searchSeq) renderResults(body.results || []);
        return results;
      })
      .catch(reportError);
  }

  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { search(searchInput.value); }, api ? 150 : 50);
  });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call(resultsEl.children, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      event.preventDefault();
    } else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(searchTimer);
      search(searchInput.value).then(function () {
        if (results.length) choose(results[Math.max(active, 0)]);
      });
    } else if (event.key === "Escape") {
      resultsEl.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () {
    resultsEl.hidden = true;
  });

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
    if (!detailsEl.hidden && detailsEl.dataset.id) showDetails(detailsEl.dataset.id);
  });

  view.focusNode = focusNode;
  view.fit = function () { fitToNodes(); };
  view.expand = expand;
  view.search = search;
  view.setClassVisible = setClassVisible;
  updateCount();
  if (data.focus && nodes.get(data.focus)) network.selectNodes([data.focus]);
})();
