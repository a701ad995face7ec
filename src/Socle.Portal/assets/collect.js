// The registers' enhancements: maps coloured by stage (Leaflet), the map that places an installation on the record
// form, the dashboard's charts (Chart.js, from figures the page carries), and choices that reload their form.
// Texts and figures come from the page (data-* attributes); every page reads without this script.
(function () {
  "use strict";

  function number(n, lang) {
    try { return Number(n).toLocaleString(lang === "en" ? "en-GB" : "fr-FR"); } catch (_) { return String(n); }
  }

  function json(text, fallback) {
    try { return JSON.parse(text || ""); } catch (_) { return fallback; }
  }

  function baseMap(el) {
    var map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }

  // ---- maps of records, coloured by stage ----
  function popup(properties, el, stages, categories) {
    var box = document.createElement("div");
    var title = document.createElement("a");
    title.href = el.dataset.recordBase + properties.number + "/" + (el.dataset.recordQuery || "");
    title.textContent = properties.label || ("#" + properties.number);
    var strong = document.createElement("strong");
    strong.appendChild(title);
    box.appendChild(strong);
    var lines = [];
    if (properties.stage && stages[properties.stage]) lines.push(stages[properties.stage].label);
    if (properties.category) lines.push(categories[properties.category] || properties.category);
    if (properties.power !== null && properties.power !== undefined) lines.push(el.dataset.powerLabel + " : " + number(properties.power, el.dataset.lang));
    lines.forEach(function (text) {
      var p = document.createElement("div");
      p.textContent = text;
      box.appendChild(p);
    });
    return box;
  }

  function drawRecords(el) {
    var stages = json(el.dataset.stages, {});
    var categories = json(el.dataset.categories, {});
    var status = el.dataset.status ? document.getElementById(el.dataset.status) : null;
    var map = baseMap(el);
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            var stage = stages[feature.properties.stage];
            var color = stage ? stage.color : "#929292";
            // Vector circles: they show without any tile server.
            return L.circleMarker(latlng, { radius: 6, color: "#161616", weight: 1, fillColor: color, fillOpacity: 0.9 });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(function () { return popup(feature.properties, el, stages, categories); });
          }
        }).addTo(map);
        var count = layer.getLayers().length;
        if (count > 0) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 12 });
        if (status) status.textContent = el.dataset.drawnText.replace("{0}", number(count, el.dataset.lang));
        el.dataset.points = String(count);
      })
      .catch(function () { if (status) status.textContent = el.dataset.errorText; });
  }

  // ---- the record form's map: a click places the installation and fills its coordinates ----
  function picker(el) {
    var lat = document.getElementById(el.dataset.latitude);
    var lon = document.getElementById(el.dataset.longitude);
    if (!lat || !lon) return;
    var map = baseMap(el);
    var marker = null;
    function read(input) { var v = parseFloat((input.value || "").replace(",", ".")); return isFinite(v) ? v : null; }
    function place(latlng, zoom) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.circleMarker(latlng, { radius: 8, color: "#000091", weight: 2, fillColor: "#6a6af4", fillOpacity: 0.9 }).addTo(map);
      if (zoom) map.setView(latlng, Math.max(map.getZoom(), 10));
    }
    function fromInputs(zoom) {
      var a = read(lat), b = read(lon);
      if (a !== null && b !== null) place([a, b], zoom);
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng, false);
      el.dataset.placed = lat.value + "," + lon.value;
    });
    lat.addEventListener("change", function () { fromInputs(true); });
    lon.addEventListener("change", function () { fromInputs(true); });
    fromInputs(true);
  }

  // ---- the dashboard's charts: stacked bars over the years, from the figures of the table beside them ----
  function chart(box) {
    var data = json(box.dataset.chart, null);
    if (!data || !window.Chart) return;
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", box.dataset.title + ". " + box.dataset.alt);
    box.replaceChildren(canvas);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color, borderColor: "#161616", borderWidth: 0.5 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" }, title: { display: true, text: box.dataset.title } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: data.integer ? 0 : undefined } } }
      }
    });
    box.dataset.drawn = "true";
  }

  function init() {
    if (window.L) {
      document.querySelectorAll("[data-collect-map]").forEach(drawRecords);
      document.querySelectorAll("[data-collect-picker]").forEach(picker);
    }
    document.querySelectorAll("[data-collect-chart]").forEach(chart);
    // A choice that changes what the form asks (the event's type): the form is read again with it.
    document.querySelectorAll("select[data-collect-reload]").forEach(function (select) {
      select.addEventListener("change", function () {
        var button = document.getElementById(select.dataset.collectReload);
        if (button) button.click(); else select.form.submit();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
