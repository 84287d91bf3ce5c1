/* diplomap dashboard: the profile, dyad and compare pages, drawn from the JSON API.
   Text from the store reaches the page only through textContent (Diplomap.el). */
(function () {
  "use strict";
  var D = window.Diplomap, el = D.el;
  var page = D.readJson("page-data") || {};
  var cache = {};            // event id -> event record
  var MAX_EVENTS = 5000;
  var threshold = 0;         // the measures count events of this confidence or more (from the API's window)

  function below(ev) { return ev.confidence < threshold; }

  function belowNote(count) {
    return count + " below confidence " + threshold + ": listed, marked, not counted";
  }

  /* ---------- the API ---------- */

  function query(params) {
    var search = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) {
      var value = params[key];
      if (value === null || value === undefined || value === "") return;
      (Array.isArray(value) ? value : [value]).forEach(function (v) { search.append(key, v); });
    });
    var text = search.toString();
    return text ? "?" + text : "";
  }

  /* A 503 says another process writes the store for longer than the server waits (the end of
     a large ingest): wait as its Retry-After says and ask again, a few times, saying so. */
  var BUSY_RETRIES = 10;

  function api(path, params, retries) {
    var url = path + query(params);
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      var left = retries === undefined ? BUSY_RETRIES : retries;
      if (response.status === 503 && left > 0) {
        var seconds = Math.min(Math.max(parseInt(response.headers.get("Retry-After"), 10) || 2, 1), 30);
        status("the store is being written (an ingest?); asking again in " + seconds + " s…");
        return new Promise(function (resolve) { setTimeout(resolve, seconds * 1000); })
          .then(function () { return api(path, params, left - 1); });
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var detail = body.detail;
          if (Array.isArray(detail)) detail = detail.map(function (d) { return (d.loc || []).slice(1).join(".") + ": " + d.msg; }).join("; ");
          throw new Error(detail || response.status + " " + response.statusText);
        }
        return body;
      });
    });
  }

  function remember(events) {
    events.forEach(function (ev) { cache[ev.event_id] = ev; });
    return events;
  }

  /* Every event matching `params`, page by page (at most MAX_EVENTS). */
  function allEvents(params) {
    var found = [];
    function next(offset) {
      return api("/api/events", Object.assign({}, params, {limit: 1000, offset: offset})).then(function (body) {
        found = found.concat(body.events);
        if (found.length < body.total && found.length < MAX_EVENTS) return next(offset + body.events.length);
        return {events: remember(found), total: body.total};
      });
    }
    return next(0);
  }

  function eventsById(ids) {
    var missing = ids.filter(function (id) { return !cache[id]; });
    var chunks = [];
    for (var i = 0; i < missing.length; i += 200) chunks.push(missing.slice(i, i + 200));
    return Promise.all(chunks.map(function (chunk) {
      return api("/api/events", {ids: chunk.join(","), limit: 1000}).then(function (body) { remember(body.events); });
    })).then(function () {
      return ids.map(function (id) { return cache[id]; }).filter(Boolean);
    });
  }

  function status(text, isError) {
    var node = document.getElementById("status");
    if (!node) return;
    node.textContent = text;
    node.classList.toggle("dm-error", !!isError);
  }

  function fail(error) { status(String(error.message || error), true); }

  /* ---------- the side panel: a list of events, and one event's evidence ---------- */

  function safeUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) { return null; }
  }

  function eventRow(ev) {
    var row = el("button", {type: "button", className: "dm-event-row" + (below(ev) ? " dm-below" : ""), "data-id": ev.event_id},
      el("span", {className: "dm-date", text: D.dateLabel(ev)}), " ",
      el("span", {className: "dm-kind", text: D.kindLabel(ev)}), " ",
      below(ev) ? el("span", {className: "dm-tag dm-below-tag", text: "confidence " + ev.confidence + ", not counted"}) : null,
      el("span", {className: "dm-actors", text: (ev.participants || []).join(" ")}),
      D.placeLabel(ev) ? el("span", {className: "dm-place", text: D.placeLabel(ev)}) : null,
      el("span", {className: "dm-text", text: ev.evidence ? ev.evidence.text : ""}));
    row.addEventListener("click", function () { showEvidence(ev.event_id); });
    return row;
  }

  function listEvents(title, ids) {
    return eventsById(ids).then(function (events) { showList(title, events); }).catch(fail);
  }

  function showList(title, events, total) {
    var list = document.getElementById("side-list");
    document.getElementById("side-title").textContent = "Events " + title;
    list.textContent = "";
    var count = total !== undefined && total > events.length ? events.length + " of " + total : String(events.length);
    var low = events.filter(below).length;
    list.appendChild(el("p", {className: "dm-note", text: count + " event" + (events.length === 1 ? "" : "s") +
      (low ? ", " + belowNote(low) : "")}));
    events.slice().sort(function (a, b) {
      return (a.date_start || "9999").localeCompare(b.date_start || "9999") || a.event_id.localeCompare(b.event_id);
    }).forEach(function (ev) { list.appendChild(eventRow(ev)); });
    document.getElementById("side").scrollIntoView({block: "nearest"});
  }

  function fact(dl, label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", {text: label}));
    dl.appendChild(el("dd", {text: Array.isArray(value) ? value.join(", ") : String(value)}));
  }

  function showEvidence(id) {
    return api("/api/events/" + encodeURIComponent(id)).then(function (detail) {
      var ev = detail.event, body = document.getElementById("evidence-body");
      body.textContent = "";
      body.setAttribute("data-id", ev.event_id);
      var dl = el("dl", {className: "dm-facts"});
      fact(dl, "type", D.kindLabel(ev) + " (" + ev.status + ")");
      fact(dl, "date", D.dateLabel(ev));
      var why = Object.assign(Object.create(null), ev.participant_sources);
      fact(dl, "participants", (ev.participants || []).map(function (code) { return why[code] ? code + " (" + why[code] + ")" : code; }));
      fact(dl, "host", ev.host);
      fact(dl, "forum", ev.organization);
      fact(dl, "place", ev.location ? ev.location.name + (ev.location.country ? " (" + ev.location.country + ")" : "") : null);
      fact(dl, "people", (ev.people || []).map(function (p) { return p.name + (p.role ? " (" + p.role + ")" : ""); }));
      fact(dl, "contexts", ev.contexts);
      fact(dl, "projects", ev.projects);
      fact(dl, "confidence", ev.confidence);
      body.appendChild(dl);
      body.appendChild(el("h4", {text: detail.sources.length + " source" + (detail.sources.length === 1 ? "" : "s")}));
      var list = el("ol", {className: "dm-sources"});
      detail.sources.forEach(function (source) {
        var href = safeUrl(source.url), title = source.title || source.origin || source.report.doc_id;
        var head = el("div", {className: "dm-source-head"},
          href ? el("a", {className: "dm-title", href: href, rel: "noopener noreferrer", target: "_blank", text: title}) : el("span", {className: "dm-title", text: title}),
          source.source ? " · " : "", source.source ? el("span", {className: "dm-source-name", text: source.source}) : null,
          " · " + (source.published || "publication date unknown"));
        list.appendChild(el("li", {className: "dm-source"}, head,
          el("blockquote", {className: "dm-sentence", text: source.report.evidence.text}),
          el("div", {className: "dm-source-meta", text: (source.origin || source.report.doc_id) + ", characters " +
            source.report.evidence.char_start + "-" + source.report.evidence.char_end + " · merged by " + source.rule})));
      });
      body.appendChild(list);
      body.appendChild(el("p", {className: "dm-note"}, el("a", {href: "/events/" + encodeURIComponent(ev.event_id), text: "event page"}),
        " · id ", el("code", {text: ev.event_id})));
      var panel = document.getElementById("evidence");
      panel.hidden = false;
      panel.scrollIntoView({block: "nearest"});
    }).catch(fail);
  }

  function figures(container, headline) {
    container.textContent = "";
    headline.forEach(function (figure) {
      var value = figure.value === null || figure.value === undefined ? "-" : D.fmt(figure.value, 3);
      var count = (figure.event_ids || []).length + " event(s)";
      var card = el("button", {type: "button", className: "dm-figure",
                               title: figure.explanation ? figure.explanation + " (" + count + ")" : count},
        el("span", {className: "dm-figure-value" + (value.length > 22 ? " dm-long" : ""), text: value}),
        el("span", {className: "dm-figure-label", text: figure.label}));
      card.addEventListener("click", function () { listEvents("behind “" + figure.label + "”", figure.event_ids || []); });
      container.appendChild(card);
    });
  }

  /* ---------- the profile page ---------- */

  function monthOf(ev, windowFrom) {
    if (!ev.date_start || (ev.date_precision !== "day" && ev.date_precision !== "month")) return null;
    var start = windowFrom && ev.date_start < windowFrom ? windowFrom : ev.date_start;
    return start.slice(0, 7);
  }

  /* The tempo of the filtered events on the profile's month axis, with the profile's change points. */
  function filteredTempo(tempo, events, windowFrom) {
    var counts = {};
    events.forEach(function (ev) {
      var month = monthOf(ev, windowFrom);
      if (month) (counts[month] = counts[month] || []).push(ev.event_id);
    });
    return {months: tempo.months.map(function (m) {
      var ids = counts[m.period] || [];
      return {period: m.period, events: ids.length, event_ids: ids};
    }), segments: tempo.segments, change_points: tempo.change_points};
  }

  function options(select, values, current) {
    var keep = select.options[0];
    select.textContent = "";
    select.appendChild(keep);
    values.forEach(function (v) { select.appendChild(el("option", {value: v[0], text: v[1]})); });
    select.value = current || "";
  }

  function profilePage(tracked) {
    var form = document.getElementById("filters");
    var state = {from: page.from, to: page.to, "with": page["with"], type: page.type, context: page.context,
                 min_confidence: page.min_confidence};
    var view = null, windowKey = null, windowEvents = [];

    ["from", "to", "min_confidence"].forEach(function (k) { form.elements[k].value = state[k] || ""; });

    function filtersOn() { return state["with"] || state.type || state.context; }

    var load = tracked(function () {
      var key = (state.from || "") + "|" + (state.to || "") + "|" + (state.min_confidence || "");
      history.replaceState(null, "", location.pathname + query(state));
      status("loading…");
      var steps = Promise.resolve();
      if (key !== windowKey) {
        steps = Promise.all([
          api("/api/profile/" + encodeURIComponent(page.code), {from: state.from, to: state.to,
                                                                min_confidence: state.min_confidence}),
          allEvents({actor: page.code, from: state.from, to: state.to, status: "occurred", undated: "true"})
        ]).then(function (found) {
          view = found[0]; windowEvents = found[1].events; windowKey = key;
          threshold = view.window.min_confidence || 0;
          return drawProfile(view);
        });
      }
      return steps.then(function () {
        if (!filtersOn()) return {events: windowEvents, total: windowEvents.length};
        return allEvents({actor: page.code, "with": state["with"], type: state.type, context: state.context,
                          from: state.from, to: state.to, status: "occurred", undated: "true"});
      }).then(function (found) {
        // The map and the timeline draw the events the measures count; the list shows the rest too, marked.
        var counted = found.events.filter(function (ev) { return !below(ev); });
        var low = found.events.length - counted.length;
        status(counted.length + " of " + windowEvents.filter(function (ev) { return !below(ev); }).length +
               " events in the window match" + (filtersOn() ? " the filters" : "") + (low ? "; " + belowNote(low) : ""));
        return drawFiltered(counted, found.events);
      }).catch(fail);
    });

    function drawProfile(v) {
      var m = v.measures;
      figures(document.getElementById("headline"), v.headline);
      options(form.elements["with"], v.partners.map(function (p) { return [p.partner, p.partner + " " + p.name]; }), state["with"]);
      options(form.elements.type, m.scale.by_type.map(function (c) { return [c.key, c.key + " (" + c.events + ")"]; }), state.type);
      options(form.elements.context, m.priorities.shares.filter(function (s) { return s.period === "all" && s.kind === "context"; })
        .map(function (s) { return [s.label, s.label + " (" + s.events + ")"]; }), state.context);
      partnerTable(v);
      brokerSection(v);
      return Promise.all([
        D.charts.vectors(document.getElementById("chart-vectors"), m.vectors, listEvents),
        D.charts.types(document.getElementById("chart-types"), m.scale.by_type, listEvents),
        D.charts.priorities(document.getElementById("chart-priorities"), m.priorities, listEvents),
        D.charts.cooperation(document.getElementById("chart-cooperation"), v.partners, listEvents)]);
    }

    function drawFiltered(events, listed) {
      var m = view.measures, distances = {};
      (m.reach.distances || []).forEach(function (d) { distances[d.event_id] = d.km; });
      D.drawMap(document.getElementById("map"), {capital: view.capital, events: events, distances: distances,
        countries: window.DIPLOMAP_COUNTRIES, onSelect: listEvents});
      var tempo = filteredTempo(m.tempo, events, view.window.from);
      var note = "Events a month" + (filtersOn() ? " matching the filters" : "") + " (bars); the mean rate between change points " +
        "of all the window's events (orange) and the change points (red). Click a bar to list its events.";
      (m.tempo.notes || []).forEach(function (n) { note += " Note: " + n + "."; });
      document.getElementById("tempo-note").textContent = note;
      showList(filtersOn() ? "matching the filters" : "in the window", listed);
      return D.charts.timeline(document.getElementById("chart-timeline"), tempo, listEvents);
    }

    function partnerTable(v) {
      var body = document.querySelector("#partners tbody");
      body.textContent = "";
      v.partners.forEach(function (p) {
        var pick = el("button", {type: "button", className: "dm-link", text: String(p.events)});
        pick.addEventListener("click", function () { listEvents("with " + p.name, p.event_ids); });
        var only = el("button", {type: "button", className: "dm-link", text: "filter"});
        only.addEventListener("click", function () { form.elements["with"].value = p.partner; state["with"] = p.partner; load(); });
        var steps = el("td");
        p.steps.forEach(function (s) {
          var link = el("button", {type: "button", className: "dm-link", text: s.date});
          link.addEventListener("click", function () { showEvidence(s.event_id); });
          steps.appendChild(el("div", {className: "dm-step dm-step-" + s.change}, link,
            ": " + s.tier + " ", el("span", {className: "dm-change", text: "(" + (s.change === "up" ? "upgrade" : s.change) + ")"})));
        });
        var dyad = el("a", {href: "/dyad/" + encodeURIComponent(page.code) + "/" + encodeURIComponent(p.partner) +
                            query({from: state.from, to: state.to, min_confidence: state.min_confidence}),
                            text: "dyad"});
        body.appendChild(el("tr", {"data-partner": p.partner},
          el("td", {}, el("strong", {text: p.partner}), " " + (p.name !== p.partner ? p.name : "")),
          el("td", {text: p.vector}), el("td", {}, pick),
          el("td", {className: "dm-num", text: (p.net >= 0 ? "+" : "") + D.fmt(p.net, 1)}),
          el("td", {text: p.tier || ""}), steps, el("td", {}, only, " ", dyad)));
      });
    }

    function brokerSection(v) {
      var b = v.measures.broker, box = document.getElementById("broker-body");
      box.textContent = "";
      box.appendChild(el("p", {className: "dm-note", text: "Betweenness in the co-participation network of the window (" + b.nodes +
        " actors, " + b.edges + " ties): " + D.fmt(b.betweenness, 3) + (b.rank ? ", rank " + b.rank + " of " + b.nodes : "") + "."}));
      if (!b.hosted.length) box.appendChild(el("p", {text: "No hosted talks between others in the window."}));
      b.hosted.forEach(function (talk) {
        var open = el("button", {type: "button", className: "dm-link", text: talk.date || "undated"});
        open.addEventListener("click", function () { showEvidence(talk.event_id); });
        box.appendChild(el("div", {className: "dm-hosted-talk"}, open, " " + talk.event_type + (talk.mode ? "/" + talk.mode : "") +
          " · " + talk.basis + " · " + talk.parties.map(function (c) { return v.names[c] || c; }).join(", ") +
          (talk.place ? " · " + talk.place : ""), el("blockquote", {className: "dm-sentence", text: talk.evidence})));
      });
    }

    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (!name) return;
      state[name] = event.target.value;
      load();
    });
    document.getElementById("reset").addEventListener("click", function () {
      state = {from: "", to: "", "with": "", type: "", context: "", min_confidence: ""};
      Array.prototype.forEach.call(form.elements, function (input) { if (input.name) input.value = ""; });
      load();
    });
    return fetch("/assets/data/countries-110m.json").then(function (r) { return r.json(); })
      .then(function (countries) { window.DIPLOMAP_COUNTRIES = countries; }, function () { window.DIPLOMAP_COUNTRIES = null; })
      .then(load);
  }

  /* ---------- the dyad page ---------- */

  function dyadPage(tracked) {
    var form = document.getElementById("filters");
    var state = {from: page.from, to: page.to, min_confidence: page.min_confidence};
    ["from", "to", "min_confidence"].forEach(function (k) { form.elements[k].value = state[k] || ""; });

    var load = tracked(function () {
      history.replaceState(null, "", location.pathname + query(state));
      status("loading…");
      return api("/api/dyad/" + encodeURIComponent(page.a) + "/" + encodeURIComponent(page.b), state).then(function (d) {
        threshold = d.window.min_confidence || 0;
        document.getElementById("dyad-title").textContent = d.a_name + " (" + d.a + ") and " + d.b_name + " (" + d.b + ")";
        figures(document.getElementById("headline"), [
          {label: "shared events", value: d.events, event_ids: d.event_ids},
          {label: "net intensity", value: Math.round(d.intensity * 10) / 10, event_ids: d.event_ids},
          {label: "undated events", value: d.undated_ids.length, event_ids: d.undated_ids}]);
        var chart = D.charts.timeline(document.getElementById("chart-timeline"), {
          months: d.months.map(function (m) { return {period: m.month, events: m.events, event_ids: m.event_ids}; }),
          segments: [], change_points: [], height: 180}, listEvents);
        var tiers = document.getElementById("tiers-body");
        tiers.textContent = "";
        if (!d.tiers.length) tiers.appendChild(el("p", {text: "No partnership tier is named in the window."}));
        d.tiers.forEach(function (s) {
          var open = el("button", {type: "button", className: "dm-link", text: s.date || "undated"});
          open.addEventListener("click", function () { showEvidence(s.event_id); });
          tiers.appendChild(el("div", {className: "dm-step dm-step-" + s.change}, open, ": " + s.tier + " (" + s.change + ")",
            el("blockquote", {className: "dm-sentence", text: s.evidence})));
        });
        status(d.events + " shared events" + (d.left_out_ids.length ? "; " + d.left_out_ids.length +
               " below confidence " + threshold + " left out" : ""));
        return Promise.all([chart, eventsById(d.evidence.map(function (e) { return e.event_id; })).then(function (events) {
          var list = document.getElementById("dyad-list");
          list.textContent = "";
          events.forEach(function (ev) { list.appendChild(eventRow(ev)); });
          document.getElementById("side-title").textContent = "Events";
          document.getElementById("side-list").textContent = "Click a bar, a figure or an event to see its events and evidence here.";
        })]);
      }).catch(fail);
    });
    form.addEventListener("change", function (event) { state[event.target.name] = event.target.value; load(); });
    return load();
  }

  /* ---------- the compare page ---------- */

  function comparePage(tracked) {
    var form = document.getElementById("filters");
    ["codes", "from", "to", "min_confidence"].forEach(function (k) { form.elements[k].value = page[k] || ""; });

    var load = tracked(function () {
      var params = {codes: form.elements.codes.value, from: form.elements.from.value, to: form.elements.to.value,
                    min_confidence: form.elements.min_confidence.value};
      history.replaceState(null, "", location.pathname + query(params));
      var box = document.getElementById("compare-body");
      if (!params.codes) { status("give two or more actor codes, e.g. AZE,KAZ"); return Promise.resolve(); }
      status("loading…");
      return api("/api/compare", params).then(function (c) {
        box.textContent = "";
        var head = el("tr", {}, el("th", {text: "measure"}));
        c.actors.forEach(function (code, i) {
          head.appendChild(el("th", {}, el("a", {href: "/profile/" + encodeURIComponent(code), text: code}), " " + c.names[i]));
        });
        var body = el("tbody");
        c.rows.forEach(function (row) {
          var tr = el("tr", {}, el("td", {text: row.label}));
          row.figures.forEach(function (figure, i) {
            var value = figure.value === null || figure.value === undefined ? "-" : D.fmt(figure.value, 3);
            var cell = el("button", {type: "button", className: "dm-link", text: value});
            cell.addEventListener("click", function () { listEvents(c.actors[i] + ": " + row.label, figure.event_ids || []); });
            tr.appendChild(el("td", {className: "dm-num"}, (figure.event_ids || []).length ? cell : el("span", {text: value})));
          });
          body.appendChild(tr);
        });
        box.appendChild(el("table", {className: "dm-table dm-compare"}, el("thead", {}, head), body));
        status(c.actors.length + " actors, counting events of confidence " + c.window.min_confidence + " or more" +
               (c.notes.length ? "; " + c.notes.join("; ") : ""));
      }).catch(fail);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
    return load();
  }

  /* body[data-ready] is "true" once a page has drawn what it loaded (tests and screenshots wait for it). */
  function tracked(load) {
    return function () {
      document.body.setAttribute("data-ready", "false");
      return Promise.resolve(load.apply(null, arguments)).then(function () {
        document.body.setAttribute("data-ready", "true");
      });
    };
  }

  var pages = {profile: profilePage, dyad: dyadPage, compare: comparePage};
  var start = pages[document.body.getAttribute("data-page")];
  if (start) start(tracked);
  window.DiplomapDashboard = {listEvents: listEvents, showEvidence: showEvidence};
})();
