// The review page: a candidates file opened in the browser, decided on candidate by candidate,
// checked, downloaded as YAML or loaded with the update token. The file and the token stay in
// this page; the server reads the YAML, writes it back, checks and loads, and keeps nothing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var KINDS = ["entity", "relation", "date", "count"];
  var GRAPH = "https://w3id.org/graphkit/graph/";
  var state = { file: "candidates.yaml", doc: null };
  var $ = function (id) { return document.getElementById(id); };
  var list = $("review-candidates");
  var status = $("review-status");
  var problems = $("review-problems");

  function t(key, values) {
    var text = data.text[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function say(message, kind) {
    status.textContent = message;
    status.dataset.kind = kind || "info";
  }

  function candidates() { return state.doc ? state.doc.candidates : []; }

  function byId(id) {
    return candidates().find(function (c) { return c.id === id; });
  }

  // --- talking to the server ---------------------------------------------------------------

  function post(path, body, headers) {
    var url = path + "?file=" + encodeURIComponent(state.file);
    return fetch(url, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: typeof body === "string" ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
  }

  function errorOf(response) {
    return response.json().then(
      function (body) { return (body && body.error) || { message: response.statusText, detail: {} }; },
      function () { return { message: response.statusText, detail: {} }; }
    );
  }

  function fail(response) {
    return errorOf(response).then(function (error) {
      var key = response.status === 401 || response.status === 403 ? "review.refused" : "review.failed";
      say(t(key, { status: response.status, message: error.message }), "error");
      return error;
    });
  }

  // --- the candidates --------------------------------------------------------------------------

  // What a candidate lacks to be loaded on its own (graphkit.extract.review.missing).
  function lacks(c) {
    if ((c.kind === "date" || c.kind === "count") && !c.subject) { return "subject"; }
    if (c.kind === "count" && !c.predicate) { return "predicate"; }
    return null;
  }

  function summarize() {
    var counts = { proposed: 0, accepted: 0, rejected: 0 };
    candidates().forEach(function (c) { counts[c.status] = (counts[c.status] || 0) + 1; });
    $("review-summary").textContent = t("review.opened", { file: state.file, count: candidates().length })
      + " · " + t("review.counts", counts);
  }

  function setStatus(c, value) {
    c.status = value;
    var card = list.querySelector('[data-id="' + CSS.escape(c.id) + '"]');
    if (card) { card.dataset.status = value; card.querySelector(".status").textContent = t("review.status." + value); }
    summarize();
  }

  function marked(c) {
    var p = el("p", "sentence");
    var at = c.text ? c.sentence.indexOf(c.text) : -1;
    if (at < 0 || c.text === c.sentence) {
      p.textContent = c.sentence;
      return p;
    }
    p.appendChild(document.createTextNode(c.sentence.slice(0, at)));
    p.appendChild(el("mark", null, c.text));
    p.appendChild(document.createTextNode(c.sentence.slice(at + c.text.length)));
    return p;
  }

  function field(c, key, labelKey, options) {
    var wrap = el("label", "field");
    wrap.appendChild(el("span", null, t(labelKey)));
    var input;
    if (options) {
      input = el("select");
      var values = options.map(function (o) { return o.value; });
      if (c[key] && values.indexOf(c[key]) < 0) {
        options = [{ value: c[key], label: t("review.class_other", { value: c[key] }) }].concat(options);
      }
      options.forEach(function (o) {
        var option = el("option", null, o.label);
        option.value = o.value;
        input.appendChild(option);
      });
    } else {
      input = el("input");
      input.type = "text";
    }
    input.name = key;
    input.value = c[key] === null || c[key] === undefined ? "" : String(c[key]);
    input.addEventListener("change", function () {
      c[key] = input.value.trim() || null;
      if (key === "iri") { c.existing = false; }
    });
    wrap.appendChild(input);
    return wrap;
  }

  function nameOf(ref) {
    var target = byId(ref);
    return target && target.kind === "entity" ? target.label : ref;
  }

  function mergeBox(c, card) {
    var box = el("div", "merge");
    var note = el("p", "merged");
    var undo = el("button", "unmerge", t("review.unmerge"));
    undo.type = "button";
    var search = el("input");
    search.type = "search";
    search.placeholder = t("review.merge_search");
    search.setAttribute("aria-label", t("review.merge"));
    var hits = el("ul", "hits");
    function show() {
      note.textContent = c.merge_with ? t("review.merged", { name: c.merge_label || c.merge_with }) : "";
      note.hidden = undo.hidden = !c.merge_with;
    }
    undo.addEventListener("click", function () { c.merge_with = null; c.merge_label = null; show(); });
    var pending = 0;
    search.addEventListener("input", function () {
      var q = search.value.trim();
      var asked = ++pending;
      if (!q) { hits.textContent = ""; return; }
      fetch("/api/search?limit=6&lang=" + data.lang + "&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (answer) {
          if (asked !== pending) { return; }
          hits.textContent = "";
          if (!answer.results.length) { hits.appendChild(el("li", "none", t("review.no_hits"))); }
          answer.results.forEach(function (hit) {
            var li = el("li");
            var pick = el("button", "hit", hit.label);
            pick.type = "button";
            pick.dataset.iri = hit.iri;
            li.appendChild(pick);
            var type = Object.values(hit.type_labels || {})[0];
            if (type) { li.appendChild(el("span", "type", type[data.lang] || type.en || "")); }
            pick.addEventListener("click", function () {
              c.merge_with = hit.iri;
              c.merge_label = hit.label;
              hits.textContent = "";
              search.value = "";
              setStatus(c, "accepted");
              show();
            });
            hits.appendChild(li);
          });
        });
    });
    show();
    box.appendChild(note);
    box.appendChild(undo);
    box.appendChild(search);
    box.appendChild(hits);
    card.appendChild(box);
  }

  function card(c) {
    var article = el("article", "candidate");
    article.dataset.id = c.id;
    article.dataset.status = c.status;
    var head = el("p", "meta");
    head.appendChild(el("span", "status", t("review.status." + c.status)));
    head.appendChild(el("code", "id", c.id));
    head.appendChild(el("span", "confidence", t("review.confidence", { value: c.confidence })));
    if (c.boilerplate) { head.appendChild(el("span", "flag boilerplate", t("review.boilerplate"))); }
    if (c.existing) { head.appendChild(el("span", "flag existing", t("review.existing"))); }
    head.appendChild(el("span", "line", t("review.line", { line: state.doc.lines[c.id] || c.line })));
    article.appendChild(head);
    article.appendChild(marked(c));
    var fields = el("div", "fields");
    if (c.kind === "entity") {
      fields.appendChild(field(c, "label", "review.label"));
      fields.appendChild(field(c, "class", "review.class", data.classes));
      fields.appendChild(field(c, "iri", "review.iri"));
    } else if (c.kind === "relation") {
      fields.appendChild(el("span", "ref", nameOf(c.subject)));
      fields.appendChild(field(c, "predicate", "review.predicate"));
      fields.appendChild(el("span", "ref", nameOf(c.object)));
    } else {
      fields.appendChild(el("span", "value", t("review.value") + ": " + c.value
        + (c.qualifier ? " (" + c.qualifier + ")" : "")));
      fields.appendChild(field(c, "subject", "review.subject"));
      if (c.kind === "count") { fields.appendChild(field(c, "predicate", "review.predicate")); }
    }
    article.appendChild(fields);
    if (c.kind === "entity") { mergeBox(c, article); }
    var buttons = el("p", "decide");
    [["accepted", "review.accept"], ["rejected", "review.reject"], ["proposed", "review.reset"]].forEach(function (pair) {
      var button = el("button", "to-" + pair[0], t(pair[1]));
      button.type = "button";
      button.addEventListener("click", function () { setStatus(c, pair[0]); });
      buttons.appendChild(button);
    });
    article.appendChild(buttons);
    return article;
  }

  function render() {
    list.textContent = "";
    problems.textContent = "";
    state.doc.documents.forEach(function (d) {
      var section = el("section", "review-document");
      section.appendChild(el("h2", null, t("review.document", { id: d.id })));
      KINDS.forEach(function (kind) {
        var mine = candidates().filter(function (c) { return c.document === d.id && c.kind === kind; });
        if (!mine.length) { return; }
        section.appendChild(el("h3", null, t("review.kind." + kind)));
        mine.forEach(function (c) { section.appendChild(card(c)); });
      });
      list.appendChild(section);
    });
    $("review-actions").disabled = false;
    summarize();
  }

  // What is sent back: the file's mapping, without what only the page keeps.
  function payload() {
    return {
      "graphkit-candidates": state.doc["graphkit-candidates"],
      documents: state.doc.documents,
      candidates: candidates().map(function (c) {
        var copy = Object.assign({}, c);
        delete copy.merge_label;
        return copy;
      }),
    };
  }

  function showProblems(items) {
    problems.textContent = "";
    list.querySelectorAll(".has-problem").forEach(function (n) { n.classList.remove("has-problem"); });
    items.forEach(function (p) {
      var li = el("li", p.severity === "Violation" ? "violation" : "warning");
      if (p.candidate) {
        var link = el("a", null, t("review.candidate", { id: p.candidate }));
        link.href = "#";
        link.addEventListener("click", function (event) {
          event.preventDefault();
          var target = list.querySelector('[data-id="' + CSS.escape(p.candidate) + '"]');
          if (target) { target.scrollIntoView({ block: "center" }); }
        });
        li.appendChild(link);
        li.appendChild(document.createTextNode(": "));
        var target = list.querySelector('[data-id="' + CSS.escape(p.candidate) + '"]');
        if (target) { target.classList.add("has-problem"); }
      }
      if (p.severity && p.severity !== "Violation") { li.appendChild(el("span", "flag", t("review.warning"))); }
      li.appendChild(el("span", "message", p.message));
      problems.appendChild(li);
    });
  }

  // --- the controls ------------------------------------------------------------------------

  $("review-file").addEventListener("change", function (event) {
    var chosen = event.target.files[0];
    if (!chosen) { return; }
    state.file = chosen.name;
    say(t("review.working"));
    chosen.text().then(function (text) {
      return fetch("/api/candidates/parse?file=" + encodeURIComponent(state.file), {
        method: "POST", headers: { "Content-Type": "application/yaml" }, body: text,
      });
    }).then(function (response) {
      if (!response.ok) { return fail(response); }
      return response.json().then(function (doc) {
        state.doc = doc;
        render();
        say("");
      });
    });
  });

  $("review-accept-all").addEventListener("click", function () {
    var least = parseFloat($("review-threshold").value) || 0;
    var count = 0, left = 0;
    candidates().forEach(function (c) {
      if (c.status !== "proposed" || c.confidence < least) { return; }
      if (lacks(c)) { left += 1; return; }
      setStatus(c, "accepted");
      count += 1;
    });
    say(t("review.accepted_all", { count: count, left: left }));
  });

  $("review-download").addEventListener("click", function () {
    say(t("review.working"));
    post("/api/candidates/yaml", payload()).then(function (response) {
      if (!response.ok) { return fail(response); }
      return response.blob().then(function (blob) {
        var link = el("a");
        link.href = URL.createObjectURL(blob);
        link.download = state.file;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
        say("");
      });
    });
  });

  $("review-check").addEventListener("click", function () {
    say(t("review.working"));
    post("/api/candidates/check", payload()).then(function (response) {
      if (!response.ok) { return fail(response); }
      return response.json().then(function (report) {
        showProblems(report.problems);
        var violations = report.problems.filter(function (p) { return p.severity === "Violation"; });
        say(report.loadable ? t("review.check_ok", { triples: report.triples })
          : t("review.check_bad", { count: violations.length }), report.loadable ? "ok" : "error");
      });
    });
  });

  $("review-load").addEventListener("click", function () {
    var token = $("review-token").value.trim();
    if (!token) { say(t("review.no_token"), "error"); return; }
    say(t("review.working"));
    post("/api/candidates/load", payload(), { Authorization: "Bearer " + token }).then(function (response) {
      if (!response.ok) {
        return fail(response).then(function (error) {
          var found = (error.detail && error.detail.violations) || [];
          showProblems(found.map(function (message) { return { message: message, severity: "Violation" }; }));
        });
      }
      return response.json().then(function (report) {
        problems.textContent = "";
        var graphs = report.graphs.map(function (g) { return g.graph.replace(GRAPH, "graph:"); }).join(", ");
        say(t("review.loaded", { triples: report.triples, graphs: graphs }), "ok");
      });
    });
  });
})();
