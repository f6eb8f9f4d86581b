// The analyst's desk: filters, a clustered map with offline place labels, a brushable timeline,
// the event panel and tallies. Every text that comes from an article is set with textContent
// (never innerHTML), and links are built only from our own paths or from http(s) URLs.
// window.eventwireDesk.map is the Leaflet map, for the browser console and the browser tests.
"use strict";

(function () {
  const root = document.getElementById("desk");
  const config = JSON.parse(root.dataset.config);
  const COLORS = ["#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#1f77b4", "#7f7f7f"];
  const state = { filters: {}, brush: null, types: config.types, controllers: {} };

  // -- small DOM helpers ---------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(url) {
    // an article's own URL is shown as a link only when it is http(s)
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function eventPath(id) {
    return "/events/" + encodeURIComponent(id);
  }

  function documentPath(id) {
    return "/documents/" + encodeURIComponent(id);
  }

  function setStatus(text) {
    document.getElementById("status").textContent = text;
  }

  async function getJSON(path, slot) {
    // one request per slot at a time: a newer one aborts the older
    if (slot) {
      if (state.controllers[slot]) state.controllers[slot].abort();
      state.controllers[slot] = new AbortController();
    }
    const response = await fetch(path, {
      headers: { Accept: "application/json" },
      signal: slot ? state.controllers[slot].signal : undefined,
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function query(extra) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...state.filters, ...(extra || {}) })) {
      if (value !== null && value !== undefined && value !== "") params.set(key, value);
    }
    return params.toString();
  }

  // -- filters -------------------------------------------------------------------------------------

  const form = document.getElementById("filters");
  const typeSelect = document.getElementById("f-type");
  const subSelect = document.getElementById("f-sub-type");
  const bboxBox = document.getElementById("f-bbox");

  config.types.slice(0, -1).forEach((t) => typeSelect.append(el("option", { value: t }, t)));

  function fillSubTypes() {
    const chosen = typeSelect.value;
    subSelect.replaceChildren(el("option", { value: "" }, "any"));
    for (const [type, subs] of Object.entries(config.sub_types)) {
      if (chosen && type !== chosen) continue;
      subs.forEach((s) => subSelect.append(el("option", { value: s }, s)));
    }
  }
  typeSelect.addEventListener("change", fillSubTypes);
  fillSubTypes();

  const legend = document.getElementById("legend");
  config.types.forEach((t, i) =>
    legend.append(el("li", {}, el("span", { class: "swatch swatch-" + i }), t))
  );
  legend.append(el("li", { class: "legend-cluster" }, el("span", { class: "cluster-swatch" }),
    "cluster: its count; the ring shows its types"));

  function readFilters() {
    const data = new FormData(form);
    const filters = {};
    for (const [key, value] of data.entries()) {
      if (typeof value === "string" && value.trim()) filters[key] = value.trim();
    }
    if (bboxBox.checked) {
      const b = map.getBounds();
      const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v));
      filters.bbox = [
        clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90),
      ].map((v) => v.toFixed(4)).join(",");
    }
    return filters;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.filters = readFilters();
    state.brush = null;
    refresh();
  });
  form.addEventListener("reset", () => {
    root.dataset.ready = "0"; // at once: the form clears its fields only after this handler
    setTimeout(() => {
      fillSubTypes();
      state.filters = {};
      state.brush = null;
      refresh();
    });
  });

  // -- map -----------------------------------------------------------------------------------------

  // SVG markers: only unclustered ones in view are drawn, so there are never many at once
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([20, 20], 2);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { maxZoom: 18, attribution: "map tiles: see the tile_url setting" }).addTo(map);
  }
  getJSON("/static/basemap/countries.geojson").then((outlines) => {
    L.geoJSON(outlines, {
      interactive: false,
      style: {
        color: "#8a94a6",
        weight: 0.7,
        fillColor: "#f4f1ea",
        fillOpacity: config.tile_url ? 0 : 1,
      },
    }).addTo(map).bringToBack();
  });
  window.eventwireDesk = { map };

  // clusters are neutral (a white disc with the count), so they never read as an event type;
  // a ring around the disc shows the share of each type in the cluster, in the legend's colours
  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const counts = COLORS.map(() => 0);
    children.forEach((m) => { counts[m.options.typeIndex] += 1; });
    const n = children.length;
    const stops = [];
    let at = 0;
    counts.forEach((c, i) => {
      if (!c) return;
      const end = at + (c / n) * 360;
      stops.push(`${COLORS[i]} ${at.toFixed(1)}deg ${end.toFixed(1)}deg`);
      at = end;
    });
    const ring = el("div", {
      class: "event-cluster",
      "data-count": n,
      "data-types": counts.map((c, i) => (c ? `${i}:${c}` : null)).filter(Boolean).join(" "),
    }, el("span", { class: "cluster-count" }, String(n)));
    ring.style.background = `conic-gradient(${stops.join(", ")})`; // CSSOM: allowed by the CSP
    const size = n < 10 ? 30 : n < 100 ? 36 : 44;
    return L.divIcon({ html: ring, className: "event-cluster-icon", iconSize: L.point(size, size) });
  }

  const clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    disableClusteringAtZoom: 10,
    maxClusterRadius: 50,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);

  function viewBox() {
    // the map's view as west,south,east,north within -180..180 / -90..90
    const b = map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v));
    let west = b.getWest();
    let east = b.getEast();
    if (east - west >= 360) {
      west = -180;
      east = 180;
    } else {
      const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
      west = wrap(west);
      east = wrap(east);
    }
    return [west, clamp(b.getSouth(), 90), east, clamp(b.getNorth(), 90)].map((v) => v.toFixed(4)).join(",");
  }

  map.on("moveend", () => {
    root.dataset.view = viewBox();
    root.dataset.zoom = String(map.getZoom());
    loadLabels();
    if (bboxBox.checked) {
      state.filters = readFilters();
      refresh();
    }
  });

  // -- place labels (the offline basemap's names: capitals first, more cities as you zoom in) ----

  map.createPane("labels");
  map.getPane("labels").style.zIndex = "450"; // above the outlines and points, below tooltips
  map.getPane("labels").style.pointerEvents = "none";
  const labelLayer = L.layerGroup().addTo(map);

  async function loadLabels() {
    const zoom = map.getZoom();
    const params = new URLSearchParams({ bbox: viewBox(), zoom: String(zoom) });
    let body;
    try {
      body = await getJSON("/map/labels?" + params.toString(), "labels");
    } catch (err) {
      if (err && err.name === "AbortError") return;
      labelLayer.clearLayers(); // the map still works without names
      root.dataset.labels = "unavailable";
      return;
    }
    labelLayer.clearLayers();
    for (const p of body.labels) {
      const node = el("div", { class: "place-label" + (p.capital ? " capital" : ""), "data-name": p.name },
        el("span", { class: "dot" }), el("span", { class: "name" }, p.name));
      L.marker([p.latitude, p.longitude], {
        icon: L.divIcon({ html: node, className: "place-label-icon", iconSize: [0, 0] }),
        pane: "labels",
        interactive: false,
        keyboard: false,
      }).addTo(labelLayer);
    }
    root.dataset.labels = String(body.count);
    root.dataset.labelsZoom = String(zoom);
  }

  loadLabels();

  function fitToPoints(latlngs) {
    // the map fits the events shown, unless the view itself is the filter
    if (bboxBox.checked || !latlngs.length) return;
    map.fitBounds(L.latLngBounds(latlngs), { padding: [40, 40], maxZoom: 7, animate: false });
  }

  function radius(fatalities) {
    return 4 + Math.min(16, 2 * Math.sqrt(fatalities || 0));
  }

  async function loadPoints() {
    const dates = state.brush ? { from: state.brush[0], to: state.brush[1] } : {};
    const body = await getJSON("/map/points?" + query(dates), "points");
    const markers = body.points.map(([id, lat, lon, type, fatalities, date]) => {
      const marker = L.circleMarker([lat, lon], {
        radius: radius(fatalities),
        color: "#333",
        weight: 0.6,
        fillColor: COLORS[type] || COLORS[COLORS.length - 1],
        fillOpacity: 0.8,
        className: "event-marker",
        typeIndex: COLORS[type] ? type : COLORS.length - 1,
      });
      marker.eventId = id;
      marker.on("add", () => {
        const node = marker.getElement();
        if (node) node.setAttribute("data-event-id", id);
      });
      marker.bindTooltip(() => body.types[type] + (date ? " · " + date : "") + (fatalities ? " · " + fatalities + " killed" : ""));
      marker.on("click", () => openEvent(id));
      return marker;
    });
    clusters.clearLayers();
    clusters.addLayers(markers);
    root.dataset.points = String(markers.length);
    fitToPoints(markers.map((m) => m.getLatLng()));
    const range = state.brush ? ` between ${state.brush[0]} and ${state.brush[1]}` : "";
    setStatus(
      `${body.matched} event(s) match${range}; ${markers.length} on the map` +
        (body.unlocated ? `, ${body.unlocated} without coordinates` : "")
    );
    const exportQuery = query(dates);
    document.getElementById("export-geojson").href = "/events?format=geojson&" + exportQuery;
    document.getElementById("export-csv").href = "/events?format=csv&" + exportQuery;
  }

  // -- timeline ------------------------------------------------------------------------------------

  const svg = document.getElementById("timeline-svg");
  const allDates = document.getElementById("t-all");
  const SVG = "http://www.w3.org/2000/svg";
  let days = [];
  let dense = null; // the server's dense window of the days: {from, to, before, after}
  let scale = null;
  const STUB = 64; // width of a collapsed end

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }

  function dayNumber(iso) {
    return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000);
  }

  function isoOf(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  async function loadTimeline() {
    const body = await getJSON("/timeline?" + query(), "timeline");
    days = body.days;
    dense = body.window;
    drawTimeline();
  }

  function collapsedEnd(side, x, y, w, h) {
    // outlying dates (coarse background dates far from the rest), folded into one block
    const block = svgEl("g", { class: "collapsed collapsed-" + side });
    const info = dense[side];
    block.append(svgEl("rect", { x, y, width: w, height: h }));
    const label = svgEl("text", { x: x + w / 2, y: y + h / 2, "text-anchor": "middle" });
    label.textContent = `${info.events} ${side === "before" ? "earlier" : "later"}`;
    const title = svgEl("title", {});
    title.textContent = `${info.events} event(s) ${info.first === info.last ? "on " + info.first : info.first + " – " + info.last}; click for all dates`;
    block.append(label, title);
    block.dataset.events = String(info.events);
    return block;
  }

  function drawTimeline() {
    const width = svg.clientWidth || 600;
    const height = svg.clientHeight || 110;
    const collapse = dense && !allDates.checked && (dense.before || dense.after);
    const shown = collapse ? days.filter(([d]) => d >= dense.from && d <= dense.to) : days;
    const stubs = { before: collapse && dense.before ? STUB : 0, after: collapse && dense.after ? STUB : 0 };
    const pad = { left: 8 + stubs.before, right: 8 + stubs.after, top: 6, bottom: 18 };
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.dataset.mode = collapse ? "dense" : "all";
    if (!shown.length) {
      scale = null;
      svg.append(svgEl("text", { x: 12, y: height / 2, class: "axis" }));
      svg.lastChild.textContent = "No dated events";
      return;
    }
    const first = dayNumber(shown[0][0]);
    const last = dayNumber(shown[shown.length - 1][0]);
    const span = Math.max(1, last - first + 1);
    const inner = width - pad.left - pad.right;
    const barWidth = Math.max(1, inner / span);
    const top = Math.max(...shown.map(([, counts]) => counts.reduce((a, b) => a + b, 0)));
    const h = height - pad.top - pad.bottom;
    scale = { first, span, inner, pad, width, height };
    const bars = svgEl("g", { class: "bars" });
    for (const [day, counts] of shown) {
      const x = pad.left + ((dayNumber(day) - first) / span) * inner;
      let y = height - pad.bottom;
      counts.forEach((n, type) => {
        if (!n) return;
        const bh = (n / top) * h;
        y -= bh;
        bars.append(svgEl("rect", { x, y, width: barWidth, height: bh, class: "bar type-" + type }));
      });
    }
    svg.append(bars);
    const axis = svgEl("g", { class: "axis" });
    const labels = [shown[0][0], shown[shown.length - 1][0]];
    const left = svgEl("text", { x: pad.left, y: height - 4 });
    left.textContent = labels[0];
    const right = svgEl("text", { x: width - pad.right, y: height - 4, "text-anchor": "end" });
    right.textContent = labels[1];
    axis.append(left, right);
    svg.append(axis);
    const top_ = svgEl("text", { x: width - pad.right, y: pad.top + 10, "text-anchor": "end", class: "axis" });
    top_.textContent = `max ${top}/day`;
    svg.append(top_);
    if (stubs.before) svg.append(collapsedEnd("before", 2, pad.top, stubs.before - 8, height - pad.top - pad.bottom));
    if (stubs.after) svg.append(collapsedEnd("after", width - stubs.after + 6, pad.top, stubs.after - 8, height - pad.top - pad.bottom));
    drawBrush();
  }

  function xToDay(x) {
    const s = scale;
    const frac = Math.max(0, Math.min(1, (x - s.pad.left) / s.inner));
    return s.first + Math.min(s.span - 1, Math.floor(frac * s.span));
  }

  function drawBrush(from, to) {
    svg.querySelectorAll(".brush").forEach((n) => n.remove());
    const range = from !== undefined ? [from, to] : state.brush ? state.brush.map(dayNumber) : null;
    if (!range || !scale) return;
    const [a, b] = range[0] <= range[1] ? range : [range[1], range[0]];
    const x0 = scale.pad.left + ((a - scale.first) / scale.span) * scale.inner;
    const x1 = scale.pad.left + ((b + 1 - scale.first) / scale.span) * scale.inner;
    svg.append(svgEl("rect", { x: x0, y: 0, width: Math.max(2, x1 - x0), height: scale.height, class: "brush" }));
  }

  let dragStart = null;
  function svgX(event) {
    const box = svg.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * (scale ? scale.width : box.width);
  }
  svg.addEventListener("pointerdown", (e) => {
    if (e.target.closest && e.target.closest(".collapsed")) {
      allDates.checked = true; // a collapsed end opens onto all dates
      drawTimeline();
      return;
    }
    if (!scale) return;
    dragStart = xToDay(svgX(e));
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", (e) => {
    if (dragStart === null) return;
    drawBrush(dragStart, xToDay(svgX(e)));
  });
  svg.addEventListener("pointerup", (e) => {
    if (dragStart === null) return;
    const end = xToDay(svgX(e));
    const start = dragStart;
    dragStart = null;
    if (start === end && state.brush) {
      state.brush = null; // a click clears the brush
    } else {
      state.brush = [isoOf(Math.min(start, end)), isoOf(Math.max(start, end))];
    }
    root.dataset.brush = state.brush ? state.brush.join("/") : "";
    drawBrush();
    root.dataset.ready = "0";
    Promise.all([loadPoints(), talliesPanel.hidden ? null : loadTallies()])
      .then(() => { root.dataset.ready = "1"; })
      .catch(showError);
  });
  window.addEventListener("resize", () => drawTimeline());
  allDates.addEventListener("change", () => drawTimeline());

  // -- event panel ---------------------------------------------------------------------------------

  const eventPanel = document.getElementById("event-panel");
  const talliesPanel = document.getElementById("tallies-panel");

  function showTab(which) {
    eventPanel.hidden = which !== "event";
    talliesPanel.hidden = which !== "tallies";
    document.getElementById("tab-event").classList.toggle("on", which === "event");
    document.getElementById("tab-tallies").classList.toggle("on", which === "tallies");
  }
  document.getElementById("tab-event").addEventListener("click", () => showTab("event"));
  document.getElementById("tab-tallies").addEventListener("click", () => {
    showTab("tallies");
    loadTallies().catch(showError);
  });

  function range(r) {
    if (!r || (r.best === null && r.low === null && r.high === null)) return null;
    const best = r.best !== null ? r.best : "?";
    return r.low !== r.high && r.low !== null ? `${best} (${r.low}–${r.high})` : String(best);
  }

  function fields(e) {
    const rows = [
      ["Date", e.event_date],
      ["Actor 1", e.actor1],
      ["Actor 2", e.actor2],
      ["Location", [e.location, e.admin1, e.country].filter(Boolean).join(", ")],
      ["As written", e.location_as_written],
      ["Coordinates", e.latitude !== null ? `${e.latitude}, ${e.longitude}` : null],
      ["Weapon", e.weapon],
      ["Fatalities", range(e.fatalities)],
      ["Injured", range(e.injuries)],
      ["Abducted", range(e.abducted)],
      ["Arrested", range(e.arrested)],
      ["Reported as", e.reported_as],
      ["Confidence", e.confidence],
    ];
    const dl = el("dl", { class: "fields" });
    for (const [k, v] of rows) {
      if (v === null || v === undefined || v === "") continue;
      dl.append(el("dt", {}, k), el("dd", {}, v));
    }
    return dl;
  }

  function eventLink(summary, prefix) {
    return el(
      "li",
      {},
      prefix + " ",
      el(
        "a",
        { href: eventPath(summary.event_id) + "?format=html", class: "event-link", "data-event-id": summary.event_id,
          onclick: (ev) => { ev.preventDefault(); openEvent(summary.event_id); } },
        `${summary.sub_event_type} ${summary.event_date || ""} ${summary.location || ""}`.trim()
      )
    );
  }

  async function openEvent(id) {
    showTab("event");
    eventPanel.replaceChildren(el("p", { class: "empty" }, "Loading…"));
    const d = await getJSON(eventPath(id), "event");
    const e = d.event;
    const parts = [
      el("h2", { class: "event-title" }, e.sub_event_type),
      el("p", { class: "event-type" }, el("span", { class: "swatch swatch-" + Math.max(0, config.types.indexOf(e.event_type)) }), e.event_type),
      fields(e),
      el("h3", {}, `Sources (${d.sources.length} article${d.sources.length === 1 ? "" : "s"})`),
    ];
    for (const s of d.sources) {
      // one entry per article, its evidence sentences inside
      const url = safeUrl(s.url);
      const n = s.evidence.length;
      parts.push(
        el(
          "article",
          { class: "source", "data-document-id": s.document_id },
          el("h4", {}, el("a", { href: documentPath(s.document_id) + "?format=html", class: "doc-link",
            onclick: (ev) => { ev.preventDefault(); openDocument(s.document_id, id); } }, s.title || s.document_id)),
          el("p", { class: "meta" }, [s.outlet, s.published, `${n} evidence sentence${n === 1 ? "" : "s"}`].filter(Boolean).join(" · "),
            url ? " · " : "", url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original") : ""),
          ...s.evidence.map((ev) => el("p", { class: "context" }, ev.context.before, el("mark", {}, ev.context.sentence),
            ev.context.after, ev.speaker ? el("span", { class: "said-by" }, " — said by " + ev.speaker) : null))
        )
      );
    }
    if (d.reports.length > 1) {
      parts.push(el("h3", {}, `Reports merged (${d.reports.length})`));
      parts.push(el("ol", { class: "reports" }, ...d.reports.map((r) => el("li", {}, r.explanation.replace(/^\d+\.\s*/, "")))));
    }
    if (d.speakers.length) {
      parts.push(el("h3", {}, "Speakers"));
      parts.push(el("ul", { class: "speakers" }, ...d.speakers.map((sp) =>
        el("li", {}, [sp.name || sp.organisation, sp.title ? `(${sp.title})` : null, sp.organisation && sp.name ? sp.organisation : null, sp.stance].filter(Boolean).join(" · ")))));
    }
    if (d.claims.length) {
      parts.push(el("h3", {}, "Claims"));
      parts.push(el("ul", { class: "claims" }, ...d.claims.map((c) =>
        el("li", {}, (c.kind === "figure" ? `${c.metric} ${range(c.value) || "?"}` : `responsibility: ${c.actor || "?"}`) + ` · ${c.stance}` +
          (c.speaker || c.organisation ? ` · ${c.speaker || c.organisation}` : ""), el("q", {}, c.sentence)))));
    }
    const links = [];
    if (d.linked.responds_to) links.push(eventLink(d.linked.responds_to, "Responds to"));
    d.linked.responses.forEach((r) => links.push(eventLink(r, "Response:")));
    parts.push(el("h3", {}, "Linked events"), links.length ? el("ul", { class: "linked" }, ...links) : el("p", { class: "empty" }, "None"));
    parts.push(el("p", { class: "twin" }, el("a", { href: eventPath(id) }, "JSON"), " · ", el("a", { href: eventPath(id) + "?format=html" }, "page")));
    eventPanel.replaceChildren(...parts);
    eventPanel.dataset.eventId = id;
  }

  async function openDocument(docId, backTo) {
    const v = await getJSON(documentPath(docId), "event");
    const doc = v.document;
    const text = el("div", { class: "document-text" });
    for (const seg of v.segments) {
      text.append(seg.event_ids.length ? el("mark", { title: "evidence of " + seg.event_ids.join(", ") }, seg.text) : document.createTextNode(seg.text));
    }
    eventPanel.replaceChildren(
      el("button", { type: "button", class: "back", onclick: () => openEvent(backTo) }, "← back to the event"),
      el("h2", {}, doc.title || doc.document_id),
      el("p", { class: "meta" }, [doc.outlet, doc.published].filter(Boolean).join(" · ")),
      text
    );
  }

  // -- tallies -------------------------------------------------------------------------------------

  async function loadTallies() {
    // the tallies obey the filters (and the timeline's brush): see GET /tallies
    const dates = state.brush ? { from: state.brush[0], to: state.brush[1] } : {};
    talliesPanel.dataset.ready = "0";
    talliesPanel.replaceChildren(el("p", { class: "empty" }, "Loading…"));
    const body = await getJSON("/tallies?" + query(dates), "tallies");
    talliesPanel.dataset.ready = "1";
    talliesPanel.dataset.count = String(body.count);
    const filtered = query(dates) !== "";
    if (!body.tallies.length) {
      talliesPanel.replaceChildren(el("p", { class: "empty" }, filtered ? "No tallies match the filters." : "No tallies stored."));
      return;
    }
    const list = el("ul", { class: "tallies" });
    for (const t of body.tallies) {
      const v = t.value.best !== null ? t.value.best : t.value.low;
      list.append(
        el("li", { "data-tally-id": t.tally_id },
          el("strong", {}, `${t.qualifier ? t.qualifier + " " : ""}${v} ${t.metric}`),
          t.subject ? ` on ${t.subject}` : "",
          ` · ${t.period_start || "?"} – ${t.period_end || "?"}`,
          el("q", {}, t.sentence),
          el("button", { type: "button", class: "reconcile", onclick: () => reconcile(t.tally_id).catch(showError) }, "Reconcile"))
      );
    }
    talliesPanel.replaceChildren(el("h2", {}, "Tallies"),
      el("p", { class: "meta tallies-count" }, (body.count === 1 ? "1 tally" : `${body.count} tallies`) +
        (filtered ? (body.count === 1 ? " matches the filters" : " match the filters") : "")),
      list, el("div", { id: "reconciliation" }));
  }

  async function reconcile(id) {
    const r = await getJSON("/tallies/" + encodeURIComponent(id) + "/reconcile", "reconcile");
    const box = document.getElementById("reconciliation");
    const fmt = (v) => (v === null || v === undefined ? "unknown" : String(v));
    const table = el("table", { class: "fields" },
      el("tr", {}, el("th", {}, "Tally says"), el("td", {}, fmt(r.tally_value))),
      el("tr", {}, el("th", {}, "Stored events add up to"), el("td", {}, fmt(r.events_total))),
      el("tr", {}, el("th", {}, "Difference"), el("td", { class: "difference" }, fmt(r.difference))),
      el("tr", {}, el("th", {}, "Period"), el("td", {}, `${r.period[0] || "open"} – ${r.period[1] || "open"}`)),
      el("tr", {}, el("th", {}, "Places"), el("td", {}, r.places.join(", ") || "anywhere")));
    const parts = [el("h3", {}, `Reconciliation: ${r.tally.metric}`), table];
    if (r.by_place.length) {
      parts.push(el("table", { class: "list" }, el("tr", {}, ...["Place", "Tally", "Events", "Difference"].map((h) => el("th", {}, h))),
        ...r.by_place.map((p) => el("tr", {}, el("td", {}, p.place), el("td", {}, fmt(p.tally)), el("td", {}, fmt(p.events)), el("td", {}, fmt(p.difference))))));
    }
    parts.push(el("h4", {}, `Events counted (${r.events.length})`),
      el("ul", {}, ...r.events.map((c) => eventLink({ event_id: c.event_id, sub_event_type: c.place || "", event_date: c.event_date, location: c.figure === null ? "" : `(${c.figure})` }, "·"))));
    box.replaceChildren(...parts);
  }

  // -- refresh -------------------------------------------------------------------------------------

  function showError(err) {
    if (err && err.name === "AbortError") return;
    setStatus("Error: " + (err && err.message ? err.message : String(err)));
  }

  function refresh() {
    root.dataset.ready = "0";
    setStatus("Loading…");
    Promise.all([loadPoints(), loadTimeline(), talliesPanel.hidden ? null : loadTallies()])
      .then(() => { root.dataset.ready = "1"; })
      .catch(showError);
  }

  refresh();
})();
