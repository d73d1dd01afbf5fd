// Timeline view: a Gantt chart of notices by party over the next 24 h, with conflicts marked.
import { conflicts } from './picture.js';
import { clear, fmtTime, h, partyColor, shortId, svg, partyName } from './util.js';

const HOUR = 3600000;
const LABEL_W = 170;
const ROW_H = 24;
const AXIS_H = 36;

let app;
let chart;
let listBox;
let tableBox;
let visible = false;

export function mount(section, a) {
  app = a;
  chart = h('div', { class: 'gantt', id: 'gantt' });
  listBox = h('div', { class: 'conflict-list', id: 'conflict-list' });
  tableBox = h('details', { class: 'table-alt' }, h('summary', {}, 'The timeline as a table'));
  section.append(
    h('h2', { id: 'timeline-title', tabindex: '-1' }, 'Timeline'),
    h('p', { class: 'muted' }, 'Notices by party, from one hour ago to 24 hours ahead (UTC). Red marks where two parties\' volumes overlap in space, altitude and time. Select a bar to show it on the map.'),
    chart, listBox, tableBox);
  app.on('picture', () => visible && draw());
  app.on('select', () => visible && draw());
  app.on('moment', () => visible && draw());
  window.addEventListener('resize', () => visible && draw());
}

export function show() {
  visible = true;
  draw();
}

export function hide() {
  visible = false;
}

function draw() {
  clear(chart);
  clear(listBox);
  const pic = app.picture;
  if (!pic) { chart.append(h('p', { class: 'muted' }, app.pictureError ? app.pictureError.message : 'Loading…')); return; }
  const now = Date.now();
  const from = Math.floor((now - HOUR) / HOUR) * HOUR;
  const to = from + 26 * HOUR;
  const items = pic.items.filter((i) => i.end > from && i.start < to);
  const groups = new Map();
  for (const i of items.sort((a, b) => a.start - b.start)) {
    const key = i.kind === 'restriction' ? '\u0000Restrictions' : i.manager;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  }
  const rows = [];
  for (const key of [...groups.keys()].sort()) {
    rows.push({ header: key.replace('\u0000', '') });
    groups.get(key).forEach((i) => rows.push({ item: i }));
  }
  const width = Math.max(640, chart.clientWidth || 1200);
  const height = AXIS_H + rows.length * ROW_H + 8;
  const x = (t) => LABEL_W + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (width - LABEL_W - 10);
  const cs = conflicts(pic);
  const inConflict = new Set(cs.flatMap((c) => [c.a.id, c.b.id]));
  const rowOf = new Map();
  rows.forEach((r, idx) => r.item && rowOf.set(r.item.id, idx));
  const y = (idx) => AXIS_H + idx * ROW_H;

  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-labelledby': 'gantt-title', id: 'gantt-svg' },
  svg('title', { id: 'gantt-title' }, `Timeline of ${items.length} notices and restrictions, ${cs.length} conflicts`));
  // hour grid and axis
  for (let t = from; t <= to; t += HOUR) {
    const hour = new Date(t).getUTCHours();
    root.append(svg('line', { x1: x(t), x2: x(t), y1: AXIS_H - 6, y2: height, class: hour % 6 === 0 ? 'grid major' : 'grid' }));
    if (hour % 2 === 0) root.append(svg('text', { x: x(t), y: 14, class: 'axis', 'text-anchor': 'middle' }, hour === 0 ? fmtTime(t, true) : fmtTime(t)));
  }
  rows.forEach((r, idx) => {
    if (r.header) {
      root.append(svg('rect', { x: 0, y: y(idx), width, height: ROW_H, class: 'group-row' }),
        svg('text', { x: 6, y: y(idx) + 16, class: 'group-label' }, r.header));
      if (r.header !== 'Restrictions') root.append(svg('rect', { x: LABEL_W - 18, y: y(idx) + 7, width: 10, height: 10, fill: partyColor(r.header) }));
      return;
    }
    const i = r.item;
    const color = i.kind === 'restriction' ? '#6d6d6d' : partyColor(i.manager);
    const selected = app.selected === i.id;
    const bar = svg('g', { class: `bar${inConflict.has(i.id) ? ' conflict' : ''}${selected ? ' selected' : ''}`, tabindex: 0, role: 'button',
      'aria-pressed': String(selected),
      'aria-label': `${i.kind} ${shortId(i.id)} of ${i.manager}, ${i.state}, ${fmtTime(i.start, true)} to ${fmtTime(i.end, true)}${inConflict.has(i.id) ? ', in conflict' : ''}`,
      'data-id': i.id },
    svg('text', { x: 14, y: y(idx) + 16, class: 'row-label' }, `${shortId(i.id)} · ${i.state}`),
    svg('rect', { x: x(i.start), y: y(idx) + 4, width: Math.max(2, x(i.end) - x(i.start)), height: ROW_H - 8, rx: 3,
      fill: color, 'fill-opacity': i.state === 'Activated' ? 0.9 : 0.6, class: 'bar-rect' }));
    const pick = () => { app.selected = app.selected === i.id ? null : i.id; app.emit('select', app.selected); };
    bar.addEventListener('click', pick);
    bar.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
    root.append(bar);
  });
  // conflict windows on both rows
  for (const c of cs) {
    for (const [s, e] of c.windows) {
      for (const it of [c.a, c.b]) {
        const idx = rowOf.get(it.id);
        if (idx === undefined) continue;
        root.append(svg('rect', { x: x(s), y: y(idx) + 2, width: Math.max(3, x(e) - x(s)), height: ROW_H - 4, class: 'conflict-mark' }));
      }
    }
  }
  root.append(svg('line', { x1: x(now), x2: x(now), y1: AXIS_H - 16, y2: height, class: 'now-line' }),
    svg('text', { x: x(now) + 3, y: AXIS_H - 6, class: 'now-label' }, 'now'));
  if (app.t && Math.abs(app.t - now) > 60000) {
    root.append(svg('line', { x1: x(app.t), x2: x(app.t), y1: AXIS_H - 8, y2: height, class: 'moment-line' }));
  }
  chart.append(root);
  chart.dataset.conflicts = String(cs.length);
  if (!items.length) chart.append(h('p', { class: 'muted' }, 'Nothing is declared in this window.'));

  listBox.append(h('h3', {}, `${cs.length} conflict${cs.length === 1 ? '' : 's'}`));
  if (cs.length) {
    listBox.append(h('ul', {}, cs.map((c) => h('li', { class: 'danger' },
      '⚠ ', partyName(c.a.manager), ` ${shortId(c.a.id)} and `, partyName(c.b.manager), ` ${shortId(c.b.id)}: `,
      c.windows.map(([s, e]) => `${fmtTime(s, true)}–${fmtTime(e)}`).join(', ')))));
  }
  clear(tableBox).append(h('summary', {}, 'The timeline as a table'), h('table', {},
    h('thead', {}, h('tr', {}, ['Party', 'Kind', 'Id', 'State', 'Start', 'End', 'Conflict'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map((i) => h('tr', {}, h('td', {}, partyName(i.manager)), h('td', {}, i.kind), h('td', {}, shortId(i.id)),
      h('td', {}, i.state), h('td', {}, fmtTime(i.start, true)), h('td', {}, fmtTime(i.end, true)),
      h('td', {}, inConflict.has(i.id) ? 'yes' : ''))))));
}
