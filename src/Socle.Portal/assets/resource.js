// The resource page's enhancements: a map of the filtered rows (Leaflet), the chart of an aggregate (Chart.js), and
// clean addresses for the htmx-driven filter form. Texts come from the page (data-* attributes), never from here.
(function () {
  "use strict";

  // ---- filter form: blank fields are no filters (the server would redirect; this saves the round trip) ----
  document.addEventListener("htmx:configRequest", function (e) {
    var form = e.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.closest("#resource-zone, #resource-chart")) return;
    form.querySelectorAll("[data-drop-empty]").forEach(function (input) {
      if (input.name && input.value.trim() === "") delete e.detail.parameters[input.name];
    });
  });

  // ---- map ----
  var map = null, layer = null, generation = 0;

  function number(n, lang) {
    try { return n.toLocaleString(lang === "en" ? "en-GB" : "fr-FR"); } catch (_) { return String(n); }
  }

  function popup(properties, meta) {
    var table = document.createElement("table");
    table.className = "socle-popup";
    Object.keys(properties || {}).forEach(function (key) {
      var value = properties[key];
      if (value === null || value === undefined || value === "") return;
      var tr = table.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = key;
      tr.appendChild(th);
      tr.insertCell().textContent = value === true ? meta.dataset.yes : value === false ? meta.dataset.no : String(value);
    });
    return table;
  }

  function drawMap() {
    var el = document.getElementById("resource-map");
    var meta = document.getElementById("resource-map-meta");
    if (!el || !meta || !window.L) return;
    if (!map) {
      map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
      if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    var mine = ++generation;
    if (layer) { layer.remove(); layer = null; }
    if (meta.dataset.draw !== "true") return;
    var status = document.getElementById("resource-map-status");
    fetch(meta.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (collection) {
        if (mine !== generation) return; // a newer filter already asked for other points
        layer = L.geoJSON(collection, {
          pointToLayer: function (_, latlng) {
            // Vector circles: they show without any tile server.
            return L.circleMarker(latlng, { radius: 5, color: "#000091", weight: 1, fillColor: "#6a6af4", fillOpacity: 0.75 });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(function () { return popup(feature.properties, meta); });
          }
        }).addTo(map);
        var count = layer.getLayers().length;
        if (count > 0) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 13 });
        if (status) status.textContent = meta.dataset.drawnText.replace("{0}", number(count, meta.dataset.lang));
        el.dataset.points = String(count);
      })
      .catch(function () {
        if (mine === generation && status) status.textContent = meta.dataset.errorText;
      });
  }

  // ---- chart ----
  function drawChart() {
    var box = document.getElementById("resource-chart-canvas");
    if (!box || !window.Chart || box.dataset.drawn) return;
    box.dataset.drawn = "pending";
    fetch(box.dataset.chartApi, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (json) {
        var rows = json.data || [];
        var label = box.dataset.chartLabel, value = box.dataset.chartValue;
        var canvas = document.createElement("canvas");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", box.dataset.chartTitle + ". " + box.dataset.chartAlt);
        box.replaceChildren(canvas);
        new Chart(canvas, {
          type: box.dataset.chartType === "line" ? "line" : "bar",
          data: {
            labels: rows.map(function (row) { return row[label] === null || row[label] === undefined ? box.dataset.emptyText : String(row[label]); }),
            datasets: [{ label: box.dataset.chartTitle, data: rows.map(function (row) { return row[value]; }),
              backgroundColor: "#6a6af4", borderColor: "#000091", borderWidth: 1, pointRadius: 2 }]
          },
          options: {
            responsive: true, maintainAspectRatio: false, animation: false,
            plugins: { legend: { display: false }, title: { display: true, text: box.dataset.chartTitle } },
            scales: { y: { beginAtZero: true } }
          }
        });
        box.dataset.drawn = "true";
      })
      .catch(function () { box.dataset.drawn = "failed"; });
  }

  function init() { drawMap(); drawChart(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  // After a filter, a sort or a page (htmx), the map meta and the chart region are new: draw again.
  // htmx settles each swapped element (the region and its out-of-band companions) with its own event.
  document.addEventListener("htmx:afterSettle", function (e) {
    var id = e.target && e.target.id;
    if (id === "resource-map-meta") drawMap();
    else if (id === "resource-chart") drawChart();
  });
})();
