// The SPARQL editor page: YASGUI against this server's endpoint, with the bundled
// competency queries as examples. Nothing here talks to another host.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  window.graphkitYasgui = yasgui;

  function show(name) {
    var found = examples.find(function (ex) { return ex.name === name; });
    if (!found) { return; }
    var tab = yasgui.getTab();
    tab.setQuery(found.query);
    tab.setEndpoint(endpoint);
  }
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () { show(button.dataset.name); });
  });
  var hash = new URLSearchParams(window.location.hash.slice(1));
  if (hash.get("example")) { show(hash.get("example")); }
})();
