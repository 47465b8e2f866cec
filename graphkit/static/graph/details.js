/* graphkit network view: tooltips on hover and the details panel on click.
 *
 * Every text is written with textContent; only web addresses (or the server's own entity
 * pages) become links.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var util = window.graphkitUtil;
  var el = util.el;
  var pageURL = util.pageURL;
  var isWebLink = util.isWebLink;
  var network = view.network;
  var edges = view.edges;
  var records = view.records;
  var api = view.api;
  var pick = view.pick;
  var predicateLabel = view.predicateLabel;
  var loadDetails = view.loadDetails;
  var reportError = view.reportError;
  var graphEl = document.getElementById("gk-graph");
  var tooltipEl = document.getElementById("gk-tooltip");

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
    var kinds = view.classNames(rec);
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
    // The id of an IRI outside the id namespace is its encoding: show the IRI itself too.
    if (rec.id.charAt(0) === "~") row("IRI", rec.iri);
    var kinds = view.classNames(rec);
    if (kinds) row(view.language() === "de" ? "Klassen" : "classes", kinds);
    Object.keys(rec.labels).forEach(function (key) {
      if (key && key !== view.language()) row("label@" + key, rec.labels[key]);
    });
    // Each value with its source's words (loaded with the entity's details).
    function quoted(ev) {
      var box = el("span", null, "evidence");
      if (ev.quote) {
        var q = el("q", ev.quote, "quote");
        if (ev.lang) q.lang = ev.lang;
        box.append(q);
      }
      var where = [ev.source ? ev.source.replace(/^doc\//, "") : "", ev.line ? (view.language() === "de" ? "Zeile " : "line ") + ev.line : ""];
      box.append(el("span", " — " + where.filter(Boolean).join(", "), "where"));
      return box;
    }
    var evidence = rec.evidence || [];
    var shown = new Set();
    rec.facts.forEach(function (f) {
      var found = evidence.filter(function (ev) { return ev.predicate === f[0] && ev.value === String(f[1]); });
      var qualifier = found.map(function (ev) { return ev.qualifier; }).filter(Boolean)[0];
      var dd = el("dd", (qualifier ? qualifier + " " : "") + f[1]);
      found.forEach(function (ev) {
        shown.add(ev);
        if (ev.quote) dd.append(el("br"), quoted(ev));
      });
      items.push(el("dt", predicateLabel(f[0])), dd);
    });
    evidence.forEach(function (ev) {
      if (shown.has(ev) || !ev.quote) return;
      var dd = el("dd", (ev.qualifier ? ev.qualifier + " " : "") + ev.shown);
      dd.append(el("br"), quoted(ev));
      items.push(el("dt", ev.label), dd);
    });
    if (rec.sources.length) row(view.language() === "de" ? "Quellen" : "sources", rec.sources.join(", "));
    row(view.language() === "de" ? "Verbindungen" : "links in view", String(network.getConnectedEdges(id).length));
    detailsList.replaceChildren.apply(detailsList, items);
    var href = api ? pageURL(api, rec.id) : rec.iri;
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
    if (rec && !rec.evidenceLoaded) {
      loadDetails(rec)
        .then(function () {
          if (detailsEl.dataset.id === id) showDetails(id);
        })
        .catch(reportError);
    }
  });

  view.showDetails = showDetails;
  view.refreshDetails = function () {
    if (!detailsEl.hidden && detailsEl.dataset.id) showDetails(detailsEl.dataset.id);
  };
})();
