/* eventwire's web page: plain ES2017, no framework, no bundler.
 *
 * Views (hash routes): #/ (map, timeline, tables), #/doc/<id>, #/person/<name>,
 * #/actor/<id>. Every piece of text from the store is put in the page with text nodes
 * (textContent, createTextNode), never as HTML: reports can contain markup.
 * Leaflet (L) and topojson-client (topojson) come from /vendor (node_modules).
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------------ helpers

  /** An element with attributes and children; strings become text nodes. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "onclick") el.addEventListener("click", value);
        else if (key === "text") el.textContent = String(value);
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(el, c); });
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function $(id) { return document.getElementById(id); }

  function status(message) { $("status").textContent = message || ""; }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value === null || value === undefined || value === "") return;
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function getJSON(path, params) {
    return fetch(path + query(params || {}), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error((body && body.error) || response.statusText);
          return body;
        });
      });
  }

  function fail(error) {
    status("Could not load: " + (error && error.message ? error.message : error));
  }

  // ------------------------------------------------------------------------ formatting

  var PRECISION = {
    1: "town or exact place",
    2: "near the place",
    3: "region or country only"
  };
  var FAMILY_COLOURS = {
    violence: "#b3261e",
    protest: "#7b3fa0",
    coerce: "#b05a00",
    mobilize: "#1f5f99",
    aid: "#1f5f99",
    support: "#2e7d32",
    cooperate: "#2e7d32",
    accuse: "#6b5d00",
    threaten: "#6b5d00",
    reject: "#6b5d00",
    retreat: "#4f5b66",
    other: "#4f5b66"
  };
  var FAMILY_LABELS = [
    ["violence", "Violence (attacks, clashes, killings)"],
    ["protest", "Protest"],
    ["coerce", "Coercion, arrests"],
    ["mobilize", "Deployment, aid"],
    ["support", "Support, agreements, funerals"],
    ["accuse", "Accusations, threats, defections"],
    ["other", "Other"]
  ];
  var types = {}; // key -> {label, family}

  function familyOf(typeKey) {
    var t = types[typeKey];
    return t ? t.family : "other";
  }

  function colourOf(typeKey) {
    return FAMILY_COLOURS[familyOf(typeKey)] || FAMILY_COLOURS.other;
  }

  function typeLabel(typeKey) {
    return types[typeKey] ? types[typeKey].label : typeKey;
  }

  function when(time) {
    if (!time || (!time.start && !time.end)) return "undated";
    if (time.start === time.end || !time.end) return time.start;
    if (!time.start) return "by " + time.end;
    return time.start + " – " + time.end;
  }

  function deaths(fatalities) {
    if (!fatalities || fatalities.best === null || fatalities.best === undefined) return "–";
    var text = String(fatalities.best);
    var low = fatalities.low === null || fatalities.low === undefined ? fatalities.best : fatalities.low;
    var high = fatalities.high === null || fatalities.high === undefined ? fatalities.best : fatalities.high;
    if (low !== fatalities.best || high !== fatalities.best) text += " (" + low + "–" + high + ")";
    if (fatalities.qualifier && fatalities.qualifier !== "exact") {
      text += " " + fatalities.qualifier.replace("_", " ");
    }
    return text;
  }

  /** Outermost source first: "Asharq al-Awsat ← a source close to the Guards". */
  function sourceChain(sources) {
    if (!sources || !sources.length) return "the report itself";
    return sources.map(function (s) {
      return s.kind === "article" ? "the report itself" : s.name;
    }).join(" ← ");
  }

  function participants(event) {
    var actors = (event.actors || []).join(", ") || "unnamed";
    var targets = (event.targets || []).join(", ");
    return targets ? actors + " → " + targets : actors;
  }

  function docLink(docId, label) {
    return h("a", { href: "#/doc/" + encodeURIComponent(docId) }, label || "report");
  }

  // ------------------------------------------------------------------------ filters

  var filters = { q: "", type: "", certainty: "", country: "", since: "", until: "", period: "" };

  function filterParams(withPeriod) {
    var params = {
      q: filters.q,
      type: filters.type,
      certainty: filters.certainty,
      country: filters.country
    };
    if (withPeriod !== false) {
      params.since = filters.since;
      params.until = filters.until;
    }
    return params;
  }

  function readFilterForm() {
    filters.q = $("f-q").value.trim();
    filters.type = $("f-type").value;
    filters.certainty = $("f-certainty").value;
    filters.country = $("f-country").value;
  }

  function setPeriod(period) {
    filters.period = period || "";
    if (period) {
      var year = Number(period.slice(0, 4));
      var month = Number(period.slice(5, 7));
      var last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      filters.since = period + "-01";
      filters.until = period + "-" + String(last).padStart(2, "0");
    } else {
      filters.since = "";
      filters.until = "";
    }
    var label = $("f-period");
    clear(label);
    label.hidden = !period;
    if (period) {
      append(label, ["Period: " + period + " ",
        h("button", { type: "button", onclick: function () { setPeriod(""); refresh(); } },
          "clear period")]);
    }
  }

  // The filters live in the page's query string too (?q=&type=&certainty=&country=&period=),
  // so a filtered view survives a reload and can be shared as a link.
  var URL_FILTERS = ["q", "type", "certainty", "country", "period"];

  function writeFiltersToUrl() {
    var query = new URLSearchParams();
    URL_FILTERS.forEach(function (name) { if (filters[name]) query.set(name, filters[name]); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function readFiltersFromUrl() {
    var query = new URLSearchParams(location.search);
    $("f-q").value = query.get("q") || "";
    // a value the select does not offer leaves it at "any"
    ["type", "certainty", "country"].forEach(function (name) {
      var select = $("f-" + name);
      var wanted = query.get(name) || "";
      select.value = Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      }) ? wanted : "";
    });
    readFilterForm();
    var period = query.get("period") || "";
    setPeriod(/^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? period : "");
  }

  function setupFilters() {
    $("filters").addEventListener("submit", function (e) {
      e.preventDefault();
      readFilterForm();
      refresh();
    });
    ["f-type", "f-certainty", "f-country"].forEach(function (id) {
      $(id).addEventListener("change", function () { readFilterForm(); refresh(); });
    });
    $("f-reset").addEventListener("click", function () {
      $("filters").reset();
      readFilterForm();
      setPeriod("");
      refresh();
    });
  }

  // ------------------------------------------------------------------------ map

  var map = null;
  var markerLayer = null;
  var selectedPlace = null;
  var mapItems = [];
  window.eventwire = { markers: [] };

  function setupMap() {
    map = L.map("map", { minZoom: 2, maxZoom: 11, worldCopyJump: true, zoomSnap: 0.5 });
    map.setView([30, 30], 3);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country outlines: Natural Earth (world-atlas)");
    markerLayer = L.layerGroup().addTo(map);
    window.eventwire.map = map;
    getJSON("/vendor/world-atlas/countries-110m.json").then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      var outlines = L.geoJSON(countries, {
        interactive: false,
        style: function () {
          return { color: "#7d8791", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 };
        }
      }).addTo(map);
      outlines.bringToBack();
    }).catch(function () { status("Country outlines unavailable (run make setup)."); });
    addLegend();
  }

  function addLegend() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = h("div", { class: "legend" });
      box.appendChild(h("p", { class: "legend-title" }, "Kind of event"));
      FAMILY_LABELS.forEach(function (pair) {
        box.appendChild(h("p", null, swatch("dot", FAMILY_COLOURS[pair[0]]), " " + pair[1]));
      });
      box.appendChild(h("p", { class: "legend-title" }, "Where (size: deaths)"));
      box.appendChild(h("p", null, swatch("dot", "#444"), " town"));
      box.appendChild(h("p", null, swatch("ring", "#444"), " near a town"));
      box.appendChild(h("p", null, swatch("area", "#444"), " province or country"));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  function swatch(kind, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", "8");
    c.setAttribute("cy", "8");
    c.setAttribute("r", kind === "area" ? "7" : "5");
    c.setAttribute("stroke", colour);
    c.setAttribute("stroke-width", "2");
    c.setAttribute("fill", kind === "ring" ? "none" : colour);
    if (kind === "area") {
      c.setAttribute("fill-opacity", "0.15");
      c.setAttribute("stroke-dasharray", "3 2");
      c.setAttribute("stroke-width", "1");
    }
    svg.appendChild(c);
    return svg;
  }

  function dominantType(item) {
    var best = null;
    (item.types || []).forEach(function (t) {
      if (!best || t.events > best.events) best = t;
    });
    return best ? best.type : null;
  }

  function loadMap() {
    return getJSON("/api/events/map", filterParams()).then(function (body) {
      mapItems = body.items;
      markerLayer.clearLayers();
      window.eventwire.markers = [];
      var bounds = [];
      // Areas first, then the larger dots, so that small dots stay on top and clickable.
      var ordered = body.items.slice().sort(function (a, b) {
        return (b.precision === 3) - (a.precision === 3) || (b.fatalities || 0) - (a.fatalities || 0);
      });
      ordered.forEach(function (item) {
        if (item.lat === null || item.lon === null) return;
        var colour = colourOf(dominantType(item));
        var radius = Math.min(28, 6 + 3 * Math.sqrt(item.fatalities || 0));
        var layer;
        if (item.precision === 3) {
          layer = L.circle([item.lat, item.lon], {
            radius: 120000, color: colour, weight: 1, dashArray: "4 3",
            fillColor: colour, fillOpacity: 0.12, className: "ew-marker ew-p3"
          });
        } else if (item.precision === 2) {
          layer = L.circleMarker([item.lat, item.lon], {
            radius: radius, color: colour, weight: 3, fill: true, fillOpacity: 0.05,
            fillColor: colour, className: "ew-marker ew-p2"
          });
        } else {
          layer = L.circleMarker([item.lat, item.lon], {
            radius: radius, color: "#ffffff", weight: 1.5, fillColor: colour,
            fillOpacity: 0.9, className: "ew-marker ew-p1"
          });
        }
        var tip = h("span", null, item.name + " (" + PRECISION[item.precision] + "): " +
          item.events + " event" + (item.events === 1 ? "" : "s") + ", " +
          (item.fatalities || 0) + " deaths");
        layer.bindTooltip(tip);
        layer.on("click", function () { selectPlace(item); });
        layer.addTo(markerLayer);
        var path = layer.getElement && layer.getElement();
        if (path) {
          path.setAttribute("data-place", item.place_id);
          path.setAttribute("data-name", item.name);
          path.setAttribute("data-lat", String(item.lat));
          path.setAttribute("data-lon", String(item.lon));
        }
        window.eventwire.markers.push({
          place_id: item.place_id, name: item.name, lat: item.lat, lon: item.lon,
          precision: item.precision, events: item.events, fatalities: item.fatalities
        });
        bounds.push([item.lat, item.lon]);
      });
      if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 });
      if (selectedPlace) {
        var still = body.items.filter(function (i) { return i.place_id === selectedPlace.place_id; });
        if (still.length) selectPlace(still[0]);
        else showPlaces();
      } else {
        showPlaces();
      }
    });
  }

  /** The side panel without a selection: every place as a button (the map's keyboard
   * alternative). */
  function showPlaces() {
    selectedPlace = null;
    var panel = clear($("panel"));
    panel.appendChild(h("h2", null, "Places"));
    if (!mapItems.length) {
      panel.appendChild(h("p", null, "No events match the filters."));
      return;
    }
    panel.appendChild(h("p", { class: "hint" }, "Pick a place on the map or in this list."));
    var list = h("ul", { class: "plain-list" });
    mapItems.forEach(function (item) {
      list.appendChild(h("li", null, h("button", {
        type: "button", class: "link-button", onclick: function () { selectPlace(item); }
      }, item.name), " ", h("span", { class: "muted" },
        item.events + " event" + (item.events === 1 ? "" : "s") + ", " +
        (item.fatalities || 0) + " deaths · " + PRECISION[item.precision])));
    });
    panel.appendChild(list);
  }

  function tinyBox(item) {
    var d = 0.01;
    function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
    return [clamp(item.lon - d, -180, 180), clamp(item.lat - d, -90, 90),
      clamp(item.lon + d, -180, 180), clamp(item.lat + d, -90, 90)].join(",");
  }

  function selectPlace(item) {
    selectedPlace = item;
    var panel = clear($("panel"));
    panel.appendChild(h("h2", null, item.name));
    panel.appendChild(h("p", { class: "muted" }, (item.country || "") + " · located " +
      PRECISION[item.precision]));
    panel.appendChild(h("button", { type: "button", class: "link-button", onclick: showPlaces },
      "← all places"));
    var params = filterParams();
    params.bbox = tinyBox(item);
    params.limit = 100;
    getJSON("/api/events", params).then(function (body) {
      if (selectedPlace !== item) return;
      panel.appendChild(h("p", null, body.total + " event report" +
        (body.total === 1 ? "" : "s") + " here"));
      var list = h("ol", { class: "event-list" });
      body.items.forEach(function (event) { list.appendChild(eventRow(event)); });
      panel.appendChild(list);
    }).catch(fail);
  }

  /** One event as a compact row: type, date, actors → targets, deaths, certainty,
   * source chain, link to the report. */
  function eventRow(event) {
    return h("li", { class: "event-row" },
      h("p", { class: "event-head" },
        h("span", { class: "type-dot", style: "background:" + colourOf(event.type) }),
        h("strong", null, event.label || typeLabel(event.type)), " · ", when(event.time),
        event.place ? " · " + event.place.name : ""),
      h("p", null, participants(event)),
      h("p", { class: "muted" }, "Deaths: " + deaths(event.fatalities) + " · " +
        event.certainty + " · source: " + sourceChain(event.sources)),
      event.doc ? h("p", null, docLink(event.doc, "Read the report")) : null);
  }

  // ------------------------------------------------------------------------ timeline

  function monthsBetween(first, last) {
    var out = [];
    var y = Number(first.slice(0, 4));
    var m = Number(first.slice(5, 7));
    var endY = Number(last.slice(0, 4));
    var endM = Number(last.slice(5, 7));
    while ((y < endY || (y === endY && m <= endM)) && out.length < 600) {
      out.push(y + "-" + String(m).padStart(2, "0"));
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function loadTimeline() {
    var params = filterParams(false);
    params.by = "month";
    return getJSON("/api/events/timeline", params).then(function (body) {
      var box = clear($("timeline"));
      var items = body.items.filter(function (i) { return /^\d{4}-\d{2}$/.test(i.period); });
      if (!items.length) {
        box.appendChild(h("p", null, "No dated events match the filters."));
        return;
      }
      var byPeriod = {};
      items.forEach(function (i) { byPeriod[i.period] = i; });
      var periods = monthsBetween(items[0].period, items[items.length - 1].period);
      var maxEvents = Math.max.apply(null, items.map(function (i) { return i.events; })) || 1;
      var maxDeaths = Math.max.apply(null, items.map(function (i) { return i.fatalities; })) || 1;
      var ns = "http://www.w3.org/2000/svg";
      var slot = 18;
      var height = 110;
      var width = Math.max(periods.length * slot, 300);
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + (height + 22));
      svg.setAttribute("width", String(Math.min(width, 1400)));
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", "Events (blue) and deaths (red) per month");
      periods.forEach(function (period, n) {
        var item = byPeriod[period] || { events: 0, fatalities: 0 };
        var g = document.createElementNS(ns, "g");
        var x = n * slot;
        var eh = item.events ? Math.max(2, (item.events / maxEvents) * height) : 0;
        var dh = item.fatalities ? Math.max(2, (item.fatalities / maxDeaths) * height) : 0;
        var bg = document.createElementNS(ns, "rect");
        bg.setAttribute("x", String(x));
        bg.setAttribute("y", "0");
        bg.setAttribute("width", String(slot));
        bg.setAttribute("height", String(height));
        bg.setAttribute("class", "bar-bg");
        g.appendChild(bg);
        [[eh, x + 2, "bar-events"], [dh, x + 9, "bar-deaths"]].forEach(function (spec) {
          var r = document.createElementNS(ns, "rect");
          r.setAttribute("x", String(spec[1]));
          r.setAttribute("y", String(height - spec[0]));
          r.setAttribute("width", "7");
          r.setAttribute("height", String(spec[0]));
          r.setAttribute("class", spec[2]);
          g.appendChild(r);
        });
        if (period.slice(5) === "01" || n === 0) {
          var label = document.createElementNS(ns, "text");
          label.setAttribute("x", String(x + 1));
          label.setAttribute("y", String(height + 15));
          label.setAttribute("class", "bar-label");
          label.textContent = n === 0 ? period : period.slice(0, 4);
          g.appendChild(label);
        }
        var description = period + ": " + item.events + " events, " + item.fatalities + " deaths";
        var title = document.createElementNS(ns, "title");
        title.textContent = description;
        g.appendChild(title);
        if (item.events) {
          g.setAttribute("role", "button");
          g.setAttribute("tabindex", "0");
          g.setAttribute("aria-label", description);
          g.setAttribute("aria-pressed", filters.period === period ? "true" : "false");
          g.setAttribute("data-period", period);
          g.setAttribute("class", "bar" + (filters.period === period ? " selected" : ""));
          var pick = function () {
            setPeriod(filters.period === period ? "" : period);
            refresh();
          };
          g.addEventListener("click", pick);
          g.addEventListener("keydown", function (e) {
            if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); }
          });
        }
        svg.appendChild(g);
      });
      box.appendChild(svg);
      box.appendChild(h("p", { class: "legend-inline" },
        h("span", { class: "key key-events" }), " events ",
        h("span", { class: "key key-deaths" }), " deaths (each scaled to its own maximum)"));
    });
  }

  // ------------------------------------------------------------------------ tables

  var eventsState = { offset: 0, limit: 15, sort: "-date" };
  var casualtiesState = { offset: 0, limit: 10 };
  var actorsState = { offset: 0, limit: 10 };

  function pager(state, total, reload) {
    var from = total ? state.offset + 1 : 0;
    var to = Math.min(total, state.offset + state.limit);
    return h("p", { class: "pager" },
      h("button", {
        type: "button", disabled: state.offset === 0,
        onclick: function () { state.offset = Math.max(0, state.offset - state.limit); reload(); }
      }, "‹ Previous"),
      " " + from + "–" + to + " of " + total + " ",
      h("button", {
        type: "button", disabled: to >= total,
        onclick: function () { state.offset += state.limit; reload(); }
      }, "Next ›"));
  }

  function sortHeader(label, key) {
    var active = eventsState.sort.replace("-", "") === key;
    var descending = eventsState.sort.charAt(0) === "-";
    return h("th", {
      scope: "col",
      "aria-sort": active ? (descending ? "descending" : "ascending") : "none"
    }, h("button", {
      type: "button", class: "sort-button",
      onclick: function () {
        eventsState.sort = active && descending ? key : "-" + key;
        eventsState.offset = 0;
        loadEvents();
      }
    }, label + (active ? (descending ? " ▼" : " ▲") : "")));
  }

  function loadEvents() {
    var params = filterParams();
    params.limit = eventsState.limit;
    params.offset = eventsState.offset;
    params.sort = eventsState.sort;
    return getJSON("/api/events", params).then(function (body) {
      var box = clear($("events-table"));
      var table = h("table", { class: "data" },
        h("caption", { class: "visually-hidden" }, "Events, one per report; sortable by date and deaths"),
        h("thead", null, h("tr", null,
          sortHeader("Date", "date"),
          h("th", { scope: "col" }, "Type"),
          h("th", { scope: "col" }, "Place"),
          h("th", { scope: "col" }, "Actors → targets"),
          sortHeader("Deaths", "fatalities"),
          h("th", { scope: "col" }, "Certainty"),
          h("th", { scope: "col" }, "Source"),
          h("th", { scope: "col" }, "Report"))));
      var tbody = h("tbody");
      body.items.forEach(function (e) {
        tbody.appendChild(h("tr", null,
          h("td", null, when(e.time)),
          h("td", null, h("span", { class: "type-dot", style: "background:" + colourOf(e.type) }),
            e.label || typeLabel(e.type)),
          h("td", null, e.place ? e.place.name : "–"),
          h("td", null, participants(e)),
          h("td", { class: "num" }, deaths(e.fatalities)),
          h("td", null, e.certainty),
          h("td", null, sourceChain(e.sources)),
          h("td", null, e.doc ? docLink(e.doc, "open") : "–")));
      });
      table.appendChild(tbody);
      box.appendChild(h("div", { class: "table-scroll" }, table));
      box.appendChild(pager(eventsState, body.total, loadEvents));
    });
  }

  function inPeriod(time) {
    if (!filters.since) return true;
    if (!time || !time.start) return false;
    var end = time.end || time.start;
    return end >= filters.since && time.start <= filters.until;
  }

  function loadCasualties() {
    return getJSON("/api/casualties", { named: "true", limit: 500 }).then(function (body) {
      var q = filters.q.toLowerCase();
      var rows = body.items.filter(function (c) {
        if (filters.certainty && c.certainty !== filters.certainty) return false;
        if (filters.country && !(c.place && c.place.country === filters.country)) return false;
        if (!inPeriod(c.time)) return false;
        if (q) {
          var hay = [c.person, c.rank, c.affiliation, c.place && c.place.name]
            .join(" ").toLowerCase();
          if (hay.indexOf(q) < 0) return false;
        }
        return true;
      });
      var box = clear($("casualties-table"));
      var page = rows.slice(casualtiesState.offset, casualtiesState.offset + casualtiesState.limit);
      var tbody = h("tbody");
      page.forEach(function (c) {
        tbody.appendChild(h("tr", null,
          h("td", null, h("a", { href: "#/person/" + encodeURIComponent(c.person) }, c.person),
            c.rank ? h("span", { class: "muted" }, " " + c.rank) : null),
          h("td", null, c.outcome),
          h("td", null, c.affiliation || "–"),
          h("td", null, c.place ? c.place.name : "–"),
          h("td", null, when(c.time)),
          h("td", null, sourceChain(c.sources)),
          h("td", null, docLink(c.doc, "open"))));
      });
      box.appendChild(h("div", { class: "table-scroll" }, h("table", { class: "data" },
        h("caption", { class: "visually-hidden" }, "Named casualties"),
        h("thead", null, h("tr", null, ["Person", "Outcome", "Affiliation", "Place", "Date",
          "Source", "Report"].map(function (c) { return h("th", { scope: "col" }, c); }))),
        tbody)));
      box.appendChild(pager(casualtiesState, rows.length, loadCasualties));
    });
  }

  function loadActors() {
    var params = { q: filters.q, country: filters.country, limit: actorsState.limit,
      offset: actorsState.offset };
    return getJSON("/api/actors", params).then(function (body) {
      var box = clear($("actors-table"));
      var tbody = h("tbody");
      body.items.forEach(function (a) {
        tbody.appendChild(h("tr", null,
          h("td", null, h("a", { href: "#/actor/" + encodeURIComponent(a.id) }, a.name)),
          h("td", null, a.kind || "–"),
          h("td", null, a.country || "–"),
          h("td", { class: "num" }, String(a.documents))));
      });
      box.appendChild(h("div", { class: "table-scroll" }, h("table", { class: "data" },
        h("caption", { class: "visually-hidden" }, "Actors"),
        h("thead", null, h("tr", null, ["Actor", "Kind", "Country", "Reports"].map(
          function (c) { return h("th", { scope: "col" }, c); }))),
        tbody)));
      box.appendChild(pager(actorsState, body.total, loadActors));
    });
  }

  function refresh() {
    eventsState.offset = 0;
    casualtiesState.offset = 0;
    actorsState.offset = 0;
    status("Loading…");
    document.body.removeAttribute("data-ready"); // set again once every panel shows the filters
    writeFiltersToUrl();
    return Promise.all([loadMap(), loadTimeline(), loadEvents(), loadCasualties(), loadActors()])
      .then(function () {
        status("");
        document.body.setAttribute("data-ready", "main");
      })
      .catch(fail);
  }

  // ------------------------------------------------------------------------ document view

  var KIND_PRIORITY = ["trigger", "person", "actor", "group", "place", "time", "source",
    "argument", "count", "sentence"];
  var KIND_LABELS = {
    trigger: "event trigger", person: "person", actor: "actor", group: "group",
    place: "place", time: "time", source: "source", argument: "argument",
    count: "count", sentence: "evidence"
  };

  /** The text as text nodes and <mark> elements: one mark per stretch of text covered by
   * the same spans, classed by every kind covering it. */
  function highlightedText(text, spans) {
    var cuts = { 0: true };
    cuts[text.length] = true;
    spans.forEach(function (s) { cuts[s.start] = true; cuts[s.end] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var out = h("div", { class: "doc-text", id: "doc-text" });
    for (var i = 0; i < points.length - 1; i++) {
      var a = points[i];
      var b = points[i + 1];
      if (b <= a) continue;
      var piece = text.slice(a, b);
      var covering = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      if (!covering.length) {
        out.appendChild(document.createTextNode(piece));
        continue;
      }
      var kinds = [];
      covering.forEach(function (s) { if (kinds.indexOf(s.kind) < 0) kinds.push(s.kind); });
      var primary = KIND_PRIORITY.filter(function (k) { return kinds.indexOf(k) >= 0; })[0];
      var mark = document.createElement("mark");
      mark.className = kinds.map(function (k) { return "k-" + k; }).join(" ");
      mark.setAttribute("data-primary", primary);
      mark.setAttribute("data-spans", covering.map(function (s) { return s.id; }).join(" "));
      var titles = covering.filter(function (s) { return s.kind !== "sentence"; })
        .map(function (s) { return s.title; });
      if (titles.length) mark.setAttribute("title", titles.join("; "));
      mark.appendChild(document.createTextNode(piece));
      out.appendChild(mark);
    }
    return out;
  }

  function showSpan(id) {
    var marks = document.querySelectorAll("mark.flash");
    Array.prototype.forEach.call(marks, function (m) { m.classList.remove("flash"); });
    var found = Array.prototype.filter.call(document.querySelectorAll("mark[data-spans]"),
      function (m) { return m.getAttribute("data-spans").split(" ").indexOf(id) >= 0; });
    found.forEach(function (m) { m.classList.add("flash"); });
    if (found.length) found[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function renderDocument(docId) {
    var view = beginPage("Loading report…");
    return getJSON("/api/documents/" + encodeURIComponent(docId)).then(function (doc) {
      clear(view);
      var spans = [];
      var next = 0;
      function add(kind, ev, title) {
        if (!ev || ev.start === null || ev.start === undefined || ev.end <= ev.start) return null;
        var id = "s" + next++;
        spans.push({ id: id, kind: kind, start: ev.start, end: ev.end, title: title });
        return id;
      }
      (doc.mentions || []).forEach(function (m) {
        add(m.kind, m, KIND_LABELS[m.kind] + ": " + m.name);
      });
      (doc.times || []).forEach(function (t) {
        add("time", t.evidence, "time: " + t.text + " (" + when(t) + ")");
      });
      var eventItems = (doc.events || []).map(function (e) {
        var label = e.label || typeLabel(e.type);
        var item = { event: e, trigger: add("trigger", e.trigger, "event: " + label) };
        item.args = (e.arguments || []).map(function (arg) {
          return { arg: arg, span: add("argument", arg.evidence, arg.role + " of " + label + ": " + arg.name) };
        });
        item.place = e.place ? add("place", e.place.evidence, "place of " + label + ": " + e.place.name) : null;
        item.time = e.time && e.time.evidence ? add("time", e.time.evidence, "time of " + label) : null;
        item.deaths = e.fatalities ? add("count", e.fatalities.evidence, "deaths in " + label) : null;
        item.sources = (e.sources || []).map(function (s) {
          return { source: s, span: add("source", s.evidence, "source of " + label + ": " + s.name) };
        });
        item.sentence = (e.evidence || []).length ? add("sentence", e.evidence[0], "evidence") : null;
        return item;
      });

      var heading = h("h1", { tabindex: "-1", class: "page-title" }, doc.title || "Untitled report");
      view.appendChild(h("p", null, h("a", { href: "#/" }, "← back to the map")));
      view.appendChild(heading);
      view.appendChild(h("p", { class: "muted" }, [doc.source, doc.published, doc.url,
        doc.photo_credit ? "photo: " + doc.photo_credit : null, "id " + doc.id]
        .filter(Boolean).join(" · ")));
      var keyList = h("p", { class: "span-key" }, "Highlighted: ");
      ["person", "actor", "group", "place", "time", "trigger", "argument", "source", "count"]
        .forEach(function (k) {
          keyList.appendChild(h("mark", { class: "k-" + k, "data-primary": k }, KIND_LABELS[k]));
          keyList.appendChild(document.createTextNode(" "));
        });
      view.appendChild(keyList);
      var layout = h("div", { class: "doc-layout" });
      layout.appendChild(h("article", { class: "doc-body", "aria-label": "Report text" },
        highlightedText(doc.text || "", spans)));
      var side = h("section", { class: "doc-events", "aria-labelledby": "doc-events-title" },
        h("h2", { id: "doc-events-title" }, "Events (" + eventItems.length + ")"));
      var list = h("ol", { class: "event-list" });
      eventItems.forEach(function (item) { list.appendChild(documentEvent(item)); });
      side.appendChild(list);
      layout.appendChild(side);
      view.appendChild(layout);
      document.body.setAttribute("data-ready", "doc");
      heading.focus();
    }).catch(function (error) {
      clear(view);
      view.appendChild(h("h1", { tabindex: "-1", class: "page-title" }, "Report not found"));
      view.appendChild(h("p", null, error.message));
      view.appendChild(h("p", null, h("a", { href: "#/" }, "← back to the map")));
    });
  }

  function spanButton(spanId, label) {
    if (!spanId) return h("span", null, label);
    return h("button", { type: "button", class: "span-button", "data-span": spanId,
      onclick: function () { showSpan(spanId); } }, label);
  }

  function documentEvent(item) {
    var e = item.event;
    var rows = h("dl", { class: "event-details" });
    function row(term, value) { rows.appendChild(h("dt", null, term)); rows.appendChild(h("dd", null, value)); }
    item.args.forEach(function (a) {
      var value = a.arg.name + (a.arg.value !== null && a.arg.value !== undefined ? " (" + a.arg.value + ")" : "");
      row(a.arg.role, spanButton(a.span, value));
    });
    if (e.place) {
      row("place", spanButton(item.place, e.place.name + " — " + PRECISION[e.place.precision] +
        (e.place.inherited ? " (from the report's setting)" : "")));
    }
    row("time", e.time ? spanButton(item.time, (e.time.text ? e.time.text + ": " : "") + when(e.time)) : "undated");
    row("deaths", e.fatalities ? spanButton(item.deaths, deaths(e.fatalities)) : "–");
    row("certainty", e.certainty);
    var chain = h("span", { class: "source-chain" });
    item.sources.forEach(function (s, n) {
      if (n) chain.appendChild(document.createTextNode(" ← "));
      chain.appendChild(spanButton(s.span, s.source.kind === "article" ? "the report itself" : s.source.name));
    });
    row("source", chain);
    if ((e.denied_by || []).length) row("denied by", e.denied_by.map(function (d) { return d.name || d; }).join(", "));
    return h("li", { class: "event-row", "data-event": e.id },
      h("p", { class: "event-head" },
        h("span", { class: "type-dot", style: "background:" + colourOf(e.type) }),
        spanButton(item.trigger, (e.label || typeLabel(e.type)) + " — “" + e.trigger.text + "”"),
        item.sentence ? " " : null,
        item.sentence ? h("button", { type: "button", class: "link-button small",
          onclick: function () { showSpan(item.sentence); } }, "sentence") : null),
      rows);
  }

  // ------------------------------------------------------------------------ person, actor

  function beginPage(message) {
    $("view-main").hidden = true;
    var view = clear($("view-page"));
    view.hidden = false;
    view.appendChild(h("p", null, message));
    document.body.removeAttribute("data-ready");
    window.scrollTo(0, 0);
    return view;
  }

  function eventList(events) {
    var list = h("ol", { class: "event-list" });
    events.forEach(function (e) { list.appendChild(eventRow(e)); });
    return list;
  }

  function renderPerson(name) {
    var view = beginPage("Loading " + name + "…");
    return getJSON("/api/person", { name: name }).then(function (body) {
      clear(view);
      view.appendChild(h("p", null, h("a", { href: "#/" }, "← back to the map")));
      var heading = h("h1", { tabindex: "-1", class: "page-title" }, name);
      view.appendChild(heading);
      if (!body.items.length) view.appendChild(h("p", null, "No person of that name in the store."));
      body.items.forEach(function (p) {
        var card = h("section", { class: "card" }, h("h2", null, p.name));
        card.appendChild(h("p", null, [p.rank, p.role].filter(Boolean).join(", ") || "",
          p.affiliation ? " · " : "",
          p.affiliation_id ? h("a", { href: "#/actor/" + encodeURIComponent(p.affiliation_id) }, p.affiliation)
            : (p.affiliation || "")));
        if (p.aliases.length) card.appendChild(h("p", null, "Also written: " + p.aliases.join(", ")));
        if (p.records.length > 1) {
          card.appendChild(h("h3", null, "Why these records are one person"));
          card.appendChild(h("ul", null, p.records.map(function (r) {
            return h("li", null, r.name + ": " + r.reasons.join("; "));
          })));
        }
        card.appendChild(h("h3", null, "Casualty reports (" + p.casualties.length + ")"));
        card.appendChild(h("ul", null, p.casualties.map(function (c) {
          return h("li", null, c.outcome + " · " + (c.place ? c.place.name : "place unknown") +
            " · " + when(c.time) + " · " + c.certainty + " · source: " + sourceChain(c.sources) + " · ",
            (c.reports || [c.doc]).map(function (d, n) {
              return [n ? ", " : "", docLink(d, "report " + (n + 1))];
            }));
        })));
        card.appendChild(h("h3", null, "Events (" + p.events.length + ")"));
        card.appendChild(eventList(p.events));
        card.appendChild(h("h3", null, "Reports"));
        card.appendChild(h("ul", null, p.documents.map(function (d) { return h("li", null, docLink(d, d)); })));
        view.appendChild(card);
      });
      document.body.setAttribute("data-ready", "person");
      heading.focus();
    }).catch(function (error) { clear(view); view.appendChild(h("p", null, error.message)); });
  }

  function renderActor(actorId) {
    var view = beginPage("Loading actor…");
    return getJSON("/api/actors/" + encodeURIComponent(actorId), { limit: 100 }).then(function (a) {
      clear(view);
      view.appendChild(h("p", null, h("a", { href: "#/" }, "← back to the map")));
      var heading = h("h1", { tabindex: "-1", class: "page-title" }, a.name);
      view.appendChild(heading);
      view.appendChild(h("p", { class: "muted" }, [a.kind, a.country, a.documents + " reports"]
        .filter(Boolean).join(" · ")));
      if (a.aliases.length) view.appendChild(h("p", null, "Also called: " + a.aliases.join(", ")));
      view.appendChild(h("h2", null, "Events (" + a.events.total + ")"));
      view.appendChild(eventList(a.events.items));
      document.body.setAttribute("data-ready", "actor");
      heading.focus();
    }).catch(function (error) {
      clear(view);
      view.appendChild(h("h1", { tabindex: "-1", class: "page-title" }, "Actor not found"));
      view.appendChild(h("p", null, error.message));
    });
  }

  // ------------------------------------------------------------------------ routing

  var mainLoaded = false;

  function route() {
    var hash = location.hash.replace(/^#\/?/, "");
    var slash = hash.indexOf("/");
    var name = slash < 0 ? hash : hash.slice(0, slash);
    var arg = slash < 0 ? "" : decodeURIComponent(hash.slice(slash + 1));
    if (name === "doc" && arg) return renderDocument(arg);
    if (name === "person" && arg) return renderPerson(arg);
    if (name === "actor" && arg) return renderActor(arg);
    $("view-page").hidden = true;
    clear($("view-page"));
    $("view-main").hidden = false;
    map.invalidateSize();
    if (!mainLoaded) {
      mainLoaded = true;
      return refresh();
    }
    document.body.setAttribute("data-ready", "main");
    return null;
  }

  function start() {
    setupFilters();
    setupMap();
    Promise.all([getJSON("/api/event-types"), getJSON("/api/events/map")]).then(function (got) {
      var select = $("f-type");
      got[0].items.forEach(function (t) {
        types[t.key] = t;
        select.appendChild(h("option", { value: t.key }, t.label));
      });
      var countries = {};
      got[1].items.forEach(function (i) { if (i.country) countries[i.country] = true; });
      Object.keys(countries).sort().forEach(function (c) {
        $("f-country").appendChild(h("option", { value: c }, c));
      });
    }).catch(fail).then(function () {
      readFiltersFromUrl();
      window.addEventListener("hashchange", route);
      route();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
