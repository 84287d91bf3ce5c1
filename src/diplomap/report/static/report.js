/* The static report: draws the map and the charts from the embedded JSON, and lets every
   place, bar, figure and partner narrow the event list below to its events. */
(function () {
  "use strict";
  var D = window.Diplomap;
  var data = D.readJson("diplomap-data");
  var countries = D.readJson("diplomap-countries");
  var list = document.getElementById("event-list");
  var bar = document.getElementById("selection");
  var text = document.getElementById("selection-text");

  function select(title, ids) {
    var wanted = {};
    ids.forEach(function (id) { wanted[id] = true; });
    var shown = 0;
    Array.prototype.forEach.call(list.querySelectorAll("details.dm-event"), function (node) {
      var keep = !!wanted[node.getAttribute("data-id")];
      node.hidden = !keep;
      if (keep) shown += 1;
      node.open = keep && ids.length === 1;
    });
    text.textContent = shown + " event" + (shown === 1 ? "" : "s") + " " + title +
      (shown < ids.length ? " (" + (ids.length - shown) + " not listed in this report)" : "");
    bar.hidden = false;
    document.getElementById("events").scrollIntoView({behavior: "smooth", block: "start"});
  }

  function clear() {
    Array.prototype.forEach.call(list.querySelectorAll("details.dm-event"), function (node) { node.hidden = false; });
    bar.hidden = true;
  }

  function open(id) {
    clear();
    var node = document.getElementById("ev-" + id);
    if (node) { node.open = true; node.scrollIntoView({behavior: "smooth", block: "center"}); }
  }

  document.getElementById("selection-clear").addEventListener("click", clear);
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-ids],[data-open]");
    if (!target) return;
    if (target.hasAttribute("data-open")) {
      event.preventDefault();
      open(target.getAttribute("data-open"));
      return;
    }
    var ids = target.getAttribute("data-ids").split(" ").filter(Boolean);
    if (ids.length) select(target.getAttribute("data-title") || "", ids);
  });

  var distances = {};
  (data.measures.reach.distances || []).forEach(function (d) { distances[d.event_id] = d.km; });
  var counted = {};
  (data.measures.scale.event_ids || []).forEach(function (id) { counted[id] = true; });
  D.drawMap(document.getElementById("map"), {
    capital: data.capital, countries: countries, distances: distances, onSelect: select,
    events: data.events.filter(function (ev) { return counted[ev.event_id]; })
  });
  var m = data.measures;
  Promise.all([
    D.charts.timeline(document.getElementById("chart-timeline"), m.tempo, select),
    D.charts.vectors(document.getElementById("chart-vectors"), m.vectors, select),
    D.charts.types(document.getElementById("chart-types"), m.scale.by_type, select),
    D.charts.priorities(document.getElementById("chart-priorities"), m.priorities, select),
    D.charts.cooperation(document.getElementById("chart-cooperation"), data.partners, select)
  ]).then(function () { document.body.setAttribute("data-ready", "true"); });
})();
