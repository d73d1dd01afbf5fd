// Plane geometry for overlap tests between 4D volumes, in a local equirectangular projection
// (metres east and north of a reference point). Good to a few metres over the few tens of
// kilometres that notices span; the hub and node do the exact checks, this only highlights.

const R = 6371008.8;
const RAD = Math.PI / 180;

/** Projects [lat, lng] to [x, y] metres around refLat. */
function project([lat, lng], refLat) {
  return [lng * RAD * R * Math.cos(refLat * RAD), lat * RAD * R];
}

function pointInPolygon([x, y], poly) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function cross(o, a, b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsIntersect(p1, p2, p3, p4) {
  const d1 = cross(p3, p4, p1);
  const d2 = cross(p3, p4, p2);
  const d3 = cross(p1, p2, p3);
  const d4 = cross(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (a, b, c) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0])
    && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (d1 === 0 && on(p3, p4, p1)) || (d2 === 0 && on(p3, p4, p2))
    || (d3 === 0 && on(p1, p2, p3)) || (d4 === 0 && on(p1, p2, p4));
}

function distPointSegment(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function polygonsIntersect(a, b) {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (segmentsIntersect(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length])) return true;
    }
  }
  return pointInPolygon(a[0], b) || pointInPolygon(b[0], a);
}

function circlePolygon(c, r, poly) {
  if (pointInPolygon(c, poly)) return true;
  for (let i = 0; i < poly.length; i++) {
    if (distPointSegment(c, poly[i], poly[(i + 1) % poly.length]) <= r) return true;
  }
  return false;
}

/** Whether two outlines ({type:'polygon', pts} or {type:'circle', center, r}) touch or overlap. */
export function outlinesIntersect(a, b) {
  const refLat = (refOf(a) + refOf(b)) / 2;
  const pa = a.type === 'polygon' ? a.pts.map((p) => project(p, refLat)) : null;
  const pb = b.type === 'polygon' ? b.pts.map((p) => project(p, refLat)) : null;
  if (pa && pb) return polygonsIntersect(pa, pb);
  if (pa) return circlePolygon(project(b.center, refLat), b.r, pa);
  if (pb) return circlePolygon(project(a.center, refLat), a.r, pb);
  const ca = project(a.center, refLat);
  const cb = project(b.center, refLat);
  return Math.hypot(ca[0] - cb[0], ca[1] - cb[1]) <= a.r + b.r;
}

function refOf(o) {
  return o.type === 'polygon' ? o.pts[0][0] : o.center[0];
}

/** Bounding box [minLat, minLng, maxLat, maxLng], padded for circles. */
export function bbox(o) {
  if (o.type === 'polygon') {
    let [a, b, c, d] = [90, 180, -90, -180];
    for (const [lat, lng] of o.pts) {
      a = Math.min(a, lat); b = Math.min(b, lng); c = Math.max(c, lat); d = Math.max(d, lng);
    }
    return [a, b, c, d];
  }
  const dLat = o.r / (R * RAD);
  const dLng = dLat / Math.max(0.01, Math.cos(o.center[0] * RAD));
  return [o.center[0] - dLat, o.center[1] - dLng, o.center[0] + dLat, o.center[1] + dLng];
}

function boxesMeet(a, b) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Altitude bands overlap; adjacent bands do not, as in ASTM. */
export function bandsOverlap(a, b) {
  return a.lower < b.upper && b.lower < a.upper;
}

/** Horizontal and vertical overlap of two volumes, ignoring time. */
export function spaceOverlap(a, b) {
  return bandsOverlap(a, b) && boxesMeet(a.box, b.box) && outlinesIntersect(a.shape, b.shape);
}

/**
 * Pairs of volumes of different owners that overlap at moment t (ms), or over any shared time when
 * t is null. Each pair is {a, b, from, to}, where from/to bound the shared time.
 */
export function overlaps(volumes, t = null) {
  const live = t === null ? volumes : volumes.filter((v) => v.start <= t && t < v.end);
  const out = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i];
      const b = live[j];
      if (a.owner === b.owner) continue;
      const from = Math.max(a.start, b.start);
      const to = Math.min(a.end, b.end);
      if (from >= to) continue;
      if (spaceOverlap(a, b)) out.push({ a, b, from, to });
    }
  }
  return out;
}
