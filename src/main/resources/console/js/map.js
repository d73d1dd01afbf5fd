// Map view: the picture at one moment of the next 24 h, on the offline basemap.
import { overlapsAt } from './picture.js';
import { clear, fmtAlt, fmtTime, h, partyColor, shortId, swatch, announce, partyName } from './util.js';
import { describeItem } from './details.js';
import { attachTelemetry } from './telemetry.js';

const STEP_MIN = 5;
const SPAN_MIN = 24 * 60;

let app;
let map;
let layer;
let base;
let slider;
let timeLabel;
let playButton;
let playing = null;
let side;
let detailsBox;
let fitted = false;
let basemapLoaded = false;

export function mount(section, a) {
  app = a;
  base = Math.floor(Date.now() / (STEP_MIN * 60000)) * STEP_MIN * 60000;
  slider = h('input', { type: 'range', id: 'time-slider', min: 0, max: SPAN_MIN, step: STEP_MIN, value: 0,
    'aria-describedby': 'time-label' });
  timeLabel = h('output', { id: 'time-label', for: 'time-slider' });
  playButton = h('button', { type: 'button', id: 'play', 'aria-pressed': 'false' }, '▶ Play');
  const nowButton = h('button', { type: 'button', id: 'now' }, 'Now');
  slider.addEventListener('input', () => setMoment(base + Number(slider.value) * 60000));
  playButton.addEventListener('click', togglePlay);
  nowButton.addEventListener('click', () => { stopPlay(); slider.value = 0; setMoment(base); });
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region',
    'aria-label': 'Map of notices and restrictions. Arrow keys pan, plus and minus zoom. The list beside it names everything shown.' });
  side = h('div', { id: 'map-list' });
  detailsBox = h('div', { id: 'details', class: 'details', 'aria-live': 'polite' });
  section.append(
    h('h2', { id: 'map-title', class: 'visually-hidden', tabindex: '-1' }, 'Map'),
    h('div', { class: 'map-layout' },
      h('div', { class: 'map-main' },
        h('div', { class: 'time-controls', role: 'group', 'aria-label': 'Moment shown' },
          playButton, h('label', { for: 'time-slider', class: 'visually-hidden' }, 'Moment within the next 24 hours'),
          slider, timeLabel, nowButton),
        mapEl,
        legend()),
      h('aside', { class: 'map-side', 'aria-label': 'What the map shows' }, side, detailsBox)));

  map = L.map(mapEl, { preferCanvas: false, worldCopyJump: true, zoomSnap: 0.5, attributionControl: true })
    .setView([30, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Basemap: Natural Earth (public domain)');
  layer = L.layerGroup().addTo(map);
  if (app.config.role === 'node') attachTelemetry(app, map, mapEl);
  loadBasemap();
  app.on('picture', () => draw());
  app.on('select', () => { draw(); renderDetails(); });
  setMoment(base);
}

export function show() {
  // The container may have been hidden at creation or resized since.
  setTimeout(() => map.invalidateSize(), 0);
}

export function hide() {
  stopPlay();
}

async function loadBasemap() {
  const renderer = L.canvas({ padding: 0.5 });
  try {
    const geo = await fetch('basemap/countries-50m.geojson').then((r) => r.json());
    L.geoJSON(geo, {
      renderer,
      interactive: false,
      smoothFactor: 1.5,
      style: { color: '#8d8d8d', weight: 0.6, fillColor: '#efece4', fillOpacity: 1 },
    }).addTo(map).bringToBack();
    basemapLoaded = true;
    document.body.dataset.basemap = 'ready';
    performance.mark('liaison-basemap-ready');
  } catch (e) {
    document.body.dataset.basemap = 'failed';
    app.alert(`The basemap could not be loaded: ${e.message}`, 'warn', 'basemap');
  }
}

function legend() {
  const item = (cls, text) => h('li', {}, h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }), text);
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    item('key-accepted', 'Accepted notice (party colour)'),
    item('key-activated', 'Activated'),
    item('key-offnominal', 'Nonconforming / Contingent'),
    item('key-restriction', 'Restriction'),
    item('key-overlap', 'Overlap at this moment'));
}

function togglePlay() {
  if (playing) { stopPlay(); return; }
  playButton.textContent = '❚❚ Pause';
  playButton.setAttribute('aria-pressed', 'true');
  playing = setInterval(() => {
    let v = Number(slider.value) + 10;
    if (v > SPAN_MIN) v = 0;
    slider.value = v;
    setMoment(base + v * 60000);
  }, 250);
}

function stopPlay() {
  if (!playing) return;
  clearInterval(playing);
  playing = null;
  playButton.textContent = '▶ Play';
  playButton.setAttribute('aria-pressed', 'false');
}

function setMoment(t) {
  app.t = t;
  const ahead = Math.round((t - Date.now()) / 60000);
  timeLabel.textContent = `${fmtTime(t, true)} ${ahead <= 0 ? '(now)' : `(in ${Math.floor(ahead / 60)} h ${String(ahead % 60).padStart(2, '0')} min)`}`;
  draw();
  app.emit('moment', t);
}

function styleOf(item, overlapping, selected) {
  const color = item.kind === 'restriction' ? '#3d3d3d' : partyColor(item.manager);
  const s = { color, weight: 2, opacity: 0.95, fillColor: color, fillOpacity: 0.22 };
  if (item.kind === 'restriction') Object.assign(s, { dashArray: '6 4', fillColor: '#6d6d6d', fillOpacity: 0.18 });
  if (item.state === 'Activated') Object.assign(s, { fillOpacity: 0.42, weight: 2.5 });
  if (item.state === 'Nonconforming' || item.state === 'Contingent') Object.assign(s, { dashArray: '2 4', weight: 3 });
  if (overlapping) Object.assign(s, { color: '#d00000', weight: 3.5, dashArray: null });
  if (selected) Object.assign(s, { weight: 5, opacity: 1 });
  return s;
}

/**
 * A volume's tooltip as DOM nodes: Leaflet puts a string into the page as HTML, and the party id
 * is another party's choice.
 */
function tooltipContent(item, v) {
  return h('div', { class: 'vol-tip-text' },
    h('div', {}, `${item.kind === 'restriction' ? 'Restriction' : 'Notice'} ${shortId(item.id)} · `, partyName(item.manager), ` · ${item.state}`),
    h('div', {}, `Altitude ${fmtAlt(v.lower)} to ${fmtAlt(v.upper)}`),
    h('div', {}, `${fmtTime(v.start, true)} – ${fmtTime(v.end, true)}`));
}

function draw() {
  if (!map) return;
  layer.clearLayers();
  const pic = app.picture;
  clear(side);
  if (app.pictureError) {
    side.append(h('p', { class: 'alert alert-danger' }, `The picture could not be loaded: ${app.pictureError.message}`));
    return;
  }
  if (!pic) { side.append(h('p', { class: 'muted' }, 'Loading the picture…')); return; }
  const t = app.t;
  const active = pic.volumes.filter((v) => v.start <= t && t < v.end);
  const pairs = overlapsAt(pic, t);
  const hot = new Set(pairs.flatMap((p) => [p.a, p.b]));
  const hotItems = new Set([...hot].map((v) => v.owner));
  for (const v of active) {
    const item = v.owner;
    const style = styleOf(item, hot.has(v), app.selected === item.id);
    const shape = v.shape.type === 'polygon'
      ? L.polygon(v.shape.pts, style)
      : L.circle(v.shape.center, { ...style, radius: v.shape.r });
    shape.bindTooltip(() => tooltipContent(item, v), { sticky: true, className: 'vol-tip' });
    shape.on('click', () => select(item.id));
    shape.addTo(layer);
  }
  if (!fitted && pic.volumes.length) {
    const bounds = L.latLngBounds(pic.volumes.flatMap((v) => [[v.box[0], v.box[1]], [v.box[2], v.box[3]]]));
    map.fitBounds(bounds.pad(0.3), { maxZoom: 11 });
    fitted = true;
  }
  const items = [...new Set(active.map((v) => v.owner))];
  const notices = items.filter((i) => i.kind === 'notice').length;
  document.getElementById('map').dataset.volumes = String(active.length);
  document.getElementById('map').dataset.overlaps = String(pairs.length);
  side.append(h('h3', { id: 'map-summary' },
    `At ${fmtTime(t)}: ${notices} notice${notices === 1 ? '' : 's'}, ${items.length - notices} restriction${items.length - notices === 1 ? '' : 's'}, `,
    h('span', { class: pairs.length ? 'danger' : '' }, `${pairs.length} overlap${pairs.length === 1 ? '' : 's'}`)));
  if (pairs.length) {
    const seen = new Set();
    const ul = h('ul', { class: 'overlaps', 'aria-label': 'Overlaps at this moment' });
    for (const p of pairs) {
      const key = [p.a.owner.id, p.b.owner.id].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      ul.append(h('li', {}, '⚠ ', label(p.a.owner), ' overlaps ', label(p.b.owner),
        ` at ${fmtAlt(Math.max(p.a.lower, p.b.lower))}–${fmtAlt(Math.min(p.a.upper, p.b.upper))}`));
    }
    side.append(ul);
  }
  const list = h('ul', { class: 'item-list', 'aria-label': 'Notices and restrictions at this moment' });
  for (const item of items.sort((a, b) => a.manager.localeCompare(b.manager) || a.start - b.start)) {
    list.append(h('li', {}, h('button', { type: 'button', class: `item-button${hotItems.has(item) ? ' hot' : ''}`,
      'aria-pressed': String(app.selected === item.id), dataset: { id: item.id }, onclick: () => select(item.id) },
    swatch(item.kind === 'restriction' ? '#6d6d6d' : partyColor(item.manager)),
    `${item.kind === 'restriction' ? 'Restriction' : 'Notice'} ${shortId(item.id)} · `, partyName(item.manager), ` · ${item.state}`,
    hotItems.has(item) ? h('span', { class: 'visually-hidden' }, ' (overlaps)') : null)));
  }
  if (!items.length) list.append(h('li', { class: 'muted' }, 'Nothing declared at this moment.'));
  side.append(list);
  if (!document.body.dataset.mapReady) {
    document.body.dataset.mapReady = '1';
    performance.mark('liaison-map-ready');
  }
  announce(`${active.length} volumes at ${fmtTime(t)}, ${pairs.length} overlaps`);
}

function label(item) {
  return h('button', { type: 'button', class: 'link', onclick: () => select(item.id) }, partyName(item.manager), ` ${shortId(item.id)}`);
}

function select(id) {
  app.selected = app.selected === id ? null : id;
  app.emit('select', app.selected);
}

function renderDetails() {
  clear(detailsBox);
  const item = app.picture && app.picture.items.find((i) => i.id === app.selected);
  if (!item) return;
  detailsBox.append(describeItem(app, item));
  const vols = item.volumes;
  if (vols.length && map) {
    const bounds = L.latLngBounds(vols.flatMap((v) => [[v.box[0], v.box[1]], [v.box[2], v.box[3]]]));
    if (!map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(0.5), { maxZoom: 11 });
  }
}
