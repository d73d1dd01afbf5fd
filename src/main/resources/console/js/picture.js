// The shared picture: notices and restrictions with their volumes, from the hub's
// GET /liaison/v1/airspace (or the node's own picture), normalised for drawing.
import { api } from './api.js';
import { bbox, overlaps } from './geometry.js';
import { timeValue } from './util.js';

/** Reads an ASTM Volume4D into {shape, lower, upper, start, end, box}. */
export function readVolume(v4) {
  const vol = v4.volume || {};
  let shape;
  if (vol.outline_polygon) {
    shape = { type: 'polygon', pts: vol.outline_polygon.vertices.map((p) => [p.lat, p.lng]) };
  } else if (vol.outline_circle) {
    const c = vol.outline_circle;
    const r = c.radius.units === 'FT' ? c.radius.value * 0.3048 : c.radius.value;
    shape = { type: 'circle', center: [c.center.lat, c.center.lng], r };
  } else {
    return null;
  }
  const alt = (a, dflt) => (a && Number.isFinite(a.value) ? (a.units === 'FT' ? a.value * 0.3048 : a.value) : dflt);
  return {
    shape,
    box: bbox(shape),
    lower: alt(vol.altitude_lower, -Infinity),
    upper: alt(vol.altitude_upper, Infinity),
    start: Date.parse(timeValue(v4.time_start)),
    end: Date.parse(timeValue(v4.time_end)),
  };
}

/** One notice or restriction with its volumes. */
function readItem(raw, kind) {
  const item = {
    kind,
    id: raw.id,
    manager: raw.manager,
    state: raw.state || (kind === 'restriction' ? 'Restriction' : 'Accepted'),
    version: raw.version,
    availability: raw.uss_availability,
    baseUrl: raw.uss_base_url,
    start: Date.parse(timeValue(raw.time_start)),
    end: Date.parse(timeValue(raw.time_end)),
    raw,
  };
  item.volumes = (raw.extents || []).map(readVolume).filter(Boolean).map((v) => Object.assign(v, { owner: item }));
  return item;
}

/** The picture as a plain object: {items, volumes, fetched}. */
export function makePicture(body) {
  const items = [
    ...(body.restrictions || []).map((r) => readItem(r, 'restriction')),
    ...(body.notices || []).map((n) => readItem(n, 'notice')),
  ];
  return { items, volumes: items.flatMap((i) => i.volumes), fetched: Date.now() };
}

/**
 * The node's picture ({party, own: [plans], others: [{kind, id, manager, version, <kind>: ASTM
 * OperationalIntent or Constraint}]}) in the same form: the party's own plans, with their details,
 * and what other parties notified it of.
 */
export function makeNodePicture(body) {
  const items = [];
  for (const p of body.own || []) {
    const ref = p.reference || {};
    const item = readItem({ ...ref, id: p.id, manager: body.party, state: p.state, extents: p.volumes,
      time_start: ref.time_start, time_end: ref.time_end }, 'notice');
    item.details = { priority: p.priority, purpose: p.purpose, own: true, plan: p };
    items.push(fixSpan(item));
  }
  for (const o of body.others || []) {
    const doc = o[o.kind] || {};
    const kind = o.kind === 'constraint' ? 'restriction' : 'notice';
    const ref = doc.reference || {};
    const d = doc.details || {};
    const item = readItem({ ...ref, id: o.id, manager: o.manager, version: o.version, extents: d.volumes || [] }, kind);
    item.details = { priority: d.priority, offNominal: (d.off_nominal_volumes || []).length, type: d.type, received: o.received };
    items.push(fixSpan(item));
  }
  return { items, volumes: items.flatMap((i) => i.volumes), fetched: Date.now() };
}

/** An item's window from its volumes when its reference does not give one. */
function fixSpan(item) {
  if (!Number.isFinite(item.start) && item.volumes.length) item.start = Math.min(...item.volumes.map((v) => v.start));
  if (!Number.isFinite(item.end) && item.volumes.length) item.end = Math.max(...item.volumes.map((v) => v.end));
  return item;
}

export async function loadPicture(path = '/liaison/v1/airspace') {
  const body = await api(path);
  return body && (body.own || body.others) ? makeNodePicture(body) : makePicture(body);
}

/** Overlapping volume pairs at moment t (ms since epoch). */
export function overlapsAt(picture, t) {
  return overlaps(picture.volumes, t);
}

/**
 * Conflicts between items over all time: one entry per pair of items, with the union of their
 * overlapping windows and the volumes involved.
 */
export function conflicts(picture) {
  const byPair = new Map();
  for (const o of overlaps(picture.volumes, null)) {
    const [x, y] = o.a.owner.id < o.b.owner.id ? [o.a.owner, o.b.owner] : [o.b.owner, o.a.owner];
    const key = `${x.id}|${y.id}`;
    const c = byPair.get(key) || { a: x, b: y, windows: [] };
    c.windows.push([o.from, o.to]);
    byPair.set(key, c);
  }
  return [...byPair.values()];
}
