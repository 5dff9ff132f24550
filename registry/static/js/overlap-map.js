/* The overlap map: draws the network the page embeds as a JSON data island, and shows a
   node's or an edge's details on click. The page works without it: the tables below the
   map hold the same information.

   The layout is deterministic: the server seeds every node's position and Cytoscape's
   force-directed "cose" refines them without randomising, so a reload draws the same
   picture. When it has settled the map says so: data-layout="done" on #overlap-map.
   Nothing from the registry's data is ever parsed as HTML: text goes in by textContent. */

const BIG = 300; // beyond this many nodes the layout runs fewer, coarser iterations

function element(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

function link(href, text) {
  const anchor = element("a", text);
  anchor.href = href;
  return anchor;
}

function words(code) {
  return String(code).replace(/_/g, " ");
}

function showDetails(title, message, evidence, facts, links) {
  const panel = document.getElementById("map-details");
  document.getElementById("map-details-title").textContent = title;
  const said = document.getElementById("map-details-message");
  said.textContent = message || "";
  said.hidden = !message;
  const list = document.getElementById("map-details-evidence");
  list.replaceChildren(...evidence.map((line) => element("li", line)));
  list.hidden = evidence.length === 0;
  const facts_ = document.getElementById("map-details-facts");
  facts_.replaceChildren();
  facts.forEach(([term, value]) => facts_.append(element("dt", term), element("dd", value)));
  const anchors = document.getElementById("map-details-links");
  anchors.replaceChildren(
    ...links.map(([href, text]) => {
      const item = element("li");
      item.append(link(href, text));
      return item;
    })
  );
  panel.hidden = false;
}

function stylesheet(style) {
  const selection = style.selection;
  const rules = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        label: "data(label)",
        width: "data(size)",
        height: "data(size)",
        "font-size": 10,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.7,
        "text-background-padding": 1,
        "min-zoomed-font-size": 7,
        "border-width": 0,
      },
    },
    {
      selector: "edge",
      style: {
        "line-color": (edge) => style.codes[edge.data("code")] || "#868e96",
        width: (edge) => style.widths[edge.data("severity")] || 1,
        // Bezier, so that rival proposals and an overlap between the same two
        // initiatives are drawn side by side rather than on top of each other.
        "curve-style": "bezier",
        opacity: 0.85,
      },
    },
    { selector: "edge.coordinated", style: { "line-style": "dashed" } },
    { selector: "edge.rival", style: { "line-style": "dotted" } },
    { selector: ".hidden", style: { display: "none" } },
    { selector: "node.faded", style: { opacity: 0.3 } },
    { selector: "node.match", style: { "underlay-color": selection, "underlay-opacity": 0.35, "underlay-padding": 6 } },
    {
      selector: "node:selected",
      style: { "overlay-color": selection, "overlay-opacity": 0.35, "overlay-padding": 6, "border-color": selection, "border-width": 4 },
    },
    { selector: "edge:selected", style: { "line-color": selection, width: 8, opacity: 1, "z-index": 10 } },
  ];
  Object.entries(style.worst).forEach(([severity, mark]) => {
    rules.splice(1, 0, {
      selector: `node[worst = "${severity}"]`,
      style: { "border-width": mark.width, "border-color": mark.colour, "border-style": mark.style },
    });
  });
  return rules;
}

const NODE_SENTENCES = 6; // a node's panel lists this many of its overlaps' sentences

function describeNode(node) {
  const participants = node.data("participants");
  const edges = node.connectedEdges(":visible");
  const sentences = edges.map((edge) => edge.data("message")).slice(0, NODE_SENTENCES);
  if (edges.length > NODE_SENTENCES) {
    sentences.push(`and ${edges.length - NODE_SENTENCES} more overlaps in the table below.`);
  }
  showDetails(
    node.data("title"),
    edges.length ? "Its overlaps on the map:" : null,
    sentences,
    [
      ["Sponsor", node.data("sponsor")],
      ["Status", node.data("status")],
      ["Track and mode", `${node.data("track")}, ${node.data("mode")}`],
      ["Participants", participants === null ? "not shown to you" : String(participants)],
      ["Most severe open finding", node.data("worst") || "none"],
      ["Overlaps on the map", String(edges.length)],
    ],
    [[node.data("url"), "Open the initiative"]]
  );
}

function describeEdge(edge, labels, nodes) {
  const data = edge.data();
  const links = [
    [data.finding_url, "Open the finding"],
    [nodes.getElementById(data.source).data("url"), `Open ${data.source_title}`],
    [nodes.getElementById(data.target).data("url"), `Open ${data.target_title}`],
  ];
  if (data.propose_url) {
    links.push([data.propose_url, "Propose coordination"]);
  }
  showDetails(
    `${data.source_title} and ${data.target_title}`,
    data.message,
    data.evidence || [],
    [
      ["Kind", labels[data.code] || words(data.code)],
      ["Severity", data.severity],
      ["Status", data.status],
      ["Agreed coordination link", data.coordinated ? "yes" : "no"],
    ],
    links
  );
}

function search(cy, text) {
  const wanted = text.trim().toLowerCase();
  cy.nodes().removeClass("match");
  if (!wanted) {
    return cy.collection();
  }
  const found = cy.nodes().filter((node) => node.data("title").toLowerCase().includes(wanted));
  found.addClass("match");
  return found;
}

function layoutOptions(count) {
  const big = count > BIG;
  return {
    name: "cose",
    animate: false,
    randomize: false,
    fit: true,
    padding: 20,
    nodeDimensionsIncludeLabels: false,
    numIter: big ? 300 : 1000,
    initialTemp: big ? 200 : 1000,
    coolingFactor: big ? 0.9 : 0.99,
    componentSpacing: 120,
    nodeRepulsion: () => 6000,
    idealEdgeLength: () => 60,
  };
}

function start() {
  const holder = document.getElementById("overlap-map");
  const source = document.getElementById("overlap-data");
  if (!holder || !source || typeof window.cytoscape !== "function") {
    return;
  }
  const island = JSON.parse(source.textContent);
  const elements = island.elements;
  if (!elements.nodes.length) {
    holder.dataset.layout = "done";
    return;
  }
  holder.hidden = false;
  const began = performance.now();
  holder.dataset.startedMs = String(Math.round(began));
  const cy = window.cytoscape({
    container: holder,
    elements: elements,
    maxZoom: 3,
    minZoom: 0.05,
    layout: { name: "preset" },
    style: stylesheet(island.style),
    selectionType: "single",
  });
  const layout = cy.layout(layoutOptions(elements.nodes.length));
  layout.one("layoutstop", () => {
    const ms = Math.round(performance.now() - began);
    holder.dataset.layoutMs = String(ms);
    holder.dataset.layout = "done";
    holder.dataset.ready = "true";
    document.getElementById("map-status").textContent =
      `Drawn in ${(ms / 1000).toFixed(1)} s. Click a dot or a line for its details; scroll to zoom.`;
  });
  cy.on("tap", "node", (event) => describeNode(event.target));
  cy.on("tap", "edge", (event) => describeEdge(event.target, island.style.code_labels, cy.nodes()));
  const box = document.getElementById("map-search");
  if (box) {
    box.addEventListener("input", () => search(cy, box.value));
  }
  layout.run();
  if (box && box.value) {
    const found = search(cy, box.value);
    if (found.length) {
      found[0].select();
      describeNode(found[0]);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
