/* diplomap views: the map (Leaflet) and the charts (Vega-Lite through vega-embed) that the
   static report and the dashboard share. Every text from the data reaches the page through
   textContent or DOM nodes, never as HTML. Each drawing function takes an `onSelect(title, ids)`
   callback, called when a place, a bar or a cell is clicked with the ids of its events. */
(function () {
  "use strict";

  var BLUE = "#3b6ea8", ORANGE = "#d9822b", RED = "#b03a2e", GREEN = "#3c8d5a";
  var VECTOR_COLOURS = ["#3b6ea8", "#b03a2e", "#d9822b", "#3c8d5a", "#7b5ea7", "#2a9d8f", "#8c6d31", "#7f7f7f",
                        "#c45d8f", "#5f7f3a"];
  var registry = {};
  var PARTNER_CAP = 15;     // partners the cooperation chart draws; the table lists them all

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function dateLabel(ev) {
    var start = ev.date_start, end = ev.date_end;
    if (!start) return "undated";
    if (ev.date_precision === "year") return start.slice(0, 4);
    if (ev.date_precision === "month") return start.slice(0, 7);
    return end && end !== start ? start + ".." + end : start;
  }

  function kindLabel(ev) {
    return ev.event_type + (ev.mode ? "/" + ev.mode : "");
  }

  function placeLabel(ev) {
    return ev.location && ev.location.name ? ev.location.name : "";
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) return "-";
    return typeof value === "number" ? value.toLocaleString("en", {maximumFractionDigits: digits || 0}) : String(value);
  }

  /* ---------- the map ---------- */

  function greatCircle(a, b, steps) {
    var rad = Math.PI / 180, points = [];
    var lat1 = a[0] * rad, lon1 = a[1] * rad, lat2 = b[0] * rad, lon2 = b[1] * rad;
    var d = 2 * Math.asin(Math.sqrt(Math.pow(Math.sin((lat2 - lat1) / 2), 2) +
      Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin((lon2 - lon1) / 2), 2)));
    if (d < 1e-6) return [a, b];
    for (var i = 0; i <= steps; i++) {
      var f = i / steps, A = Math.sin((1 - f) * d) / Math.sin(d), B = Math.sin(f * d) / Math.sin(d);
      var x = A * Math.cos(lat1) * Math.cos(lon1) + B * Math.cos(lat2) * Math.cos(lon2);
      var y = A * Math.cos(lat1) * Math.sin(lon1) + B * Math.cos(lat2) * Math.sin(lon2);
      var z = A * Math.sin(lat1) + B * Math.sin(lat2);
      points.push([Math.atan2(z, Math.sqrt(x * x + y * y)) / rad, Math.atan2(y, x) / rad]);
    }
    for (var j = 1; j < points.length; j++) {   // keep the line continuous across the antimeridian
      while (points[j][1] - points[j - 1][1] > 180) points[j][1] -= 360;
      while (points[j][1] - points[j - 1][1] < -180) points[j][1] += 360;
    }
    return points;
  }

  function kmBetween(a, b) {
    var rad = Math.PI / 180, dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  }

  /* Events grouped by place: [{key, name, country, lat, lon, events: [...]}], most events first. */
  function places(events) {
    var byKey = {};
    events.forEach(function (ev) {
      var loc = ev.location;
      if (!loc || loc.lat === null || loc.lat === undefined || loc.lon === null || loc.lon === undefined) return;
      var key = (loc.name || "") + "|" + loc.lat.toFixed(3) + "|" + loc.lon.toFixed(3);
      if (!byKey[key]) byKey[key] = {key: key, name: loc.name || "?", country: loc.country, lat: loc.lat, lon: loc.lon, events: []};
      byKey[key].events.push(ev);
    });
    return Object.keys(byKey).map(function (k) { return byKey[k]; })
      .sort(function (a, b) { return b.events.length - a.events.length || a.name.localeCompare(b.name); });
  }

  function countryLayer(countries) {
    if (!countries || !window.topojson) return null;
    var features = topojson.feature(countries, countries.objects.countries);
    return L.geoJSON(features, {
      filter: function (f) { return f.id !== "010"; },             // Antarctica: all area, no diplomacy
      style: {color: "#ffffff", weight: 0.7, fillColor: "#d8d3c5", fillOpacity: 1, interactive: false},
      interactive: false
    });
  }

  /* Draw (or redraw) the map of engagement in `container`. Returns {map, places}. */
  function drawMap(container, opts) {
    var state = registry.map;
    if (state && state.container === container) {
      state.layer.clearLayers();
    } else {
      if (state) state.map.remove();
      var map = L.map(container, {zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: false, preferCanvas: false});
      map.attributionControl.setPrefix("Leaflet");
      map.attributionControl.addAttribution("Outlines: Natural Earth");
      var outline = countryLayer(opts.countries);
      if (outline) outline.addTo(map);
      state = registry.map = {container: container, map: map, layer: L.featureGroup().addTo(map)};
      addLegend(map);
    }
    var origin = opts.capital ? [opts.capital.lat, opts.capital.lon] : null;
    var found = places(opts.events || []);
    var distances = opts.distances || {};
    var biggest = found.length ? found[0].events.length : 1;
    found.forEach(function (place) {
      var here = [place.lat, place.lon];
      if (origin && kmBetween(origin, here) > 1) {
        L.polyline(greatCircle(origin, here, 48), {
          className: "dm-line", color: BLUE, weight: 1 + 2.5 * place.events.length / biggest, opacity: 0.55,
          interactive: false
        }).addTo(state.layer);
      }
    });
    found.forEach(function (place) {
      var n = place.events.length;
      var marker = L.circleMarker([place.lat, place.lon], {
        className: "dm-place", radius: 5 + 4 * Math.sqrt(n), color: "#ffffff", weight: 1.5,
        fillColor: ORANGE, fillOpacity: 0.85
      }).addTo(state.layer);
      var km = distances[place.events[0].event_id];
      if (km === undefined && origin) km = kmBetween(origin, [place.lat, place.lon]);
      var tip = place.name + (place.country ? " (" + place.country + ")" : "") + ": " + n + " event" + (n === 1 ? "" : "s") +
        (km !== undefined ? ", " + fmt(km) + " km" : "");
      marker.bindTooltip(el("span", {text: tip}), {direction: "top"});
      marker.on("click", function () {
        if (opts.onSelect) opts.onSelect("at " + place.name, place.events.map(function (e) { return e.event_id; }));
      });
      place.marker = marker;
    });
    if (origin) {
      var capital = L.circleMarker(origin, {
        className: "dm-capital", radius: 6, color: "#ffffff", weight: 2, fillColor: "#222222", fillOpacity: 1
      }).addTo(state.layer);
      capital.bindTooltip(el("strong", {text: opts.capital.name}), {permanent: true, direction: "left", className: "dm-capital-label"});
    }
    var points = found.map(function (p) { return [p.lat, p.lon]; });
    if (origin) points.push(origin);
    if (points.length > 1) state.map.fitBounds(L.latLngBounds(points), {padding: [40, 40], maxZoom: 6});
    else if (points.length === 1) state.map.setView(points[0], 4);
    else state.map.setView([30, 20], 1.5);
    state.places = found;
    return state;
  }

  function addLegend(map) {
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      return el("div", {className: "dm-legend"},
        el("span", {className: "dm-legend-capital"}), " capital  ",
        el("span", {className: "dm-legend-place"}), " place of events (area: number of events)  ",
        el("span", {className: "dm-legend-line"}), " great circle from the capital");
    };
    legend.addTo(map);
  }

  /* ---------- the charts ---------- */

  var BASE = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container",
    config: {
      font: "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif",
      axis: {labelColor: "#444", titleColor: "#444", gridColor: "#ececec", domainColor: "#999"},
      view: {stroke: null}
    }
  };

  function spec(extra) {
    return Object.assign({}, BASE, extra);
  }

  function embed(name, container, vlSpec, onSelect, titleOf) {
    container.textContent = "";
    return vegaEmbed(container, vlSpec, {renderer: "svg", actions: false, tooltip: {theme: "light"}})
      .then(function (result) {
        if (registry[name] && registry[name].view && registry[name].view !== result.view) registry[name].view.finalize();
        registry[name] = result;
        result.view.addEventListener("click", function (event, item) {
          var datum = item && item.datum;
          if (datum && datum.event_ids && datum.event_ids.length && onSelect) onSelect(titleOf(datum), datum.event_ids);
        });
        return result;
      })
      .catch(function (error) {
        container.textContent = "This chart could not be drawn: " + error;
      });
  }

  /* Instead of an empty axis, one sentence saying what is empty (the chart's old view is let go). */
  function nothing(name, container, sentence) {
    if (registry[name] && registry[name].view) registry[name].view.finalize();
    delete registry[name];
    container.textContent = "";
    container.appendChild(el("p", {className: "dm-empty", text: sentence}));
    return Promise.resolve(null);
  }

  /* Monthly events as bars, the mean rate of each segment as a step line, change points as rules. */
  function timeline(container, data, onSelect) {
    var segmentOf = {};
    (data.segments || []).forEach(function (s) {
      (data.months || []).forEach(function (m) { if (m.period >= s.first && m.period <= s.last) segmentOf[m.period] = s.per_month; });
    });
    var months = (data.months || []).map(function (m) {
      return {period: m.period, events: m.events, event_ids: m.event_ids, rate: segmentOf[m.period] === undefined ? null : segmentOf[m.period]};
    });
    if (!months.some(function (m) { return m.events; })) {
      return nothing(data.name || "timeline", container, "No dated events in this window to draw month by month" +
                     " (undated events and those dated to a year only have no month).");
    }
    var changes = (data.change_points || []).map(function (c) {
      return {period: c.month, label: "from " + c.month + ": " + fmt(c.rate_before, 1) + " → " + fmt(c.rate_after, 1) + " a month",
              event_ids: c.event_ids};
    });
    var layers = [
      {data: {name: "months"}, mark: {type: "bar", color: data.color || BLUE, cursor: "pointer"},
       encoding: {x: {field: "period", type: "ordinal", title: null, axis: {labelAngle: -45}},
                  y: {field: "events", type: "quantitative", title: "events", axis: {tickMinStep: 1}},
                  tooltip: [{field: "period", title: "month"}, {field: "events", title: "events"}]}}
    ];
    if (data.segments && data.segments.length) {
      layers.push({data: {name: "months"}, mark: {type: "line", interpolate: "step", color: ORANGE, strokeWidth: 2.5},
                   encoding: {x: {field: "period", type: "ordinal"}, y: {field: "rate", type: "quantitative"},
                              tooltip: [{field: "rate", title: "mean events a month", format: ".2f"}]}});
    }
    if (changes.length) {
      layers.push({data: {name: "changes"}, mark: {type: "rule", color: RED, strokeDash: [5, 3], strokeWidth: 2},
                   encoding: {x: {field: "period", type: "ordinal", bandPosition: 0}, tooltip: [{field: "label", title: "change point"}]}});
      layers.push({data: {name: "changes"}, mark: {type: "text", color: RED, align: "left", dx: 4, dy: -4, baseline: "bottom", y: 0},
                   encoding: {x: {field: "period", type: "ordinal", bandPosition: 0}, text: {field: "label"}}});
    }
    var vl = spec({height: data.height || 220, datasets: {months: months, changes: changes}, layer: layers});
    return embed(data.name || "timeline", container, vl, onSelect, function (d) {
      return d.label ? "of the new rate " + d.label : "in " + d.period;
    });
  }

  function vectors(container, measure, onSelect) {
    var rows = (measure.vectors || []).map(function (v, i) {
      return {vector: v.vector, share: v.share, events: v.events, partners: (v.partners || []).join(" "),
              event_ids: v.event_ids, colour: VECTOR_COLOURS[i % VECTOR_COLOURS.length]};
    });
    if (!rows.some(function (r) { return r.events; })) return nothing("vectors", container, "No engagement in this window to divide between vectors.");
    var b = measure.balance || {};
    var vl = spec({
      height: {step: 24}, datasets: {vectors: rows}, data: {name: "vectors"},
      title: {text: "Share of engagement by vector", anchor: "start", fontSize: 13,
              subtitle: "balance (H/ln k) " + fmt(b.evenness, 2) + " · effective vectors " + fmt(b.effective_vectors, 1) +
                        " of " + fmt(b.k) + " · normalised HHI " + fmt(b.hhi_normalised, 2)},
      encoding: {y: {field: "vector", type: "nominal", sort: "-x", title: null},
                 x: {field: "share", type: "quantitative", axis: {format: "%"}, title: "share (weighted by |intensity|)",
                     scale: {domain: [0, 1]}}},
      layer: [
        {mark: {type: "bar", cursor: "pointer"},
         encoding: {color: {field: "colour", type: "nominal", scale: null},
                    tooltip: [{field: "vector"}, {field: "share", format: ".1%"}, {field: "events"}, {field: "partners"}]}},
        {mark: {type: "text", align: "left", dx: 4, color: "#333"},
         encoding: {text: {field: "share", type: "quantitative", format: ".0%"}}}
      ]
    });
    return embed("vectors", container, vl, onSelect, function (d) { return "with the " + d.vector + " vector"; });
  }

  function priorities(container, measure, onSelect) {
    var periods = (measure.periods || []).map(function (p) { return p.period; });
    var quarters = periods.filter(function (p) { return p !== "all"; });
    var cells = (measure.shares || []).filter(function (s) { return quarters.length ? true : s.period === "all"; })
      .map(function (s) {
        return {period: s.period === "all" ? "whole window" : s.period, label: (s.kind === "project" ? "project: " : "") + s.label,
                share: s.share, events: s.events, event_ids: s.event_ids};
      });
    if (!cells.length) return nothing("priorities", container, "No events in this window to show priorities.");
    var order = ["whole window"].concat(quarters);
    var vl = spec({
      height: {step: 22}, datasets: {cells: cells}, data: {name: "cells"},
      encoding: {x: {field: "period", type: "ordinal", sort: order, title: null, axis: {orient: "top", labelAngle: 0}},
                 y: {field: "label", type: "nominal", title: null, sort: {field: "events", op: "sum", order: "descending"}}},
      layer: [
        {mark: {type: "rect", cursor: "pointer", stroke: "#fff", strokeWidth: 1},
         encoding: {color: {field: "share", type: "quantitative", scale: {scheme: "blues", domain: [0, 1]},
                            legend: {title: "share of events", format: "%"}},
                    tooltip: [{field: "period"}, {field: "label"}, {field: "share", format: ".0%"}, {field: "events"}]}},
        {mark: {type: "text", fontSize: 11},
         encoding: {text: {field: "events"},
                    color: {condition: {test: "datum.share > 0.55", value: "#fff"}, value: "#222"}}}
      ]
    });
    return embed("priorities", container, vl, onSelect, function (d) { return "with " + d.label + " in " + d.period; });
  }

  function types(container, counts, onSelect) {
    var rows = (counts || []).map(function (c) { return {type: c.key, events: c.events, event_ids: c.event_ids}; });
    if (!rows.length) return nothing("types", container, "No events in this window.");
    var vl = spec({
      height: {step: 20}, datasets: {types: rows}, data: {name: "types"},
      mark: {type: "bar", color: BLUE, cursor: "pointer"},
      encoding: {y: {field: "type", type: "nominal", sort: "-x", title: null},
                 x: {field: "events", type: "quantitative", title: "events", axis: {tickMinStep: 1}},
                 tooltip: [{field: "type"}, {field: "events"}]}
    });
    return embed("types", container, vl, onSelect, function (d) { return "of type " + d.type; });
  }

  /* Cooperation and conflict with the first `limit` (PARTNER_CAP) partners; a note under the chart says
     how many of how many it draws when it leaves some out. */
  function cooperation(container, partners, onSelect, limit) {
    var rows = [], all = partners || [], shown = all.slice(0, limit || PARTNER_CAP);
    if (!shown.length) return nothing("cooperation", container, "No partners in this window.");
    shown.forEach(function (p) {
      var label = p.partner + " " + (p.name && p.name !== p.partner ? p.name : "");
      rows.push({partner: label.trim(), part: "cooperation", value: p.cooperation, net: p.net, event_ids: p.event_ids});
      if (p.conflict) rows.push({partner: label.trim(), part: "conflict", value: p.conflict, net: p.net, event_ids: p.event_ids});
    });
    var vl = spec({
      height: {step: 20}, datasets: {dyads: rows}, data: {name: "dyads"},
      mark: {type: "bar", cursor: "pointer"},
      encoding: {y: {field: "partner", type: "nominal", title: null, sort: {field: "net", order: "descending"}},
                 x: {field: "value", type: "quantitative", title: "sum of intensities (cooperation > 0 > conflict)"},
                 color: {field: "part", type: "nominal", scale: {domain: ["cooperation", "conflict"], range: [GREEN, RED]},
                         legend: {orient: "bottom", title: null}},
                 tooltip: [{field: "partner"}, {field: "part"}, {field: "value", format: ".1f"}, {field: "net", format: "+.1f"}]}
    });
    return embed("cooperation", container, vl, onSelect, function (d) { return "with " + d.partner; })
      .then(function (result) {
        if (shown.length < all.length) {
          container.appendChild(el("p", {className: "dm-note dm-cap",
                                         text: shown.length + " of " + all.length + " partners; all in the table"}));
        }
        return result;
      });
  }

  window.Diplomap = {
    el: el, dateLabel: dateLabel, kindLabel: kindLabel, placeLabel: placeLabel, readJson: readJson, fmt: fmt,
    places: places, drawMap: drawMap, views: registry,
    charts: {timeline: timeline, vectors: vectors, priorities: priorities, types: types, cooperation: cooperation}
  };
})();
