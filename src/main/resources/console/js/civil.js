// The civil view: only what the hub publishes for civil aviation (/public/v1), on a map and as
// NOTAM text, as the civil aviation authority's operators and airlines see it. Every string from
// the server goes into the page as text nodes, never as markup.
import { clear, fmtTime, h } from './util.js';

const REFRESH_MS = 30000;
let map;
let layer;
let list;
let notams;
let status;
let timer;

export function mount(section) {
  status = h('p', { class: 'muted', role: 'status' }, 'Loading the published danger areas…');
  list = h('div', { id: 'civil-list' });
  notams = h('pre', { id: 'civil-notams', class: 'small', tabindex: '0', 'aria-label': 'NOTAM text' });
  const mapEl = h('div', { id: 'civil-map', class: 'map', role: 'region',
    'aria-label': 'Map of the published danger areas. The list beside it names every area.' });
  section.append(
    h('h2', { id: 'civil-title', tabindex: '-1' }, 'Civil view'),
    h('p', { class: 'muted' }, 'What civil aviation receives: danger areas padded and rounded so that no party\'s operation can be recovered, with no party, purpose or priority.'),
    status,
    h('div', { class: 'map-layout' },
      h('div', { class: 'map-main' }, mapEl),
      h('aside', { class: 'map-side', 'aria-label': 'Published danger areas' }, list)),
    h('h3', {}, 'NOTAM'),
    notams);
  map = L.map(mapEl, { zoomSnap: 0.5, attributionControl: true }).setView([33, 36], 6);
  map.attributionControl.setPrefix(false);
  layer = L.layerGroup().addTo(map);
  fetch('basemap/countries-50m.geojson').then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, { renderer: L.canvas({ padding: 0.5 }), interactive: false, style: { color: '#8d8d8d', weight: 0.6, fillColor: '#efece4', fillOpacity: 1 } })
      .addTo(map).bringToBack();
  }).catch(() => {});
}

export function show() {
  setTimeout(() => map.invalidateSize(), 0);
  load();
  timer = setInterval(load, REFRESH_MS);
}

export function hide() {
  clearInterval(timer);
}

async function load() {
  try {
    const [geo, text] = await Promise.all([
      fetch('/public/v1/danger-areas.geojson'), fetch('/public/v1/notams.txt')]);
    if (geo.status === 404) {
      status.textContent = 'This server does not publish danger areas (a hub publishes them when started with --publish).';
      return;
    }
    if (!geo.ok || !text.ok) {
      status.textContent = `The publication could not be read (HTTP ${geo.ok ? text.status : geo.status}).`;
      return;
    }
    draw(await geo.json());
    notams.textContent = await text.text();
  } catch (e) {
    status.textContent = `The publication could not be read: ${e.message}`;
  }
}

function limit(value, reference) {
  if (reference === 'SFC') return 'SFC';
  if (reference === 'UNL') return 'UNL';
  return `${value} ft AMSL`;
}

function draw(fc) {
  layer.clearLayers();
  clear(list);
  const features = Array.isArray(fc.features) ? fc.features : [];
  status.textContent = `${features.length} danger area${features.length === 1 ? '' : 's'} published.`;
  const rows = [];
  const bounds = [];
  for (const f of features) {
    const p = f.properties || {};
    const ring = (f.geometry && f.geometry.coordinates && f.geometry.coordinates[0]) || [];
    const latlngs = ring.map((c) => [Number(c[1]), Number(c[0])]).filter((c) => c.every(Number.isFinite));
    const label = `${p.id}: ${limit(p.lower_value, p.lower_reference)} – ${limit(p.upper_value, p.upper_reference)}, ${fmtTime(p.start, true)} – ${fmtTime(p.end, true)}`;
    if (latlngs.length > 2) {
      // A DOM node, not a string: Leaflet would parse a string as HTML.
      L.polygon(latlngs, { color: '#b3261e', weight: 2, fillOpacity: 0.15, className: 'danger-area' }).bindTooltip(h('span', {}, label)).addTo(layer);
      bounds.push(...latlngs);
    }
    rows.push(h('tr', {},
      h('td', {}, h('code', {}, String(p.id))),
      h('td', {}, String(p.notam || '')),
      h('td', {}, limit(p.lower_value, p.lower_reference)),
      h('td', {}, limit(p.upper_value, p.upper_reference)),
      h('td', {}, `${fmtTime(p.start, true)} – ${fmtTime(p.end, true)}`)));
  }
  list.append(h('table', { class: 'small' },
    h('caption', {}, 'Danger areas'),
    h('thead', {}, h('tr', {}, ['Area', 'NOTAM', 'Lower', 'Upper', 'Active'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
  if (bounds.length) map.fitBounds(bounds, { padding: [20, 20] });
}
