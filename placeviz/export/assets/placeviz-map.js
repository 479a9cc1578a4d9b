/* placeviz map page: decodes the embedded topology and draws it with Leaflet's canvas renderer.
   Every string from the data goes into the page through textContent, never as HTML. */
(function () {
  "use strict";
  var t0 = (window.performance && performance.now) ? performance.now() : 0;
  var DATA = JSON.parse(document.getElementById("placeviz-data").textContent);
  var state = window.placeviz = {featureCount: 0, drawnCount: 0, maps: [], ready: false, errors: []};

  // ---------- decoding ----------
  function bytes(s) {
    var bin = atob(s), n = bin.length, u = new Uint8Array(n);
    for (var i = 0; i < n; i++) u[i] = bin.charCodeAt(i);
    return u;
  }
  function varints(s) {
    var u = bytes(s), out = [], v = 0, m = 1;
    for (var i = 0; i < u.length; i++) {
      var b = u[i];
      v += (b & 127) * m;
      if (b < 128) { out.push(v); v = 0; m = 1; } else { m *= 128; }
    }
    return out;
  }
  function unzz(z) { return (z % 2) ? -(z + 1) / 2 : z / 2; }
  function signedInts(s) { var a = varints(s); for (var i = 0; i < a.length; i++) a[i] = unzz(a[i]); return a; }
  function optionalInts(s) {  // 0 = missing, else zig-zag + 1
    var a = varints(s); for (var i = 0; i < a.length; i++) a[i] = a[i] === 0 ? null : unzz(a[i] - 1); return a;
  }

  // ---------- British National Grid to WGS84 (only with a web basemap) ----------
  function bngToWgs84(E, N) {
    var a = 6377563.396, b = 6356256.909, F0 = 0.9996012717, lat0 = 49 * Math.PI / 180, lon0 = -2 * Math.PI / 180;
    var N0 = -100000, E0 = 400000, e2 = 1 - (b * b) / (a * a), n = (a - b) / (a + b), n2 = n * n, n3 = n2 * n;
    var lat = lat0, M = 0;
    do {
      lat = (N - N0 - M) / (a * F0) + lat;
      var dl = lat - lat0, sl = lat + lat0;
      M = b * F0 * ((1 + n + 1.25 * n2 + 1.25 * n3) * dl - (3 * n + 3 * n2 + 2.625 * n3) * Math.sin(dl) * Math.cos(sl)
        + (1.875 * n2 + 1.875 * n3) * Math.sin(2 * dl) * Math.cos(2 * sl) - (35 / 24) * n3 * Math.sin(3 * dl) * Math.cos(3 * sl));
    } while (Math.abs(N - N0 - M) >= 0.00001);
    var s = Math.sin(lat), c = Math.cos(lat), t = Math.tan(lat), t2 = t * t, t4 = t2 * t2, t6 = t4 * t2;
    var nu = a * F0 / Math.sqrt(1 - e2 * s * s), rho = a * F0 * (1 - e2) / Math.pow(1 - e2 * s * s, 1.5), eta2 = nu / rho - 1;
    var VII = t / (2 * rho * nu), VIII = t / (24 * rho * nu * nu * nu) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
    var IX = t / (720 * rho * Math.pow(nu, 5)) * (61 + 90 * t2 + 45 * t4);
    var sec = 1 / c, X = sec / nu, XI = sec / (6 * nu * nu * nu) * (nu / rho + 2 * t2);
    var XII = sec / (120 * Math.pow(nu, 5)) * (5 + 28 * t2 + 24 * t4);
    var XIIA = sec / (5040 * Math.pow(nu, 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
    var dE = E - E0, dE2 = dE * dE, dE3 = dE2 * dE, dE4 = dE2 * dE2, dE5 = dE4 * dE, dE6 = dE3 * dE3, dE7 = dE6 * dE;
    var phi = lat - VII * dE2 + VIII * dE4 - IX * dE6;
    var lam = lon0 + X * dE - XI * dE3 + XII * dE5 - XIIA * dE7;
    // OSGB36 (Airy 1830) to WGS84 by the OS's seven-parameter Helmert transformation (good to a few metres)
    var sp = Math.sin(phi), cp = Math.cos(phi), nuA = a / Math.sqrt(1 - e2 * sp * sp);
    var x = nuA * cp * Math.cos(lam), y = nuA * cp * Math.sin(lam), z = (1 - e2) * nuA * sp;
    var tx = 446.448, ty = -125.157, tz = 542.060, sc = -20.4894e-6, as = Math.PI / 648000;
    var rx = 0.1502 * as, ry = 0.2470 * as, rz = 0.8421 * as;
    var x2 = tx + (1 + sc) * x - rz * y + ry * z, y2 = ty + rz * x + (1 + sc) * y - rx * z, z2 = tz - ry * x + rx * y + (1 + sc) * z;
    var aW = 6378137, bW = 6356752.314245, e2W = 1 - (bW * bW) / (aW * aW), p = Math.sqrt(x2 * x2 + y2 * y2);
    var phiW = Math.atan2(z2, p * (1 - e2W)), prev = 2 * Math.PI;
    while (Math.abs(phiW - prev) > 1e-12) {
      prev = phiW;
      var nuW = aW / Math.sqrt(1 - e2W * Math.sin(phiW) * Math.sin(phiW));
      phiW = Math.atan2(z2 + e2W * nuW * Math.sin(phiW), p);
    }
    return [phiW * 180 / Math.PI, Math.atan2(y2, x2) * 180 / Math.PI];
  }
  state.bngToWgs84 = bngToWgs84;
  var toLatLng = DATA.basemap ? function (x, y) { var ll = bngToWgs84(x, y); return L.latLng(ll[0], ll[1]); }
                              : function (x, y) { return L.latLng(y, x); };
  state.toLatLng = function (x, y) { var ll = toLatLng(x, y); return [ll.lat, ll.lng]; };

  // arcs: {arcs, quantum, origin}, a map's own or its ward lines' (which carry their own origin and quantum)
  function decodeArcs(g) {
    var arcsRaw = varints(g.arcs), arcs = [], px = 0, py = 0, i = 0, q = g.quantum, ox = g.origin[0], oy = g.origin[1];
    while (i < arcsRaw.length) {
      var cnt = arcsRaw[i++], pts = new Array(cnt), x = 0, y = 0;
      for (var j = 0; j < cnt; j++) {
        var dx = unzz(arcsRaw[i++]), dy = unzz(arcsRaw[i++]);
        if (j === 0) { px += dx; py += dy; x = px; y = py; } else { x += dx; y += dy; }
        pts[j] = toLatLng(ox + x * q, oy + y * q);
      }
      arcs.push(pts);
    }
    return arcs;
  }

  function decodeGeometry(g) {
    var arcs = decodeArcs(g);
    var shape = varints(g.shape), refs = signedInts(g.refs), r = 0, s = 0, feats = [];
    for (var k = 1; k < refs.length; k++) refs[k] += refs[k - 1];
    for (var f = 0; f < g.n; f++) {
      var nparts = shape[s++], parts = [];
      for (var pp = 0; pp < nparts; pp++) {
        var nrings = shape[s++], rings = [];
        for (var rr = 0; rr < nrings; rr++) {
          var narcs = shape[s++], ring = [];
          for (var aa = 0; aa < narcs; aa++) {
            var ref = refs[r++], arc = arcs[ref >= 0 ? ref : ~ref], m = arc.length, start = aa === 0 ? 0 : 1;
            if (ref >= 0) { for (var t = start; t < m; t++) ring.push(arc[t]); }
            else { for (var t2 = m - 1 - start; t2 >= 0; t2--) ring.push(arc[t2]); }
          }
          ring.pop();  // Leaflet closes rings itself
          rings.push(ring);
        }
        parts.push(rings);
      }
      feats.push(parts);
    }
    var codes;
    if (g.codes.prefix !== undefined) {
      var nums = signedInts(g.codes.nums), acc = 0, w = g.codes.width;
      codes = nums.map(function (d) { acc += d; var t = String(acc); while (t.length < w) t = "0" + t; return g.codes.prefix + t; });
    } else { codes = g.codes.list; }
    var lad = varints(g.lad), ladNames = g.ladNames, withLad = varints(g.nameWithLad);
    var names = g.names.map(function (nm, idx) { return withLad[idx] ? ladNames[lad[idx]] + " " + nm : nm; });
    var laArcs = signedInts(g.laArcs); for (var la = 1; la < laArcs.length; la++) laArcs[la] += laArcs[la - 1];
    var hoods = g.hood ? varints(g.hood).map(function (k) { return k ? g.hoodNames[k - 1] : ""; }) : null;
    var wardArcs = g.wardArcs ? signedInts(g.wardArcs) : null;
    if (wardArcs) for (var wa = 1; wa < wardArcs.length; wa++) wardArcs[wa] += wardArcs[wa - 1];
    return {arcs: arcs, feats: feats, codes: codes, names: names, hoods: hoods, lad: lad, ladNames: ladNames,
            laLines: laArcs.map(function (id) { return arcs[id]; }), labels: g.labels, bbox: g.bbox,
            wardLines: wardArcs ? wardArcs.map(function (id) { return arcs[id]; })
                                : g.wardLines ? decodeArcs(g.wardLines) : null,
            places: g.places || []};
  }
  var GEOMS = {};
  var WARDS = {on: true};  // ward outlines, where the page has them: shown until the reader switches them off
  function geometry(key) { if (!GEOMS[key]) GEOMS[key] = decodeGeometry(DATA.geoms[key]); return GEOMS[key]; }

  function decodeLayer(ly) {
    if (ly._decoded) return ly._decoded;
    var scale = Math.pow(10, ly.decimals);
    var vals = optionalInts(ly.values).map(function (v) { return v === null ? null : v / scale; });
    var scaled = function (enc) {
      return enc ? optionalInts(enc).map(function (v) { return v === null ? null : v / scale; }) : null;
    };
    ly._decoded = {values: vals, lower: scaled(ly.lower), upper: scaled(ly.upper),
                   rank: ly.rank ? optionalInts(ly.rank) : null,
                   decile: ly.decile ? optionalInts(ly.decile) : null, classes: varints(ly.classes),
                   covered: ly.covered ? varints(ly.covered) : null};
    return ly._decoded;
  }

  // ---------- formatting (mirrors placeviz.catalog.Layer.format_value) ----------
  function groupThousands(s) { return s.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function fixed(v, d) {
    var neg = v < 0, t = Math.abs(v).toFixed(d), parts = t.split(".");
    var out = groupThousands(parts[0]) + (parts.length > 1 ? "." + parts[1] : "");
    return (neg && Number(t) !== 0 ? "-" : "") + out;
  }
  function formatValue(ly, v) {
    if (v === null || v === undefined || v !== v) return "no data";
    if (ly.unit === "rank") return fixed(Math.round(v), 0);
    var t = fixed(v, ly.decimals);
    if (ly.unit === "%") return t + "%";
    if (ly.unit === "years" || ly.unit === "\u00b5g/m\u00b3" || ly.unit === "people") return t + " " + ly.unit;
    return t;
  }
  state.formatValue = formatValue;

  var collator = new Intl.Collator("en", {numeric: true, sensitivity: "base"});

  // what a screen reader says next (the polite live region in the page), kept for tests
  function announce(text) {
    var box = document.getElementById("pv-announce");
    if (box) box.textContent = text;
    state.announced = text;
  }

  // ---------- DOM helpers: text only ----------
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  // ---------- one map pane ----------
  function Pane(index, spec, container, legendBox) {
    this.index = index; this.spec = spec; this.container = container; this.legendBox = legendBox;
    var opts = {preferCanvas: true, attributionControl: false, zoomControl: true, zoomSnap: 0.25, zoomDelta: 0.5,
                wheelPxPerZoomLevel: 90, renderer: L.canvas({padding: 0.3, tolerance: 0})};
    if (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) {  // no sliding or fading
      opts.zoomAnimation = false; opts.fadeAnimation = false; opts.markerZoomAnimation = false;
    }
    if (!DATA.basemap) {
      opts.crs = L.extend({}, L.CRS.Simple, {transformation: new L.Transformation(1 / 1024, 0, -1 / 1024, 0)});
      opts.minZoom = -3; opts.maxZoom = 11;
    } else { opts.minZoom = 5; opts.maxZoom = 18; }
    this.map = L.map(container, opts);
    this.renderer = opts.renderer;
    if (DATA.basemap) {
      L.tileLayer(DATA.basemap.url, {maxZoom: 19, opacity: 0.9}).addTo(this.map);
    }
    L.control.scale({imperial: false, maxWidth: 140}).addTo(this.map);
    this.groups = {};
    this.current = null;
    this.layerIndex = 0;
    this.tooltip = el("div", "pv-tooltip", null, container);
    this.tooltip.style.display = "none";
    this.tooltip.setAttribute("aria-hidden", "true");  // the live region says the same, once
    this.hovered = null;
    this.cursor = null;  // the keyboard's place in areaOrder()
    // a keyboard user steps through the areas (Leaflet's own keys pan and zoom)
    var self = this;
    container.setAttribute("role", "application");
    container.setAttribute("aria-roledescription", "map");
    container.setAttribute("aria-label", "Map: " + spec.heading);
    container.setAttribute("aria-describedby", "pv-keys");
    container.setAttribute("aria-keyshortcuts", "N P ] [ T Escape");
    container.addEventListener("keydown", function (e) { self.onKey(e); });
  }

  Pane.prototype.onKey = function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var k = e.key;
    if (k === "n" || k === "N" || k === "]") this.step(1);
    else if (k === "p" || k === "P" || k === "[") this.step(-1);
    else if (k === "Escape" && this.hovered) { this.unhover(this.hovered); announce(""); }
    else if ((k === "t" || k === "T") && this.onTableKey) this.onTableKey();
    else return;
    e.preventDefault();
  };

  // areas in name order, so that a local authority's neighbourhoods come together
  Pane.prototype.areaOrder = function () {
    var g = this.current.geom;
    if (!g.order) {
      g.order = g.names.map(function (n, i) { return i; });
      g.order.sort(function (a, b) { return collator.compare(g.names[a], g.names[b]) || collator.compare(g.codes[a], g.codes[b]); });
    }
    return g.order;
  };

  Pane.prototype.step = function (delta) {
    var order = this.areaOrder(), n = order.length;
    if (!n) return;
    this.cursor = this.cursor === null ? (delta > 0 ? 0 : n - 1) : (this.cursor + delta + n) % n;
    this.focusArea(order[this.cursor], this.cursor + 1, n);
  };

  // an area chosen in the table: the keyboard's cursor moves there, on the map, with the focus
  Pane.prototype.showArea = function (i) {
    var order = this.areaOrder();
    this.cursor = order.indexOf(i);
    this.container.focus();
    this.focusArea(i, this.cursor + 1, order.length);
  };

  // the figures of the area the keyboard is on stay beside it as the map moves or zooms
  Pane.prototype.followKeyed = function () {
    if (this.keyed && this.hovered) this.placeTooltip(this.map.latLngToContainerPoint(this.hovered.getBounds().getCenter()));
  };

  // outline an area, bring it into view, show its figures and say them
  Pane.prototype.focusArea = function (i, position, n) {
    var layer = this.current.layers[i], map = this.map, b = layer.getBounds();
    var nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
    if (Math.max(Math.abs(se.x - nw.x), Math.abs(se.y - nw.y)) < 12) {  // too small to see: zoom in, with context
      map.setView(b.getCenter(), Math.min(map.getBoundsZoom(b) - 2, map.getMaxZoom()), {animate: false});
    } else if (!map.getBounds().contains(b)) {
      map.panTo(b.getCenter(), {animate: false});
    }
    var lines = this.highlight(layer);
    this.keyed = true;
    this.placeTooltip(map.latLngToContainerPoint(b.getCenter()));
    var which = DATA.panes.length > 1 ? " on the map of " + this.spec.heading : "";
    announce("Area " + fixed(position, 0) + " of " + fixed(n, 0) + which + ": " + lines.join(". "));
  };

  Pane.prototype.buildGroup = function (geomKey) {
    if (this.groups[geomKey]) return this.groups[geomKey];
    var g = geometry(geomKey), layers = new Array(g.feats.length), self = this;
    var base = {renderer: this.renderer, weight: 0.6, opacity: 1, fillOpacity: DATA.basemap ? 0.75 : 1,
                smoothFactor: 0.5, fillRule: "evenodd"};
    for (var i = 0; i < g.feats.length; i++) {
      var p = L.polygon(g.feats[i], base);
      p._pvIndex = i;
      layers[i] = p;
    }
    var areas = L.featureGroup(layers);
    areas.on("mouseover mousemove", function (e) { self.hover(e.layer, e.originalEvent); });
    areas.on("mouseout", function (e) { self.unhover(e.layer); });
    areas.on("click", function (e) { self.hover(e.layer, e.originalEvent); });
    var lines = L.polyline(g.laLines, {renderer: this.renderer, color: "#222", weight: 1.3, opacity: 0.9,
                                        interactive: false, smoothFactor: 0.5});
    // ward outlines (when the map asks for them): thin dark dashes on a light halo, under the local
    // authorities' lines; the dashes read on light fills, the halo on the darkest (decile 1's red)
    var wards = null;
    if (g.wardLines) {
      var wardLine = {renderer: this.renderer, interactive: false, smoothFactor: 0.5};
      wards = L.layerGroup([
        L.polyline(g.wardLines, L.extend({color: "#ffffff", weight: 2.6, opacity: 0.7}, wardLine)),
        L.polyline(g.wardLines, L.extend({color: "#222", weight: 1.1, opacity: 0.9, dashArray: "4 3"}, wardLine))]);
    }
    var labels = g.labels.map(function (lb) {
      var span = document.createElement("span");
      span.textContent = lb[0];
      var icon = L.divIcon({className: "pv-label", html: span, iconSize: null});
      var m = L.marker(toLatLng(lb[1], lb[2]), {icon: icon, interactive: false, keyboard: false});
      m._pvText = lb[0]; m._pvArea = lb[3];
      return m;
    });
    // towns and cities: a dot and a name (placeLabels chooses which, and on which side of the dot)
    var places = g.places.map(function (pl) {
      var span = document.createElement("span");
      span.className = "pv-place-name";
      span.textContent = pl[0];
      var icon = L.divIcon({className: "pv-place pv-place-" + pl[1], html: span, iconSize: null});
      var m = L.marker(toLatLng(pl[2], pl[3]), {icon: icon, interactive: false, keyboard: false});
      m._pvText = pl[0]; m._pvKind = pl[1]; m._pvPop = pl[4]; m._pvInside = pl[5] === 1;
      return m;
    });
    this.groups[geomKey] = {geom: g, areas: areas, layers: layers, lines: lines, wards: wards,
                            labels: L.layerGroup(labels.concat(places)), labelList: labels, placeList: places};
    return this.groups[geomKey];
  };

  Pane.prototype.showLayer = function (k) {
    var ly = this.spec.layers[k], grp = this.buildGroup(ly.geom), d = decodeLayer(ly);
    if (this.hovered) this.unhover(this.hovered);  // its figures were the last layer's
    if (this.current && this.current !== grp) {
      this.cursor = null;
      this.map.removeLayer(this.current.areas); this.map.removeLayer(this.current.lines);
      this.map.removeLayer(this.current.labels);
      if (this.current.wards) this.map.removeLayer(this.current.wards);
    }
    var detail = this.map.getZoom() >= (this.fitZoom || 0) + 2;
    for (var i = 0; i < grp.layers.length; i++) {
      var c = d.classes[i], fill = c === 0 ? ly.nodataColour : ly.colours[c - 1];
      var out = d.covered && !d.covered[i];  // outside a partial layer's coverage: not shaded at all
      grp.layers[i].setStyle({fillColor: fill, color: detail ? "#ffffff" : fill, opacity: out ? 0 : detail ? 0.7 : 1,
                              fillOpacity: out ? 0 : (DATA.basemap ? 0.75 : 1)});
      grp.layers[i]._pvOut = out;
      grp.layers[i]._pvFill = fill;
    }
    if (this.current !== grp) {
      grp.areas.addTo(this.map);
      if (grp.wards && WARDS.on) grp.wards.addTo(this.map);
      grp.lines.addTo(this.map); grp.labels.addTo(this.map);
    }
    this.current = grp;
    grp.lines.setStyle({weight: this.lineWeight()}); this.layerIndex = k; this.layer = ly; this.decoded = d;
    this.renderLegend();
    this.placeLabels();
  };

  Pane.prototype.showWards = function (on) {
    var w = this.current && this.current.wards;
    if (!w) return;
    if (on) { w.addTo(this.map); this.current.lines.bringToFront(); } else { this.map.removeLayer(w); }
  };

  Pane.prototype.lineWeight = function () {
    var many = this.current && this.current.labelList.length > 40;
    return (many && this.map.getZoom() < (this.fitZoom || 0) + 1.5) ? 0.7 : 1.4;
  };

  Pane.prototype.restyleForZoom = function () {
    if (!this.current) return;
    this.current.lines.setStyle({weight: this.lineWeight()});
    var detail = this.map.getZoom() >= (this.fitZoom || 0) + 2;
    if (detail === this.detail) return;
    this.detail = detail;
    var ls = this.current.layers;
    for (var i = 0; i < ls.length; i++) {
      if (!ls[i]._pvOut) ls[i].setStyle(detail ? {color: "#ffffff", opacity: 0.7} : {color: ls[i]._pvFill, opacity: 1});
    }
  };

  // which towns are named at a scale (metres per CSS pixel): placeviz.model.places' rule, as on the printed maps
  var RULE = DATA.labelRule, SUBURBS_BELOW = RULE.suburbsBelow, BIG_TOWN = RULE.bigTown;
  function minPopulation(mpp) {
    for (var i = 0; i < RULE.namedFrom.length; i++) if (mpp > RULE.namedFrom[i][0]) return RULE.namedFrom[i][1];
    return 0;
  }

  // names by importance, none overlapping another or the map's controls (legend, zoom, attribution):
  // cities, big towns, local authorities (where their area is about as wide as the name), smaller towns,
  // then suburbs when zoomed in
  Pane.prototype.placeLabels = function () {
    if (!this.current) return;
    var map = this.map, placed = [], size = map.getSize(), c = map.getCenter();
    var c2 = map.containerPointToLatLng(map.latLngToContainerPoint(c).add([100, 0]));
    var pxPerKm = 100 / (map.distance(c, c2) / 1000), mpp = 1000 / pxPerKm, minPop = minPopulation(mpp);
    var box0 = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) placed.push([r.left - box0.left - 4, r.top - box0.top - 4, r.right - box0.left + 4, r.bottom - box0.top + 4]);
    });
    function apart(box, o) { return box[0] > o[2] || box[2] < o[0] || box[1] > o[3] || box[3] < o[1]; }
    var pending = [];  // dots of the important places still to be named: kept clear while there is a choice
    function free(box, strict) {
      return box[0] >= 0 && box[1] >= 0 && box[2] <= size.x && box[3] <= size.y &&
        placed.every(function (o) { return apart(box, o); }) &&
        (!strict || pending.every(function (o) { return apart(box, o); }));
    }
    var shown = {};
    function place(m) {  // a town: right of its dot, else left, above, below, or a diagonal
      var icon = m._icon; if (!icon) return;
      var span = icon.firstChild, p = map.latLngToContainerPoint(m.getLatLng());
      var w = span.offsetWidth || m._pvText.length * 6.5, h = span.offsetHeight || 14, g = 5, d = 3;
      var spots = [[g, -h / 2, "r"], [-g - w, -h / 2, "l"], [-w / 2, -g - h, "a"], [-w / 2, g, "b"],
                   [d, -d - h, "ra"], [d, d, "rb"], [-d - w, -d - h, "la"], [-d - w, d, "lb"]];
      for (var n = 0; n < 2 * spots.length; n++) {
        var k = n % spots.length, strict = n < spots.length;
        var x = p.x + spots[k][0], y = p.y + spots[k][1];
        var pad = m._pvKind === "s" ? 8 : 3, box = [x - pad, y - pad, x + w + pad, y + h + pad];
        if (free(box, strict) && free([p.x - 4, p.y - 4, p.x + 4, p.y + 4], false)) {
          placed.push(box); placed.push([p.x - 4, p.y - 4, p.x + 4, p.y + 4]);
          icon.style.visibility = "visible"; icon.setAttribute("data-side", spots[k][2]);
          span.style.left = spots[k][0] + "px"; span.style.top = spots[k][1] + "px";
          shown[m._pvText] = true;
          return;
        }
      }
      icon.style.visibility = "hidden";
    }
    var towns = this.current.placeList.slice(), las = this.current.labelList.slice();
    towns.forEach(function (m) { if (m._icon) m._icon.style.visibility = "hidden"; });
    var big = towns.filter(function (m) { return m._pvKind === "c" || (m._pvKind === "t" && m._pvPop >= Math.max(BIG_TOWN, minPop)); });
    var small = towns.filter(function (m) {
      return m._pvInside && ((m._pvKind === "t" && m._pvPop < Math.max(BIG_TOWN, minPop) && m._pvPop >= minPop) ||
                             (m._pvKind === "s" && mpp < SUBURBS_BELOW));
    });
    big.forEach(function (m) {
      var p = map.latLngToContainerPoint(m.getLatLng());
      m._pvDot = [p.x - 4, p.y - 4, p.x + 4, p.y + 4];
      pending.push(m._pvDot);
    });
    big.forEach(function (m) { pending.splice(pending.indexOf(m._pvDot), 1); place(m); });
    // a map of many authorities (England) names them only when zoomed in
    var laNames = las.length <= 40 || map.getZoom() >= (this.fitZoom || 0) + 2;
    las.sort(function (a, b) { return b._pvArea - a._pvArea; });
    las.forEach(function (m) {
      var icon = m._icon; if (!icon) return;
      var p = map.latLngToContainerPoint(m.getLatLng()), w = m._pvText.length * 6.4 + 8, h = 16;
      if (!laNames || shown[m._pvText] || Math.sqrt(m._pvArea) * pxPerKm < w * 0.9) { icon.style.visibility = "hidden"; return; }
      var box = [p.x - w / 2 - 6, p.y - h / 2 - 4, p.x + w / 2 + 6, p.y + h / 2 + 4];
      var ok = free(box, false);
      icon.style.visibility = ok ? "visible" : "hidden";
      if (ok) placed.push(box);
    });
    small.forEach(place);
  };

  Pane.prototype.hover = function (layer, ev) {
    this.keyed = false;
    this.highlight(layer);
    this.placeTooltip(this.map.mouseEventToContainerPoint(ev));
  };

  // an outline drawn on top, not a restyle: the area keeps its place and hit tolerance; returns the
  // tooltip's lines
  Pane.prototype.highlight = function (layer) {
    if (this.hovered !== layer) {
      if (this.hovered) this.unhover(this.hovered);
      this.hovered = layer;
      this.outline = L.polygon(layer.getLatLngs(), {renderer: this.renderer, interactive: false, fill: false,
                                                   color: "#000000", weight: 2.5, opacity: 1}).addTo(this.map);
      this.tipLines = this.fillTooltip(layer._pvIndex, this.current.geom, this.layer, this.decoded);
    }
    return this.tipLines;
  };

  Pane.prototype.placeTooltip = function (pt) {
    var tip = this.tooltip, size = this.map.getSize();
    tip.style.display = "block";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = pt.x + 14, y = pt.y + 14;
    if (x + w > size.x) x = Math.max(0, pt.x - w - 14);
    if (y + h > size.y) y = Math.max(0, pt.y - h - 14);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  };

  Pane.prototype.fillTooltip = function (i, g, ly, d) {
    var tip = this.tooltip, lines = [];
    tip.textContent = "";
    var line = function (tag, cls, text, parent) { lines.push(text); return el(tag, cls, text, parent || tip); };
    line("div", "pv-tip-name", g.names[i]);
    if (g.hoods && g.hoods[i]) line("div", "pv-tip-hood", "in " + g.hoods[i]);
    line("div", "pv-tip-code", g.codes[i] + " \u00b7 " + g.ladNames[g.lad[i]]);
    var row = el("div", "pv-tip-value", null, tip);
    el("span", "pv-tip-label", ly.label + ": ", row);
    el("strong", "pv-tip-number", formatValue(ly, d.values[i]), row);
    lines.push(row.textContent);
    if (d.lower && d.upper && d.lower[i] !== null && d.upper[i] !== null) {
      line("div", "pv-tip-interval", "95% confidence interval " + formatValue(ly, d.lower[i]) + " to " +
           formatValue(ly, d.upper[i]));
    }
    if (d.rank && d.rank[i] !== null) {
      line("div", "pv-tip-rank", "National rank " + fixed(d.rank[i], 0) + " of " + fixed(ly.nRanked, 0) +
           " (1 = " + ly.worseWord + ")");
    }
    if (d.decile && d.decile[i] !== null) {
      line("div", "pv-tip-decile", "National decile " + d.decile[i] + " of 10 (1 = " + ly.worseDecile + ")");
    }
    var c = d.classes[i];
    if (c > 0 && ly.legend[c - 1] && !ly.decileClasses) line("div", "pv-tip-class", "Map class: " + ly.legend[c - 1].label);
    state.lastTooltip = {index: i, code: g.codes[i], text: tip.textContent};
    return lines;
  };

  Pane.prototype.unhover = function (layer) {
    if (this.hovered !== layer) return;
    if (this.outline) { this.map.removeLayer(this.outline); this.outline = null; }
    this.hovered = null;
    this.tooltip.style.display = "none";
  };

  Pane.prototype.renderLegend = function () {
    var box = this.legendBox, ly = this.layer;
    box.textContent = "";
    el("h2", "pv-legend-title", ly.title, box);
    if (ly.unitLong) el("div", "pv-legend-unit", ly.unitLong, box);
    el("div", "pv-legend-scheme", ly.schemeLabel, box);
    var tbl = el("table", "pv-legend-table", null, box);
    ly.legend.forEach(function (e) {
      var tr = el("tr", e.nodata ? "pv-nodata" : "", null, tbl);
      var sw = el("td", "pv-swatch-cell", null, tr);
      var s = el("span", "pv-swatch", null, sw);
      s.style.background = e.colour;
      el("td", "pv-legend-label", e.label, tr);
      el("td", "pv-legend-count", fixed(e.count, 0) + (e.count === 1 ? " area" : " areas"), tr);
    });
    if (box.parentNode && box.parentNode.className === "pv-pane") {  // two columns, read down
      tbl.style.gridAutoFlow = "column";
      tbl.style.gridTemplateRows = "repeat(" + Math.ceil(ly.legend.length / 2) + ", auto)";
    }
    (ly.notes || []).forEach(function (n) { el("p", "pv-note", n, box); });
    el("p", "pv-source-line", ly.sourceLine, box);
  };

  // ---------- the map as a table: every area of a pane, sortable by any column ----------
  // the rank of each value in this map (1 = highest; equal values share a rank), for layers without a
  // national rank
  function ranksInMap(values) {
    var idx = [], out = new Array(values.length);
    for (var i = 0; i < values.length; i++) { out[i] = null; if (values[i] !== null) idx.push(i); }
    idx.sort(function (a, b) { return values[b] - values[a]; });
    for (var r = 0; r < idx.length; r++) {
      var prev = r > 0 ? idx[r - 1] : -1;
      out[idx[r]] = (prev >= 0 && values[prev] === values[idx[r]]) ? out[prev] : r + 1;
    }
    return out;
  }

  // ``onPick(i)``: an area's name chosen (click, or Enter on it): show it on the map
  function dataTable(pane, parent, title, onPick) {
    var ly = pane.layer, d = pane.decoded, g = pane.current.geom, n = g.names.length;
    var rank = d.rank || ranksInMap(d.values);
    var rankLabel = d.rank ? "National rank (1 = " + ly.worseWord + ")"
                           : "Rank in this map (1 = highest; computed by placeviz)";
    var classOf = function (i) {
      var c = d.classes[i];
      if (d.covered && !d.covered[i]) return "not covered";
      return c > 0 && ly.legend[c - 1] ? ly.legend[c - 1].label : "no data";
    };
    var cols = [
      {label: "Area", text: function (i) { return g.names[i]; }},
      {label: "Code", text: function (i) { return g.codes[i]; }},
      {label: ly.label, text: function (i) { return formatValue(ly, d.values[i]); }, num: d.values, right: true},
      {label: rankLabel, text: function (i) { return rank[i] === null ? "" : fixed(rank[i], 0); }, num: rank, right: true},
      {label: "Map class", text: classOf, num: d.classes.map(function (c, i) {
        return c > 0 && !(d.covered && !d.covered[i]) ? c : null;  // no data and not covered sort last
      })}
    ];
    // the neighbourhood's name, as the tooltip gives it (House of Commons Library names), where the page has them
    if (g.hoods) cols.push({label: "Neighbourhood", text: function (i) { return g.hoods[i] || ""; }});
    var wrap = el("div", "pv-table-wrap", null, parent);
    var tbl = el("table", "pv-data-table", null, wrap);
    el("caption", null, title + " \u00b7 " + fixed(n, 0) + (n === 1 ? " area. " : " areas. ") + "Map classes: " +
       ly.schemeLabel + ". " + ly.sourceLine, tbl);
    var head = el("tr", null, null, el("thead", null, null, tbl)), ths = [];
    var body = el("tbody", null, null, tbl), rows = new Array(n);
    cols.forEach(function (col, k) {
      var th = el("th", col.right ? "pv-num" : null, null, head);
      th.scope = "col";
      var btn = el("button", "pv-sort", col.label, th);
      btn.type = "button";
      btn.addEventListener("click", function () {
        sortBy(k, th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
      });
      ths.push(th);
    });
    for (var i = 0; i < n; i++) {
      var tr = document.createElement("tr");
      for (var k = 0; k < cols.length; k++) {
        var td = document.createElement(k === 0 ? "th" : "td");
        if (k === 0) { td.scope = "row"; td.tabIndex = -1; td._pvIndex = i; }
        if (cols[k].right) td.className = "pv-num";
        td.textContent = cols[k].text(i);
        tr.appendChild(td);
      }
      rows[i] = tr;
    }
    // numbers sort as numbers with the missing ones last either way; names as people read them (001A < 010A)
    function sortBy(k, dir) {
      var col = cols[k], order = rows.map(function (r, i) { return i; });
      var texts = col.num ? null : order.map(col.text);
      order.sort(function (a, b) {
        if (col.num) {
          var va = col.num[a], vb = col.num[b];
          if (va === null || vb === null) return va === null ? (vb === null ? a - b : 1) : -1;
          return (va - vb) * dir || collator.compare(g.names[a], g.names[b]);
        }
        return collator.compare(texts[a], texts[b]) * dir || a - b;
      });
      var frag = document.createDocumentFragment();
      order.forEach(function (i) { frag.appendChild(rows[i]); });
      body.appendChild(frag);
      ths.forEach(function (th, j) {
        if (j === k) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      if (body.firstChild) rove(body.firstChild.firstChild, false);
    }
    // the area names are one Tab stop: the arrow keys move between them, Enter shows the area on the map
    var roving = null;
    function rove(cell, focus) {
      if (roving) roving.tabIndex = -1;
      roving = cell; cell.tabIndex = 0;
      if (focus) cell.focus();
    }
    body.addEventListener("keydown", function (e) {
      var cell = e.target, tr = cell.parentNode, to = null;
      if (cell._pvIndex === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowDown") to = tr.nextElementSibling;
      else if (e.key === "ArrowUp") to = tr.previousElementSibling;
      else if (e.key === "Home") to = body.firstChild;
      else if (e.key === "End") to = body.lastChild;
      else if (e.key === "Enter") { onPick(cell._pvIndex); e.preventDefault(); return; }
      else return;
      if (to) rove(to.firstChild, true);
      e.preventDefault();
    });
    body.addEventListener("click", function (e) {
      if (e.target._pvIndex !== undefined) onPick(e.target._pvIndex);
    });
    sortBy(0, 1);
    return tbl;
  }

  // ---------- page ----------
  function buildPage() {
    document.getElementById("pv-title").textContent = DATA.title;
    document.getElementById("pv-subtitle").textContent = DATA.subtitle;
    var mapsBox = document.getElementById("pv-maps"), side = document.getElementById("pv-side");
    var panes = [];
    DATA.panes.forEach(function (spec, idx) {
      var wrap = el("div", "pv-pane", null, mapsBox);
      if (DATA.panes.length > 1) el("div", "pv-pane-title", spec.heading, wrap);
      var mapDiv = el("div", "pv-map", null, wrap);
      mapDiv.id = "pv-map-" + idx;
      var legendBox = el("div", "pv-legend", null, DATA.panes.length > 1 ? wrap : side);
      legendBox.id = "pv-legend-" + idx;
      if (DATA.panes.length > 1) {  // a scrolling box below each compared map: reachable by Tab, named
        legendBox.tabIndex = 0;
        legendBox.setAttribute("role", "region");
        legendBox.setAttribute("aria-label", "Legend: " + spec.heading);
      }
      panes.push(new Pane(idx, spec, mapDiv, legendBox));
    });
    if (DATA.panes.length === 1 && DATA.panes[0].layers.length > 1) {
      var sw = el("fieldset", "pv-switcher", null, null);
      side.insertBefore(sw, side.firstChild);
      el("legend", null, "Layer", sw);
      DATA.panes[0].layers.forEach(function (ly, k) {
        var lab = el("label", "pv-switch", null, sw), inp = el("input", null, null, lab);
        inp.type = "radio"; inp.name = "pv-layer"; inp.value = String(k); inp.checked = k === 0;
        inp.addEventListener("change", function () {
          panes[0].showLayer(k); renderAbout(); document.getElementById("pv-subtitle").textContent = ly.subtitle;
        });
        el("span", null, " " + ly.title, lab);
      });
    }
    if (Object.keys(DATA.geoms).some(function (key) { return DATA.geoms[key].wardArcs || DATA.geoms[key].wardLines; })) {
      var wardSwitch = el("label", "pv-wards", null, side), wardBox = el("input", null, null, wardSwitch);
      wardBox.type = "checkbox"; wardBox.id = "pv-wards"; wardBox.checked = WARDS.on;
      el("span", null, " Ward outlines (May 2024, dashed)", wardSwitch);
      wardBox.addEventListener("change", function () {
        WARDS.on = wardBox.checked;
        panes.forEach(function (p) { p.showWards(WARDS.on); });
      });
    }
    var keys = el("p", "pv-keys", "Keyboard: Tab to the map, then the arrow keys move it, + and \u2212 zoom, " +
                  "N and P (or ] and [) step from area to area and read each one out, T shows the map as a table.", side);
    keys.id = "pv-keys";
    var about = el("div", "pv-about", null, side);
    about.id = "pv-about";
    function renderAbout() {
      about.textContent = "";
      var seen = {};
      panes.forEach(function (p) {
        var ly = p.spec.layers[p.layerIndex];
        if (seen[ly.id]) return; seen[ly.id] = true;
        el("h3", null, "About: " + ly.title, about);
        if (ly.description) el("p", null, ly.description, about);
        if (ly.caveats.length) {
          var ul = el("ul", "pv-caveats", null, about);
          ly.caveats.forEach(function (c) { el("li", null, c, ul); });
        }
        el("p", "pv-source", ly.sourceLine, about);
        el("p", "pv-licence", "Licence: " + ly.licence + (ly.licenceUrl ? " (" + ly.licenceUrl + ")" : ""), about);
        el("p", "pv-period", "Data period: " + ly.period + ". Areas: " + ly.geographyName + ".", about);
      });
      el("h3", null, "Boundaries", about);
      el("p", "pv-source", DATA.boundaries.attribution, about);
      if (DATA.boundaries.names) el("p", "pv-source", DATA.boundaries.names, about);
      if (DATA.boundaries.wards) el("p", "pv-licence", DATA.boundaries.wards, about);
      el("p", "pv-licence", DATA.boundaries.note, about);
      if (DATA.basemap) el("p", "pv-source", DATA.basemap.attribution, about);
      el("p", "pv-made", DATA.madeWith, about);
    }
    // legends first: below a compared map they take some of its height, which the fit must know
    panes.forEach(function (p) { p.layer = p.spec.layers[0]; p.renderLegend(); });
    // draw
    panes.forEach(function (p) {
      var g = geometry(p.spec.layers[0].geom);
      var box = function (e) {
        return L.latLngBounds([toLatLng(e[0], e[1]), toLatLng(e[2], e[3]), toLatLng(e[0], e[3]), toLatLng(e[2], e[1])]);
      };
      p.map.invalidateSize(false);
      // zoom levels are judged against the whole place; the first view is the exported extent, if any
      p.fitZoom = p.map.getBoundsZoom(box(g.bbox), false, L.point(16, 16));
      p.map.fitBounds(box(DATA.extent || g.bbox), {padding: [8, 8], animate: false});
      p.map.setMinZoom(Math.floor(Math.min(p.fitZoom, p.map.getZoom())) - 2);
      p.showLayer(0);
      p.detail = p.map.getZoom() >= p.fitZoom + 2;
      p.map.on("zoomend", function () { p.restyleForZoom(); p.placeLabels(); p.followKeyed(); });
      p.map.on("moveend", function () { p.placeLabels(); p.followKeyed(); });
    });
    renderAbout();
    // the map as a table, one button (or T on a map) away; built when first shown, again after a layer change
    var tablesBox = el("section", "pv-tables", null, null), header = document.querySelector("header.pv-header");
    tablesBox.id = "pv-tables"; tablesBox.hidden = true; tablesBox.tabIndex = -1;
    tablesBox.setAttribute("aria-label", "The map as a table");
    mapsBox.parentNode.insertBefore(tablesBox, mapsBox.nextSibling);
    var toggle = el("button", "pv-table-toggle", "Show as table", header);
    toggle.type = "button"; toggle.id = "pv-table-toggle";
    toggle.setAttribute("aria-controls", "pv-tables"); toggle.setAttribute("aria-expanded", "false");
    function showTable(on) {
      if (on) {
        var key = panes.map(function (p) { return p.layerIndex; }).join(",");
        if (tablesBox.getAttribute("data-layers") !== key) {
          tablesBox.textContent = "";
          el("h2", "pv-tables-title", "Every area, as a table", tablesBox);
          el("p", "pv-keys", "Choose an area's name to see it on the map; with the keyboard, Tab to the names, move " +
             "with the up and down arrows and press Enter. The column headings sort the table.", tablesBox);
          panes.forEach(function (p) {
            dataTable(p, tablesBox, (DATA.panes.length > 1 ? p.spec.heading + ": " : "") + p.layer.title,
                      function (i) { showTable(false); p.showArea(i); });
          });
          tablesBox.setAttribute("data-layers", key);
        }
      }
      tablesBox.hidden = !on; mapsBox.hidden = on;
      toggle.textContent = on ? "Show as map" : "Show as table";
      toggle.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) panes.forEach(function (p) { p.map.invalidateSize(false); });
    }
    toggle.addEventListener("click", function () { showTable(mapsBox.hidden === false); });
    panes.forEach(function (p) {
      p.onTableKey = function () { showTable(true); tablesBox.focus(); };
    });
    state.showTable = showTable;
    if (DATA.selection && DATA.selection.length) {
      panes.forEach(function (p) {
        var codes = {}; DATA.selection.forEach(function (c) { codes[c] = true; });
        var g = p.current.geom;
        p.selected = 0;
        g.codes.forEach(function (c, i) {
          if (codes[c]) p.selected++;
          if (codes[c]) L.polygon(g.feats[i], {renderer: p.renderer, fill: false, color: "#000", weight: 3,
                                              interactive: false}).addTo(p.map);
        });
      });
    }
    // synchronised views for comparisons: each map keeps its own first view (its own place, when two places
    // are compared) and follows the others' moves from there: the same pan, the same change of zoom. For one
    // place the first views are equal, so the maps show the same view.
    if (panes.length > 1) {
      var syncing = false;
      panes.forEach(function (p) { p.home = {c: p.map.getCenter(), z: p.map.getZoom()}; });
      panes.forEach(function (p) {
        p.map.on("move zoomend", function () {
          if (syncing) return; syncing = true;
          var c = p.map.getCenter(), dz = p.map.getZoom() - p.home.z;
          var dlat = c.lat - p.home.c.lat, dlng = c.lng - p.home.c.lng;
          panes.forEach(function (o) {
            if (o !== p) o.map.setView(L.latLng(o.home.c.lat + dlat, o.home.c.lng + dlng), o.home.z + dz, {animate: false});
          });
          syncing = false;
        });
      });
    }
    state.maps = panes.map(function (p) { return p.map; });
    state.panes = panes;
    state.featureCount = panes.reduce(function (s, p) { return s + p.current.layers.length; }, 0);
    state.countDrawn = function () {
      return panes.reduce(function (s, p) {
        return s + p.current.layers.filter(function (l) { return l._map && l._parts && l._parts.length > 0; }).length;
      }, 0);
    };
    state.pointOf = function (paneIndex, x, y) {  // container pixel of a BNG point
      var pn = panes[paneIndex], pt = pn.map.latLngToContainerPoint(toLatLng(x, y)), r = pn.map.getContainer().getBoundingClientRect();
      return {x: pt.x + r.left, y: pt.y + r.top};
    };
    state.showLayer = function (k) { panes[0].showLayer(k); renderAbout(); };
    state.zoomTo = function (paneIndex, x, y, dz) {  // centre a BNG point, dz levels closer than the fit
      var pn = panes[paneIndex];
      pn.map.setView(toLatLng(x, y), pn.fitZoom + dz, {animate: false});
      return pn.map.getZoom();
    };
    var afterDraw = function () {
      state.drawnCount = state.countDrawn();
      state.renderMs = ((window.performance && performance.now) ? performance.now() : 0) - t0;
      state.ready = true;
      document.documentElement.setAttribute("data-placeviz-ready", "1");
    };
    requestAnimationFrame(function () { requestAnimationFrame(afterDraw); });
  }
  try { buildPage(); } catch (err) {
    state.errors.push(String(err && err.stack || err));
    var box = document.getElementById("pv-maps");
    el("p", "pv-error", "This map could not be drawn: " + err, box);
    throw err;
  }
})();
