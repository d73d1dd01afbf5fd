// The node map's telemetry layer: the positions other parties' nodes served for their off-nominal
// operations (and this party's own position reports), each as a track with its latest position
// marked. Every string from the server reaches the page as text (DOM nodes), never as markup.
import { api } from './api.js';
import { clear, fmtAlt, fmtTime, h, partyColor, shortId } from './util.js';

const REFRESH_MS = 5000;

/** Adds the layer and its list to a Leaflet map of a node's console. */
export function attachTelemetry(app, map, mapEl) {
  const layer = L.layerGroup().addTo(map);
  const list = h('ul', { id: 'telemetry-list', class: 'item-list', 'aria-label': 'Reported positions' });
  const box = h('div', { id: 'telemetry', class: 'telemetry-box', hidden: true },
    h('strong', {}, 'Reported positions'), list);
  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
  let fitted = false;
  let pending = null;

  async function refresh() {
    try {
      const body = await api('/liaison/v1/telemetry');
      draw((body && body.tracks) || []);
      delete mapEl.dataset.telemetryError;
    } catch (e) {
      mapEl.dataset.telemetryError = e.message;
    }
  }

  function draw(tracks) {
    layer.clearLayers();
    clear(list);
    let points = 0;
    const drawn = [];
    for (const t of tracks) {
      const positions = (t.positions || []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lng));
      if (!positions.length) continue;
      const latlngs = positions.map((p) => [p.lat, p.lng]);
      const last = positions[positions.length - 1];
      const color = partyColor(t.manager);
      points += positions.length;
      drawn.push(...latlngs);
      L.polyline(latlngs, { color, weight: 3, opacity: 0.9, dashArray: t.own ? null : '2 6', className: 'telemetry-track' })
        .bindTooltip(tip(t, last, positions.length), { sticky: true, className: 'vol-tip' })
        .addTo(layer);
      L.circleMarker(latlngs[latlngs.length - 1], { radius: 6, color: '#000', weight: 1.5, fillColor: color, fillOpacity: 1,
        className: 'telemetry-latest' })
        .bindTooltip(tip(t, last, positions.length), { className: 'vol-tip' })
        .addTo(layer);
      list.append(h('li', { dataset: { id: String(t.id) } },
        h('span', { class: 'swatch', style: `background:${color}`, 'aria-hidden': 'true' }),
        `${t.own ? 'Own' : t.manager} ${shortId(t.id)} · ${t.state} · ${positions.length} position${positions.length === 1 ? '' : 's'}, `
          + `latest ${fmtTime(last.time, true)} at ${last.lat.toFixed(4)}, ${last.lng.toFixed(4)}`));
    }
    box.hidden = list.childElementCount === 0;
    mapEl.dataset.telemetryTracks = String(list.childElementCount);
    mapEl.dataset.telemetryPoints = String(points);
    if (!fitted && drawn.length && tracks.some((t) => !t.own)) {
      map.fitBounds(L.latLngBounds(drawn).pad(0.5), { maxZoom: 13 });
      fitted = true;
    }
  }

  app.on('live', (ev) => {
    if (ev.type !== 'telemetry' || pending) return;
    pending = setTimeout(() => { pending = null; refresh(); }, 250);
  });
  setInterval(refresh, REFRESH_MS);
  refresh();
}

function tip(t, last, n) {
  return h('div', {},
    h('div', {}, `${t.own ? 'Own aircraft' : `Aircraft of ${t.manager}`} · ${t.state}`),
    h('div', {}, `Operation ${shortId(t.id)} · ${n} position${n === 1 ? '' : 's'}`),
    h('div', {}, `Latest ${fmtTime(last.time, true)}${Number.isFinite(last.alt_m) ? ` at ${fmtAlt(last.alt_m)}` : ''}`
      + `${Number.isFinite(last.speed_mps) ? `, ${last.speed_mps} m/s` : ''}`));
}
