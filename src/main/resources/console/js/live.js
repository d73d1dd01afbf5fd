// Live updates over Server-Sent Events. EventSource cannot send an Authorization header, so the
// token goes in the access_token query parameter, which the server accepts on event streams only.
import { getToken } from './api.js';
import { h } from './util.js';

// The hub's channel events, then the node's picture events.
const TYPES = ['message', 'delivery', 'escalation', 'channel', 'membership', 'party', 'availability',
  'plan', 'operational_intent', 'constraint', 'restriction', 'report', 'telemetry'];
const PICTURE = ['plan', 'operational_intent', 'constraint', 'restriction'];

/** Opens one stream; returns {close()}. Each event reaches app.emit('live', {type, data, id}). */
export function openLive(app, path = '/liaison/v1/events') {
  const indicator = liveIndicator();
  const url = new URL(path, location.origin);
  url.searchParams.set('access_token', getToken());
  const es = new EventSource(url);
  const set = (state, text) => {
    indicator.dataset.state = state;
    indicator.textContent = text;
  };
  set('connecting', 'Live: connecting');
  es.onopen = () => set('open', 'Live');
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) set('off', 'Live updates not available on this server');
    else set('connecting', 'Live: reconnecting');
  };
  for (const type of TYPES) {
    es.addEventListener(type, (e) => {
      let data = null;
      try { data = JSON.parse(e.data); } catch { data = e.data; }
      app.emit('live', { type, data, id: e.lastEventId });
      if (type === 'escalation') {
        const d = data || {};
        app.alert(`ESCALATION: a message ${d.message_id ? `(${String(d.message_id).slice(0, 8)}) ` : ''}was not acknowledged by ${d.recipient || d.party || 'a recipient'} before its deadline.`, 'danger');
      }
      if (PICTURE.includes(type)) app.refreshPicture();
    });
  }
  return { close: () => { es.close(); indicator.remove(); } };
}

function liveIndicator() {
  let el = document.getElementById('live');
  if (!el) {
    el = h('span', { id: 'live', class: 'live', role: 'status' });
    document.querySelector('.bar').append(el);
  }
  return el;
}
