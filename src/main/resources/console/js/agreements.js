// Agreements view: the agreements you are party to and, for the one selected, each party's
// compliance over a period as GET /liaison/v1/agreements/{id}/compliance reports it, with a chart
// per party of its lead times and of its times to acknowledge. Every figure lists the ledger
// entries it came from; selecting one fetches the entry and checks it against its leaf hash here.
// Every string from the server goes in as text (h() and svg()), never as markup.
import { api, NotAvailable } from './api.js';
import { b64decode, equal, leafHash } from './merkle.js';
import { clear, fmtDuration, fmtTime, h, partyColor, partyName, svg } from './util.js';

const BASE = '/liaison/v1/agreements';
let list;
let report;
let status;
let from;
let to;
let selected = null;

export function mount(section) {
  status = h('p', { class: 'muted', role: 'status', id: 'agreements-status' });
  list = h('ul', { class: 'item-list', id: 'agreements-list' });
  report = h('div', { id: 'compliance' });
  from = h('input', { id: 'compliance-from', type: 'datetime-local', step: 1 });
  to = h('input', { id: 'compliance-to', type: 'datetime-local', step: 1 });
  const form = h('form', { class: 'inline-form', id: 'compliance-period' },
    h('label', { for: 'compliance-from' }, 'From (UTC) '), from, ' ',
    h('label', { for: 'compliance-to' }, 'to '), to, ' ',
    h('button', { type: 'submit' }, 'Show'),
    h('span', { class: 'muted small' }, ' Empty: the last 24 hours.'));
  form.addEventListener('submit', (e) => { e.preventDefault(); if (selected) loadCompliance(selected); });
  section.append(
    h('h2', { id: 'agreements-title', tabindex: '-1' }, 'Agreements'),
    h('p', { class: 'muted' }, 'The memoranda you are party to, and how each party kept them: figures computed by the hub from ledger entries, each listing the entries it came from.'),
    status, list, form, report);
}

export function show() {
  loadList();
}

async function loadList() {
  status.textContent = 'Loading agreements…';
  try {
    const body = await api(BASE);
    clear(list);
    status.textContent = body.agreements.length === 0 ? 'You are party to no agreement.' : '';
    for (const a of body.agreements) {
      const b = h('button', { type: 'button', class: 'item-button', dataset: { agreement: a.id },
        'aria-pressed': String(selected === a.id), onclick: () => { selected = a.id; markSelected(); loadCompliance(a.id); } },
      h('bdi', {}, a.title), ' · ', a.status,
      a.in_force_version ? ` · version ${a.in_force_version} in force` : ' · not in force',
      ' · ', a.parties.map((p) => p.party).join(', '));
      list.append(h('li', {}, b));
    }
    if (!selected && body.agreements.length > 0) selected = body.agreements[0].id;
    markSelected();
    if (selected) loadCompliance(selected);
  } catch (e) {
    status.textContent = e instanceof NotAvailable ? 'Agreements are not available on this server.' : `Cannot load the agreements: ${e.message}`;
  }
}

function markSelected() {
  list.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.agreement === selected)));
}

function utc(value) {
  return value ? new Date(`${value}Z`).toISOString() : undefined;
}

async function loadCompliance(id) {
  const box = clear(report);
  box.append(h('p', { class: 'muted' }, 'Computing compliance…'));
  let r;
  let doc;
  try {
    [r, doc] = await Promise.all([
      api(`${BASE}/${encodeURIComponent(id)}/compliance`, { query: { from: utc(from.value), to: utc(to.value) } }),
      api(`${BASE}/${encodeURIComponent(id)}`),
    ]);
  } catch (e) {
    clear(box).append(h('p', { class: 'danger' }, `Cannot compute compliance: ${e.message}`));
    return;
  }
  clear(box);
  const ackDeadline = doc.document && doc.document.acknowledgement ? doc.document.acknowledgement['safety-of-flight'] : null;
  box.dataset.agreement = id;
  box.append(
    h('h3', {}, 'Compliance with ', h('bdi', {}, doc.title)),
    h('p', { class: 'small' }, `Version ${r.version}, from ${fmtTime(r.from, true)} to ${fmtTime(r.to, true)}; `,
      `percentiles ${r.percentiles}; ledger of ${r.ledger_size} entries. Select an entry to fetch it and check its leaf hash; `,
      'liaison ledger prove --entry HASH proves it against a checkpoint.'));
  const detail = h('div', { class: 'item-details', id: 'compliance-entry', 'aria-live': 'polite' });
  for (const p of r.parties) box.append(partySection(p, r.leaf_hashes, ackDeadline, detail));
  box.append(detail);
}

function partySection(p, hashes, ackDeadline, detail) {
  const d = p.declarations;
  const w = p.warnings_received;
  const cite = (entries) => entryList(entries, hashes, detail);
  const row = (name, key, value, entries) => [
    h('dt', {}, name),
    h('dd', {}, h('span', { class: 'figure', dataset: { figure: key } }, String(value)), entries && entries.length ? [' ', cite(entries)] : null),
  ];
  const mins = (s) => (s === null || s === undefined ? '—' : fmtDuration(s * 1000));
  const ms = (v) => (v === null || v === undefined ? '—' : fmtDuration(v));
  return h('section', { class: 'compliance-party', dataset: { party: p.party } },
    h('h4', {}, partyName(p.party)),
    h('dl', { class: 'figures' },
      row('Declarations', 'declarations', d.count, d.entries),
      row('Lead time, median', 'lead_median', mins(d.lead_time_seconds.median), null),
      row('Lead time, 5th percentile', 'lead_p5', mins(d.lead_time_seconds.p5), null),
      row(`Under the minimum (${d.minimum_notice_minutes} min)`, 'under_minimum', d.under_minimum, d.under_minimum_entries),
      row('Warnings sent', 'warnings_sent', p.warnings_sent.count, p.warnings_sent.entries),
      row('Warnings received', 'warnings_received', w.count, w.entries),
      row('Acknowledged on time / late / never', 'acknowledged', `${w.acknowledged_on_time} / ${w.acknowledged_late} / ${w.never_acknowledged}`, null),
      row('Time to acknowledge, median / 95th percentile', 'ack_times', `${ms(w.time_to_acknowledge_ms.median)} / ${ms(w.time_to_acknowledge_ms.p95)}`, null),
      row('Hours unreachable', 'unreachable_hours', p.unreachable.hours.toFixed(2), p.unreachable.entries),
      row('Separation breaches', 'separation_breaches', p.separation_breaches.count, p.separation_breaches.entries.flat())),
    h('div', { class: 'charts' },
      chart(`Lead times of ${p.party}'s declarations`, 'lead', (d.lead_times || []).map((x) => ({
        entry: x.entry, value: x.seconds / 60, bad: x.seconds < d.minimum_notice_minutes * 60,
        label: `entry #${x.entry}: declared ${fmtDuration(x.seconds * 1000)} ahead` })), d.minimum_notice_minutes,
      'minutes ahead', p.party, hashes, detail),
      chart(`Times to acknowledge the warnings ${p.party} received`, 'ack', (w.acknowledgements || []).map((x) => ({
        entry: x.ack === null ? x.warning : x.ack, value: x.ms === null ? null : x.ms / 60000, bad: x.late || x.ms === null,
        label: x.ms === null ? `warning #${x.warning}: never acknowledged`
          : `warning #${x.warning}, acknowledgement #${x.ack}: after ${fmtDuration(x.ms)}${x.late ? ', late' : ''}` })),
      ackDeadline === null ? null : ackDeadline / 60, 'minutes to acknowledge', p.party, hashes, detail)));
}

/** The entries a figure came from, each a button that fetches and checks it. */
function entryList(entries, hashes, detail) {
  return h('span', { class: 'entries small' }, 'entries ', [...new Set(entries)].map((i) => [
    h('button', { type: 'button', class: 'link entry', dataset: { entry: i }, title: hashes[i] ? `leaf hash ${hashes[i]}` : null,
      onclick: () => showEntry(i, hashes[i], detail) }, `#${i}`), ' ']));
}

async function showEntry(index, hash, detail) {
  clear(detail).append(h('p', { class: 'muted' }, `Fetching entry #${index}…`));
  try {
    const page = await api('/liaison/v1/ledger/entries', { query: { start: index, end: index + 1 } });
    const e = page.entries[0];
    const bytes = b64decode(e.entry);
    const ok = hash && equal(await leafHash(bytes), b64decode(hash)) && e.leaf_hash === hash;
    let json = null;
    try { json = JSON.parse(new TextDecoder().decode(bytes)); } catch { json = null; }
    clear(detail).append(
      h('h4', {}, `Ledger entry #${index}`),
      h('p', { class: ok ? 'ok' : 'danger', id: 'compliance-entry-check' }, ok
        ? '✓ its bytes hash to the leaf hash the report cites'
        : '✗ its bytes do not hash to the leaf hash the report cites'),
      h('p', { class: 'small' }, 'Prove it: ', h('code', {}, `liaison ledger prove --entry ${hash}`)),
      h('pre', { class: 'small' }, json ? JSON.stringify(json, null, 2) : '(not JSON)'));
  } catch (err) {
    clear(detail).append(h('p', { class: 'danger' }, err instanceof NotAvailable
      ? 'The ledger is not available on this server.' : `Cannot fetch entry #${index}: ${err.message}`));
  }
}

const W = 520;
const H = 150;
const LEFT = 46;
const BOTTOM = 22;

/**
 * A bar per point, in entry order: its height the value in minutes, red when it breaks the
 * agreement (under the minimum notice, acknowledged late or never); a dashed line at the agreed
 * limit. A point never acknowledged is a full-height hatched bar. Each bar's title names its entry,
 * and selecting it fetches that entry.
 */
function chart(title, kind, points, limit, unit, party, hashes, detail) {
  const values = points.filter((x) => x.value !== null).map((x) => x.value);
  const top = Math.max(1, limit || 0, ...values) * 1.1;
  const y = (v) => H - BOTTOM - (v / top) * (H - BOTTOM - 8);
  const n = Math.max(1, points.length);
  const step = (W - LEFT - 6) / n;
  const barW = Math.max(1, Math.min(24, step * 0.8));
  const kids = [svg('title', {}, title)];
  for (const t of [0, top / 2, top / 1.1]) {
    kids.push(svg('line', { x1: LEFT, x2: W - 4, y1: y(t), y2: y(t), class: 'grid' }),
      svg('text', { x: LEFT - 4, y: y(t) + 4, 'text-anchor': 'end', class: 'axis' }, String(Math.round(t))));
  }
  kids.push(svg('text', { x: LEFT, y: H - 4, class: 'axis' }, `${points.length} ${kind === 'lead' ? 'declarations' : 'warnings'}, ${unit}`));
  points.forEach((pt, i) => {
    const x = LEFT + i * step + (step - barW) / 2;
    const v = pt.value === null ? top : pt.value;
    const bar = svg('rect', { x, y: y(v), width: barW, height: Math.max(1, y(0) - y(v)), tabindex: 0,
      class: `bar${pt.bad ? ' bad' : ''}${pt.value === null ? ' never' : ''}`, fill: pt.bad ? '#d00000' : partyColor(party),
      'fill-opacity': pt.value === null ? 0.25 : 0.8, 'data-entry': pt.entry, 'data-value': pt.value === null ? 'never' : pt.value,
      onclick: () => showEntry(pt.entry, hashes[pt.entry], detail),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showEntry(pt.entry, hashes[pt.entry], detail); } } },
    svg('title', {}, pt.label));
    kids.push(bar);
  });
  if (limit !== null && limit !== undefined) {
    kids.push(svg('line', { x1: LEFT, x2: W - 4, y1: y(limit), y2: y(limit), class: 'limit', stroke: '#d00000', 'stroke-dasharray': '5 3' }),
      svg('text', { x: W - 6, y: y(limit) - 3, 'text-anchor': 'end', class: 'axis' }, `agreed ${Math.round(limit)} min`));
  }
  return h('figure', { class: 'chart', dataset: { chart: kind } },
    svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title }, ...kids),
    h('figcaption', { class: 'small muted' }, points.length === 0 ? `${title}: none in the period.` : title));
}
