/* The overlap map: draws the network the page embeds, and shows details on click.
   The page works without it: the tables below the map hold the same information. */
(function () {
  "use strict";

  var CODES = {};

  function colour(code) {
    return (CODES[code] && CODES[code].colour) || "#868e96";
  }

  function words(code) {
    return (CODES[code] && CODES[code].label) || String(code).replace(/_/g, " ");
  }

  function showDetails(title, facts, link) {
    var panel = document.getElementById("map-details");
    var list = document.getElementById("map-details-facts");
    var anchor = document.getElementById("map-details-link");
    document.getElementById("map-details-title").textContent = title;
    list.replaceChildren();
    facts.forEach(function (fact) {
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = fact[0];
      value.textContent = fact[1];
      list.append(term, value);
    });
    anchor.hidden = !link;
    if (link) {
      anchor.href = link;
    }
    panel.hidden = false;
  }

  function start() {
    var holder = document.getElementById("overlap-map");
    var source = document.getElementById("overlap-data");
    if (!holder || !source || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var elements = data.elements;
    var selection = data.selection || "#000000";
    CODES = data.codes || {};
    if (!elements.nodes.length) {
      return;
    }
    holder.hidden = false;
    var cy = window.cytoscape({
      container: holder,
      elements: elements,
      maxZoom: 2.5,
      minZoom: 0.1,
      layout: elements.nodes.length > 400
        ? { name: "grid", avoidOverlap: true }
        : { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: false },
      style: [
        {
          selector: "node",
          style: {
            "background-color": "#495057",
            "label": "data(id)",
            "font-size": 9,
            "width": 14,
            "height": 14
          }
        },
        {
          selector: "edge",
          style: {
            "line-color": function (edge) { return colour(edge.data("code")); },
            "width": function (edge) { return 1 + 4 * (edge.data("weight") || 0); },
            "curve-style": "haystack"
          }
        },
        { selector: ":selected", style: { "background-color": selection, "line-color": selection } }
      ]
    });
    cy.on("tap", "node", function (event) {
      var node = event.target;
      showDetails("#" + node.id() + " " + node.data("label"), [
        ["Sponsor", node.data("sponsor")],
        ["Status", node.data("status")],
        ["Mode", node.data("mode")],
        ["Overlaps", String(node.degree(false))]
      ], "/initiatives/" + encodeURIComponent(node.id()));
    });
    cy.on("tap", "edge", function (event) {
      var edge = event.target;
      showDetails("#" + edge.data("source") + " and #" + edge.data("target"), [
        ["Kind", words(edge.data("code"))],
        ["Severity", edge.data("severity")],
        ["Facets that hold", Math.round(4 * edge.data("weight")) + " of 4"]
      ], null);
    });
    holder.dataset.ready = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
