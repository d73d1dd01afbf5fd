// Plan view (node only): draw a polygon or circle, or import GeoJSON, give altitude and time,
// submit to the node's POST /liaison/v1/plans; show conflicts and the suggested slot, and accept it.
import { api, ApiError, NotAvailable } from './api.js';
import { clear, fmtAlt, fmtTime, h, partyColor, shortId, swatch, partyName } from './util.js';

let app;
let map;
let drawn;
let els;
let outcome;

const pad = (n) => String(n).padStart(2, '0');
const localUtc = (t) => { const d = new Date(t); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; };

export function mount(section, a) {
  app = a;
  const start = Math.ceil((Date.now() + 15 * 60000) / 300000) * 300000;
  els = {
    shapePolygon: h('input', { type: 'radio', name: 'shape', id: 'shape-polygon', value: 'polygon', checked: true }),
    shapeCircle: h('input', { type: 'radio', name: 'shape', id: 'shape-circle', value: 'circle' }),
    vertices: h('textarea', { id: 'plan-vertices', rows: 5, spellcheck: 'false', placeholder: '56.30, 16.40\n56.30, 16.60\n56.40, 16.60',
      'aria-describedby': 'vertices-help' }),
    centre: h('input', { id: 'plan-centre', placeholder: '56.31, 16.52', spellcheck: 'false' }),
    radius: h('input', { id: 'plan-radius', type: 'number', min: 1, step: 1, value: 2000 }),
    lower: h('input', { id: 'plan-lower', type: 'number', step: 1, value: 0 }),
    upper: h('input', { id: 'plan-upper', type: 'number', step: 1, value: 300 }),
    start: h('input', { id: 'plan-start', type: 'datetime-local', value: localUtc(start) }),
    minutes: h('input', { id: 'plan-minutes', type: 'number', min: 1, max: 1440, value: 60 }),
    priority: h('input', { id: 'plan-priority', type: 'number', min: 0, max: 100, value: 0 }),
    purpose: h('input', { id: 'plan-purpose', maxlength: 500, placeholder: 'stays on this node' }),
    geojson: h('textarea', { id: 'plan-geojson', rows: 3, spellcheck: 'false', placeholder: '{"type":"Polygon","coordinates":[[[11.5,48.1],…]]}' }),
    file: h('input', { id: 'plan-file', type: 'file', accept: '.json,.geojson,application/geo+json,application/json' }),
  };
  outcome = h('div', { id: 'plan-outcome', 'aria-live': 'polite' });
  const mapEl = h('div', { id: 'plan-map', class: 'plan-map', role: 'region',
    'aria-label': 'Drawing map: click to add a polygon vertex, or to place the circle centre. The fields beside it do the same by keyboard.' });
  const form = h('form', { id: 'plan-form', class: 'grid-form' },
    h('fieldset', { class: 'span2' }, h('legend', {}, 'Outline'),
      els.shapePolygon, h('label', { for: 'shape-polygon' }, 'Polygon'), ' ', els.shapeCircle, h('label', { for: 'shape-circle' }, 'Circle')),
    h('label', { for: 'plan-vertices', class: 'poly-only' }, 'Polygon vertices (lat, lng per line)'), els.vertices,
    h('p', { id: 'vertices-help', class: 'muted small span2 poly-only' }, 'Click the map to add vertices; at least three.'),
    h('label', { for: 'plan-centre', class: 'circle-only' }, 'Circle centre (lat, lng)'), els.centre,
    h('label', { for: 'plan-radius', class: 'circle-only' }, 'Radius (m)'), els.radius,
    h('label', { for: 'plan-lower' }, 'Altitude from (m, WGS84)'), els.lower,
    h('label', { for: 'plan-upper' }, 'Altitude to (m)'), els.upper,
    h('label', { for: 'plan-start' }, 'Start (UTC)'), els.start,
    h('label', { for: 'plan-minutes' }, 'Duration (min)'), els.minutes,
    h('label', { for: 'plan-priority' }, 'Priority'), els.priority,
    h('label', { for: 'plan-purpose' }, 'Purpose (private)'), els.purpose,
    h('details', { class: 'span2' }, h('summary', {}, 'Import GeoJSON'),
      h('label', { for: 'plan-geojson' }, 'GeoJSON Polygon, or Point with properties.radius'), els.geojson,
      h('label', { for: 'plan-file' }, 'or a file'), els.file,
      h('button', { type: 'button', id: 'plan-import', onclick: importGeojson }, 'Import')),
    h('div', { class: 'span2 row' }, h('button', { type: 'submit', id: 'plan-submit' }, 'Submit plan'),
      h('button', { type: 'button', id: 'plan-clear', onclick: () => { els.vertices.value = ''; els.centre.value = ''; redraw(false); } }, 'Clear outline')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    redraw(true);
    try {
      submit(readForm());
    } catch (err) {
      showOutcome(h('p', { class: 'alert alert-warn' }, `Check the outline: ${err.message}`));
    }
  });
  for (const el of [els.vertices, els.centre, els.radius]) el.addEventListener('input', () => redraw(false));
  for (const el of [els.shapeCircle, els.shapePolygon]) el.addEventListener('change', () => { shapeFields(); redraw(true); });
  els.centre.addEventListener('change', () => redraw(true));
  els.vertices.addEventListener('change', () => redraw(true));
  els.centre.classList.add('circle-only');
  els.radius.classList.add('circle-only');
  els.vertices.classList.add('poly-only');
  els.file.addEventListener('change', async () => { if (els.file.files[0]) { els.geojson.value = await els.file.files[0].text(); importGeojson(); } });
  section.append(h('h2', { id: 'plan-title', tabindex: '-1' }, 'Plan an operation'),
    h('div', { class: 'plan-layout' }, h('div', {}, mapEl, outcome), form));
  shapeFields();
  map = L.map(mapEl, { zoomSnap: 0.5 }).setView([30, 10], 2);
  map.attributionControl.setPrefix(false);
  fetch('basemap/countries-50m.geojson').then((r) => r.json()).then((g) => L.geoJSON(g, { renderer: L.canvas(), interactive: false,
    style: { color: '#8d8d8d', weight: 0.6, fillColor: '#efece4', fillOpacity: 1 } }).addTo(map).bringToBack());
  drawn = L.layerGroup().addTo(map);
  map.on('click', (e) => {
    const ll = `${e.latlng.lat.toFixed(5)}, ${e.latlng.lng.toFixed(5)}`;
    if (els.shapeCircle.checked) els.centre.value = ll;
    else els.vertices.value = `${els.vertices.value.trim()}\n${ll}`.trim();
    redraw(false);
  });
  app.on('picture', drawOthers);
}

export function show() {
  setTimeout(() => {
    map.invalidateSize();
    drawOthers();
    if (!fitted && app.picture && app.picture.volumes.length) {
      const v = app.picture.volumes;
      map.fitBounds(L.latLngBounds(v.flatMap((x) => [[x.box[0], x.box[1]], [x.box[2], x.box[3]]])).pad(0.5), { maxZoom: 10 });
      fitted = true;
    }
  }, 0);
}

let fitted = false;

/** Shows the fields of the chosen outline only. */
function shapeFields() {
  const circle = els.shapeCircle.checked;
  document.querySelectorAll('#plan-form .circle-only').forEach((el) => { el.hidden = !circle; });
  document.querySelectorAll('#plan-form .poly-only').forEach((el) => { el.hidden = circle; });
}

let others;
function drawOthers() {
  if (!map || !app.picture) return;
  if (others) others.remove();
  others = L.layerGroup().addTo(map);
  for (const v of app.picture.volumes) {
    if (v.end < Date.now()) continue;
    const style = { color: partyColor(v.owner.manager), weight: 1, fillOpacity: 0.1, interactive: false };
    (v.shape.type === 'polygon' ? L.polygon(v.shape.pts, style) : L.circle(v.shape.center, { ...style, radius: v.shape.r })).addTo(others);
  }
}

function parsePoints(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [lat, lng] = l.split(/[,\s]+/).map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) throw new Error(`"${l}" is not "lat, lng"`);
    return [lat, lng];
  });
}

/** Draws the outline as typed; with fit, also brings it into view. */
function redraw(fit = false) {
  drawn.clearLayers();
  try {
    if (els.shapeCircle.checked) {
      const [c] = parsePoints(els.centre.value);
      if (c) L.circle(c, { radius: Number(els.radius.value) || 1, color: '#111', dashArray: '4 3' }).addTo(drawn);
    } else {
      const pts = parsePoints(els.vertices.value);
      if (pts.length >= 2) L.polygon(pts, { color: '#111', dashArray: '4 3' }).addTo(drawn);
      pts.forEach((p) => L.circleMarker(p, { radius: 3, color: '#111' }).addTo(drawn));
    }
  } catch {
    // half-typed input: draw nothing until it parses
  }
  const layers = drawn.getLayers();
  if (fit && layers.length) {
    const b = L.featureGroup(layers).getBounds();
    if (b.isValid() && (!map.getBounds().contains(b) || map.getZoom() < 7)) map.fitBounds(b.pad(1.5), { maxZoom: 11 });
    fitted = true;
  }
}

function importGeojson() {
  try {
    let g = JSON.parse(els.geojson.value);
    if (g.type === 'FeatureCollection') g = g.features[0];
    const props = g.type === 'Feature' ? g.properties || {} : {};
    const geom = g.type === 'Feature' ? g.geometry : g;
    if (geom.type === 'Polygon') {
      const ring = geom.coordinates[0].slice(0, -1);
      els.shapePolygon.checked = true;
      els.vertices.value = ring.map(([lng, lat]) => `${lat}, ${lng}`).join('\n');
    } else if (geom.type === 'Point') {
      els.shapeCircle.checked = true;
      els.centre.value = `${geom.coordinates[1]}, ${geom.coordinates[0]}`;
      if (props.radius) els.radius.value = props.radius;
    } else {
      throw new Error(`${geom.type} is not supported; use a Polygon or a Point with properties.radius`);
    }
    shapeFields();
    redraw(true);
  } catch (e) {
    showOutcome(h('p', { class: 'alert alert-warn' }, `GeoJSON not imported: ${e.message}`));
  }
}

function readForm() {
  const start = Date.parse(`${els.start.value}Z`);
  const end = start + Number(els.minutes.value) * 60000;
  const volume = {};
  if (els.shapeCircle.checked) {
    const [c] = parsePoints(els.centre.value);
    if (!c) throw new Error('give the circle centre as "lat, lng"');
    volume.outline_circle = { center: { lat: c[0], lng: c[1] }, radius: { value: Number(els.radius.value), units: 'M' } };
  } else {
    const pts = parsePoints(els.vertices.value);
    if (pts.length < 3) throw new Error(`a polygon needs at least three vertices, got ${pts.length}`);
    volume.outline_polygon = { vertices: pts.map(([lat, lng]) => ({ lat, lng })) };
  }
  volume.altitude_lower = { value: Number(els.lower.value), reference: 'W84', units: 'M' };
  volume.altitude_upper = { value: Number(els.upper.value), reference: 'W84', units: 'M' };
  return {
    volumes: [{ volume, time_start: { value: new Date(start).toISOString(), format: 'RFC3339' },
      time_end: { value: new Date(end).toISOString(), format: 'RFC3339' } }],
    priority: Number(els.priority.value),
    purpose: els.purpose.value,
    suggest: true,
  };
}

function showOutcome(...nodes) {
  clear(outcome).append(...nodes);
}

async function submit(body) {
  showOutcome(h('p', {}, 'Submitting…'));
  try {
    const r = await api('/liaison/v1/plans', { method: 'POST', body });
    const plan = r.plan || r;
    const notes = (r.conflicts || []).length ? ` ${r.conflicts.length} allowed conflict(s): ${r.conflicts.map((c) => c.summary).join('; ')}` : '';
    showOutcome(h('p', { class: 'alert alert-ok', id: 'plan-accepted' },
      `Declared: plan ${shortId(plan.id)} is ${plan.state || 'Accepted'}. ${r.message || ''}${notes}`));
    app.refreshPicture();
  } catch (e) {
    if (e instanceof NotAvailable) {
      showOutcome(h('p', { class: 'alert alert-info' }, 'Planning is not available on this server (no /liaison/v1/plans here).'));
    } else if (e instanceof ApiError && e.body && e.body.result === 'refused') {
      showConflicts(e.body);
    } else {
      showOutcome(h('p', { class: 'alert alert-danger' }, `Not declared: ${e.message}`));
    }
  }
}

/** A refused plan: what blocks it and by how much, and the node's suggested slots. */
function showConflicts(body) {
  const cs = body.conflicts || [];
  const s = body.suggestions || {};
  const nodes = [h('p', { class: 'alert alert-danger', id: 'plan-conflict' }, body.message || `The plan conflicts with ${cs.length} operation(s).`),
    h('ul', { class: 'conflicts', id: 'plan-conflicts' }, cs.map((c) => h('li', { class: c.blocking ? 'danger' : '' },
      swatch(partyColor(c.manager)),
      c.summary || [`${c.kind} ${shortId(c.id)} of `, partyName(c.manager)])))];
  const offers = [];
  if (s.time) {
    offers.push(h('li', {}, `Start ${fmtShift(s.time.shift_s)}: ${fmtTime(s.time.time_start, true)} – ${fmtTime(s.time.time_end, true)} `,
      h('button', { type: 'button', id: 'accept-time', class: 'accept-suggestion', onclick: () => submit(s.time.plan) }, 'Accept this slot')));
  }
  if (s.time_earlier) {
    offers.push(h('li', {}, `Start ${fmtShift(s.time_earlier.shift_s)}: ${fmtTime(s.time_earlier.time_start, true)} – ${fmtTime(s.time_earlier.time_end, true)} `,
      h('button', { type: 'button', id: 'accept-earlier', class: 'accept-suggestion', onclick: () => submit(s.time_earlier.plan) }, 'Accept this slot')));
  }
  if (s.altitude) {
    offers.push(h('li', {}, `Fly ${fmtAlt(s.altitude.altitude_lower_m)} to ${fmtAlt(s.altitude.altitude_upper_m)} (${s.altitude.shift_m > 0 ? '+' : ''}${Math.round(s.altitude.shift_m)} m) `,
      h('button', { type: 'button', id: 'accept-altitude', class: 'accept-suggestion', onclick: () => submit(s.altitude.plan) }, 'Accept this band')));
  }
  if (offers.length) {
    nodes.push(h('h3', {}, 'Suggested slots'), h('ul', { id: 'suggestions' }, offers));
  } else {
    nodes.push(h('p', { class: 'muted' }, 'No conflict-free slot was found within the limits.'));
  }
  for (const n of s.notes || []) nodes.push(h('p', { class: 'muted small' }, n));
  showOutcome(...nodes);
}

function fmtShift(seconds) {
  const m = Math.round(Math.abs(seconds) / 60);
  const text = m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
  return seconds >= 0 ? `${text} later` : `${text} earlier`;
}
