// Small DOM and formatting helpers shared by the views.

// Every string from a server (party ids, channel names, message texts, replies, errors) is hostile:
// other parties write them. Views build the page only with h() and svg(), which put strings in as
// text nodes and attribute values, never as markup; nothing in the console assigns innerHTML.

/**
 * Creates an element: h('button', {class: 'x', onclick: f}, 'text', child). Strings become text
 * nodes. style takes an object of CSSOM properties: the Content-Security-Policy refuses style
 * attributes, not properties set from script.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** SVG element with attributes. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/**
 * Text another party wrote, shown inline: a bidi isolate, so right-to-left override characters in
 * it cannot reorder the text around it.
 */
export function iso(text) {
  return h('bdi', {}, text);
}

/**
 * A party's id where it names the party in passing (lists, tooltips, the availability strip): an
 * isolate cut to one line, with the whole id in its title, so a long id cannot push the page away.
 * The details panel shows ids in full.
 */
export function partyName(id) {
  const text = String(id);
  return h('bdi', { class: 'party-name', title: text.length > 40 ? text : null }, text);
}

/** A party's colour swatch. */
export function swatch(color, attrs = {}) {
  return h('span', { class: 'swatch', 'aria-hidden': 'true', ...attrs, style: { background: color } });
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Tells screen readers something changed, politely. */
export function announce(text) {
  const s = document.getElementById('status');
  if (s) s.textContent = text;
}

const pad = (n) => String(n).padStart(2, '0');

/** 14:05Z, or 27 Nov 14:05Z when not today (UTC: operations centres share one clock). */
export function fmtTime(t, withDay = false) {
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) return '—';
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;
  if (!withDay) return hm;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${mon} ${hm}`;
}

/** "4 min 05 s", "1 h 02 min"; negative durations read "overdue by …". */
export function fmtDuration(ms) {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60); s -= mm * 60;
  const text = hh > 0 ? `${hh} h ${pad(mm)} min` : mm > 0 ? `${mm} min ${pad(s)} s` : `${s} s`;
  return neg ? `overdue by ${text}` : text;
}

/** Metres with the feet alongside, since both are in use. */
export function fmtAlt(m) {
  if (m === undefined || m === null || !Number.isFinite(m)) return 'unbounded';
  return `${Math.round(m)} m (${Math.round(m / 0.3048)} ft)`;
}

// Categorical palette: Okabe–Ito first (colour-blind safe), then six more distinct tones.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#8c6d31', '#6a3d9a', '#e7298a', '#66a61e', '#1f3b73', '#a6761d'];

function hashOf(party) {
  let hash = 2166136261;
  for (const ch of String(party)) hash = Math.imul(hash ^ ch.codePointAt(0), 16777619) >>> 0;
  return hash;
}

let assigned = new Map();

/**
 * Gives the known parties distinct colours: each takes its hashed colour, or the next free one,
 * in alphabetical order, so every console that knows the same parties shows the same colours.
 */
export function setParties(names) {
  const next = new Map();
  const taken = new Set();
  for (const p of [...new Set(names)].sort()) {
    let i = hashOf(p) % PALETTE.length;
    for (let k = 0; k < PALETTE.length && taken.has(i); k++) i = (i + 1) % PALETTE.length;
    taken.add(i);
    next.set(p, PALETTE[i]);
  }
  assigned = next;
}

/** The party's colour: distinct among known parties, stable for a given set of them. */
export function partyColor(party) {
  return assigned.get(party) || PALETTE[hashOf(party) % PALETTE.length];
}

export function shortId(id) {
  return String(id).slice(0, 8);
}

/** RFC 3339 text of an ASTM Time object or a string. */
export function timeValue(t) {
  return t && typeof t === 'object' ? t.value : t;
}
