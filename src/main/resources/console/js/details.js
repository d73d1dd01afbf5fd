// The reference of a notice or restriction, and on a node its details.
import { fmtAlt, fmtTime, h, iso, partyColor, swatch } from './util.js';

function row(k, v) {
  return [h('dt', {}, k), h('dd', {}, v)];
}

/** A panel describing one item; on a node it adds the details the node holds or fetched. */
export function describeItem(app, item) {
  const box = h('div', { class: 'item-details' },
    h('h3', {}, swatch(partyColor(item.manager)),
      `${item.kind === 'restriction' ? 'Restriction' : 'Notice'} reference`),
    h('dl', {},
      row('Id', h('code', { class: 'wrap' }, item.id)),
      row('Party', iso(item.manager)),
      row('State', item.state),
      row('Version', String(item.version ?? '—')),
      row('Party availability', item.availability || '—'),
      row('Window', `${fmtTime(item.start, true)} – ${fmtTime(item.end, true)}`)),
    h('table', { class: 'small' },
      h('caption', {}, `${item.volumes.length} volume${item.volumes.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outline'), h('th', { scope: 'col' }, 'Altitude'), h('th', { scope: 'col' }, 'Time'))),
      h('tbody', {}, item.volumes.map((v) => h('tr', {},
        h('td', {}, v.shape.type === 'circle' ? `circle r ${Math.round(v.shape.r)} m` : `polygon, ${v.shape.pts.length} vertices`),
        h('td', {}, `${fmtAlt(v.lower)} – ${fmtAlt(v.upper)}`),
        h('td', {}, `${fmtTime(v.start)} – ${fmtTime(v.end)}`))))));
  if (app.config.role !== 'node') {
    box.append(h('p', { class: 'muted small' }, 'The hub holds references only. Details are served by the owning party\'s node to parties entitled to them.'));
    return box;
  }
  // The node's picture carries the details: its own plans in full, others' as their node sent them.
  const d = item.details;
  if (d && d.own) {
    box.append(h('h4', {}, 'Details (your own plan)'), h('dl', {},
      row('Purpose', d.purpose || '—'), row('Priority', String(d.priority ?? '—')),
      row('History', (d.plan.history || []).map((s) => `${s.action} ${fmtTime(s.at)}`).join(', ') || '—')));
  } else if (d) {
    box.append(h('h4', {}, 'Details (from the owner\'s node)'), h('dl', {},
      d.priority !== undefined ? row('Priority', String(d.priority)) : null,
      d.type ? row('Type', d.type) : null,
      d.offNominal !== undefined ? row('Off-nominal volumes', String(d.offNominal)) : null,
      d.received ? row('Received', fmtTime(d.received, true)) : null));
  } else {
    box.append(h('p', { class: 'muted small' }, 'This node has no details of this operation.'));
  }
  return box;
}
