// Channels view: channels with unread counts, a thread with per-recipient states, acknowledgement
// with a deadline countdown, escalations shown loudly, and a compose form.
import { api, NotAvailable } from './api.js';
import { announce, clear, fmtDuration, fmtTime, h, iso, partyColor, shortId, swatch, partyName } from './util.js';

const BASE = '/liaison/v1/channels';
let app;
let listBox;
let threadBox;
let channels = [];
let messages = new Map(); // channel id -> messages
let current = null;
let visible = false;
let ticker = null;
let refreshQueued = null;
let newChannel = null;
let drawn = null; // the party, channel and messages the thread shows now
const clientIds = new Map(); // channel id -> client_message_id of the message being composed

export function mount(section, a) {
  app = a;
  listBox = h('nav', { class: 'channel-list', 'aria-label': 'Channels' });
  threadBox = h('section', { class: 'thread', 'aria-label': 'Thread', id: 'thread' });
  section.append(h('h2', { id: 'channels-title', tabindex: '-1' }, 'Channels'),
    h('div', { class: 'channels-layout' }, listBox, threadBox));
  app.on('live', (ev) => {
    if (['message', 'delivery', 'escalation', 'channel', 'membership'].includes(ev.type)) queueRefresh();
  });
  refresh();
}

export function show() {
  visible = true;
  refresh();
  ticker = setInterval(tick, 1000);
}

export function hide() {
  visible = false;
  clearInterval(ticker);
}

function queueRefresh() {
  clearTimeout(refreshQueued);
  refreshQueued = setTimeout(refresh, 150);
}

function me() {
  return app.party();
}

async function refresh() {
  try {
    const body = await api(BASE);
    channels = body.channels || [];
    await Promise.all(channels.map(async (c) => messages.set(c.id, await loadMessages(c.id))));
  } catch (e) {
    renderUnavailable(e);
    return;
  }
  renderList();
  if (visible) {
    if (!current && channels.length) current = channels[0].id;
    await renderThread();
  }
}

async function loadMessages(id) {
  const out = [];
  let after = 0;
  for (let page = 0; page < 10; page++) {
    const body = await api(`${BASE}/${encodeURIComponent(id)}/messages`, { query: { after, limit: 200 } });
    out.push(...body.messages);
    if (body.messages.length < 200) break;
    after = body.next_after;
  }
  return out;
}

function myDelivery(m) {
  return (m.deliveries || []).find((d) => d.party === me());
}

function unread(id) {
  return (messages.get(id) || []).filter((m) => {
    const d = myDelivery(m);
    return d && (d.state === 'sent' || d.state === 'delivered');
  }).length;
}

function awaitingAck(id) {
  return (messages.get(id) || []).filter((m) => {
    const d = myDelivery(m);
    return d && d.ack_deadline && d.state !== 'acknowledged';
  }).length;
}

function renderUnavailable(e) {
  drawn = null;
  clear(listBox);
  clear(threadBox);
  const text = e instanceof NotAvailable
    ? 'Channels are not available on this server yet (no /liaison/v1/channels here).'
    : `Channels could not be loaded: ${e.message}`;
  threadBox.append(h('p', { class: 'alert alert-info', id: 'channels-unavailable' }, text));
  document.getElementById('unread-total').hidden = true;
}

function renderList() {
  clear(listBox);
  let total = 0;
  const ul = h('ul', { role: 'list' });
  for (const c of channels) {
    const n = unread(c.id);
    const due = awaitingAck(c.id);
    total += n;
    const others = (c.members || []).map((m) => m.party).filter((p) => p !== me());
    ul.append(h('li', {}, h('button', { type: 'button', class: 'channel-button', 'aria-current': current === c.id ? 'true' : null,
      dataset: { id: c.id, name: c.name }, onclick: () => { current = c.id; renderList(); renderThread(true); } },
    h('span', { class: 'channel-name' }, c.kind === 'bilateral' ? '⇄ ' : '◎ ', iso(c.name)),
    c.suspended ? h('span', { class: 'tag tag-warn' }, 'suspended') : null,
    n ? h('span', { class: 'badge', 'aria-label': `${n} unread` }, String(n)) : null,
    due ? h('span', { class: 'tag tag-danger', title: 'awaiting your acknowledgement' }, `${due} to ack`) : null,
    h('span', { class: 'channel-members muted small' }, others.map((p, i) => [i ? ', ' : '', partyName(p)])))));
  }
  if (!channels.length) ul.append(h('li', { class: 'muted' }, 'You are in no channel yet.'));
  // Built once and moved, so a refresh does not close it or lose what is typed in it.
  newChannel ||= newChannelForm();
  listBox.append(h('h3', {}, 'Your channels'), ul, newChannel);
  const badge = document.getElementById('unread-total');
  badge.textContent = String(total);
  badge.hidden = total === 0;
  badge.setAttribute('aria-label', `${total} unread`);
}

function newChannelForm() {
  const name = h('input', { id: 'new-channel-name', required: true, maxlength: 200 });
  const kind = h('select', { id: 'new-channel-kind' }, h('option', { value: 'bilateral' }, 'bilateral (hotline)'), h('option', { value: 'group' }, 'group'));
  const members = h('input', { id: 'new-channel-members', required: true, placeholder: 'party-b, party-c', spellcheck: 'false' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h('form', { class: 'stack small-form', id: 'new-channel' },
    h('label', { for: 'new-channel-name' }, 'Name'), name,
    h('label', { for: 'new-channel-kind' }, 'Kind'), kind,
    h('label', { for: 'new-channel-members' }, 'Other members (comma-separated parties)'), members,
    h('button', { type: 'submit' }, 'Create channel'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const c = await api(BASE, { method: 'POST', body: { name: name.value.trim(), kind: kind.value,
        members: members.value.split(',').map((s) => s.trim()).filter(Boolean) } });
      current = c.id;
      clear(status).append('Created ', iso(c.name), '.');
      await refresh();
    } catch (err) {
      status.textContent = err.message;
    }
  });
  return h('details', { class: 'new-channel' }, h('summary', {}, 'New channel'), form);
}

async function renderThread(focus = false) {
  const c = channels.find((x) => x.id === current);
  // Every live event and every refresh lands here: redraw only when they brought news, so what
  // the officer is reading, selecting or hovering is not replaced by an identical copy.
  const state = JSON.stringify([me(), c || null, c ? messages.get(c.id) || [] : []]);
  if (state === drawn) {
    if (focus) threadBox.querySelector('#thread-title')?.focus();
    return;
  }
  drawn = state;
  // Live events re-render the thread: keep what the officer is typing, and where.
  const kept = {};
  threadBox.querySelectorAll('input[id], textarea[id], select[id]').forEach((el) => { kept[el.id] = el.value; });
  const focused = threadBox.contains(document.activeElement) ? document.activeElement.id : null;
  const keptChannel = threadBox.dataset.channel;
  clear(threadBox);
  threadBox.dataset.channel = c ? c.id : '';
  if (!c) { threadBox.append(h('p', { class: 'muted' }, 'Choose a channel.')); return; }
  const ms = messages.get(c.id) || [];
  threadBox.append(h('h3', { id: 'thread-title', tabindex: '-1' }, iso(c.name), ' ',
    h('span', { class: 'muted small' }, `${c.kind} · ${(c.members || []).length} members · escalation: ${c.escalation}${c.encryption === 'e2e' ? ' · end-to-end encrypted' : ''}`)));
  if (c.suspended) threadBox.append(h('p', { class: 'alert alert-warn' }, 'Suspended by ', partyName(c.suspended.by), ` since ${fmtTime(c.suspended.since, true)}.`));
  const list = h('ol', { class: 'messages', 'aria-label': `Messages in ${c.name}` });
  for (const m of ms) list.append(messageEl(c, m));
  if (!ms.length) list.append(h('li', { class: 'muted' }, 'No messages yet.'));
  threadBox.append(list, composeForm(c));
  if (keptChannel === c.id) {
    for (const [id, value] of Object.entries(kept)) {
      const el = document.getElementById(id);
      if (el && value !== '' && el.value !== value) el.value = value;
    }
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }
  if (focus) threadBox.querySelector('#thread-title').focus();
  // Showing a message is reading it: mark what this party has not read yet.
  const toRead = ms.filter((m) => { const d = myDelivery(m); return d && (d.state === 'sent' || d.state === 'delivered'); });
  if (toRead.length && visible) {
    await Promise.allSettled(toRead.map((m) => api(`${BASE}/${encodeURIComponent(c.id)}/messages/${encodeURIComponent(m.id)}/read`, { method: 'POST' })));
    queueRefresh();
  }
}

function messageEl(c, m) {
  const mine = myDelivery(m);
  const escalated = (m.deliveries || []).filter((d) => d.escalated && d.state !== 'acknowledged');
  const li = h('li', { class: `message prio-${m.priority}${escalated.length ? ' escalated' : ''}`, dataset: { id: m.id, seq: m.seq } },
    h('div', { class: 'message-head' },
      swatch(partyColor(m.sender)),
      h('strong', {}, partyName(m.sender)), ' · ', h('bdi', {}, `#${m.seq}`), ' · ', h('bdi', {}, fmtTime(m.posted, true)), ' ',
      h('span', { class: `tag prio-tag-${m.priority}` }, m.priority)),
    escalated.length ? h('p', { class: 'escalation-banner', role: 'alert' },
      'ESCALATED: ', escalated.map((d, i) => [i ? ', ' : '', partyName(d.party)]),
      ` did not acknowledge by ${fmtTime(escalated[0].ack_deadline, true)}`) : null,
    m.encrypted ? h('span', { class: 'tag e2e-tag', title: 'end-to-end encrypted' }, 'end-to-end encrypted') : null,
    m.phrase ? h('p', { class: 'phrase muted small' }, `Standard message: ${m.phrase.type}`) : null,
    messageText(m),
    (m.notices || []).length ? h('p', { class: 'small' }, 'About: ', m.notices.map((n) => h('button', { type: 'button', class: 'link',
      onclick: () => { app.selected = n.id; app.emit('select', n.id); location.hash = '#map'; } }, `notice ${shortId(n.id)}`))) : null,
    deliveriesTable(m));
  if (mine && mine.state !== 'acknowledged') li.append(ackForm(c, m, mine));
  if (mine && mine.state === 'acknowledged') li.append(h('p', { class: 'small ok' }, `You acknowledged at ${fmtTime(mine.acknowledged, true)}${mine.late ? ' (late)' : ''}.`));
  return li;
}

// Languages written right to left; each message gets its own direction, the page keeps its own.
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

function textDir(lang) {
  return RTL.has(String(lang || '').split('-')[0]) ? 'rtl' : 'ltr';
}

/**
 * The message in the reader's language. An unreviewed translation is always shown with its
 * review status and the original beside it: a wrong translation of a safety message is a hazard.
 */
function messageText(m) {
  // On the hub a sealed body stays sealed: only the members' nodes hold the keys to open it.
  if (m.encrypted && !m.rendered) {
    return h('p', { class: 'message-text encrypted-note muted' },
      `Content end-to-end encrypted (${m.ciphertext_bytes} bytes of ciphertext); only the members' nodes can read it.`);
  }
  if (m.undecryptable) {
    return h('p', { class: 'message-text alert alert-danger undecryptable', role: 'alert' },
      `This node could not decrypt this message: ${m.undecryptable}`);
  }
  const r = m.rendered || {};
  const lang = r.language || 'en';
  const text = h('p', { class: 'message-text', lang, dir: textDir(lang) }, r.text || m.text || '');
  const status = r.review && r.review.status;
  if (!r.original) {
    return status === 'reviewed'
      ? h('div', { class: 'message-body' }, text,
        h('p', { class: 'small muted review-status' }, `Translation reviewed by ${r.review.reviewer} on ${r.review.date}`))
      : text;
  }
  return h('div', { class: 'message-body unreviewed' }, text,
    h('p', { class: 'small review-status' }, h('span', { class: 'tag tag-warn' }, 'unreviewed translation'),
      ` (${lang}) — ${r.original.language} original:`),
    h('p', { class: 'message-original', lang: r.original.language, dir: textDir(r.original.language) }, r.original.text));
}

function deliveriesTable(m) {
  const ds = m.deliveries || [];
  if (!ds.length) return null;
  return h('table', { class: 'deliveries small' },
    h('caption', { class: 'visually-hidden' }, `Delivery state per recipient of message ${m.seq}`),
    h('thead', {}, h('tr', {}, ['Recipient', 'State', 'Delivered', 'Read', 'Acknowledged', 'Deadline'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ds.map((d) => h('tr', { class: `state-${d.state}` },
      h('th', { scope: 'row' }, partyName(d.party)),
      h('td', {}, h('span', { class: `state-chip chip-${d.state}` }, d.state), d.late ? h('span', { class: 'tag tag-warn' }, 'late') : null),
      h('td', {}, d.delivered ? fmtTime(d.delivered) : '—'),
      h('td', {}, d.read ? fmtTime(d.read) : '—'),
      h('td', {}, d.acknowledged ? [fmtTime(d.acknowledged), d.reply ? [' “', h('bdi', { class: 'reply-text' }, d.reply), '”'] : null] : '—'),
      h('td', {}, d.ack_deadline && d.state !== 'acknowledged'
        ? h('span', { class: `countdown${Date.parse(d.ack_deadline) < Date.now() ? ' overdue' : ''}`, dataset: { deadline: d.ack_deadline } }, countdownText(d.ack_deadline))
        : d.ack_deadline ? fmtTime(d.ack_deadline) : '—')))));
}

function countdownText(deadline) {
  const left = Date.parse(deadline) - Date.now();
  return left >= 0 ? `due in ${fmtDuration(left)}` : fmtDuration(left);
}

function tick() {
  for (const el of threadBox.querySelectorAll('.countdown')) {
    const left = Date.parse(el.dataset.deadline) - Date.now();
    el.textContent = countdownText(el.dataset.deadline);
    el.classList.toggle('overdue', left < 0);
    el.classList.toggle('soon', left >= 0 && left < 60000);
  }
}

function ackForm(c, m, mine) {
  const reply = h('input', { id: `reply-${m.id}`, class: 'reply', placeholder: 'optional reply', maxlength: 2000 });
  const status = h('span', { class: 'form-status', role: 'status' });
  const form = h('form', { class: 'ack-form' },
    h('label', { for: `reply-${m.id}`, class: 'visually-hidden' }, `Reply to message ${m.seq}`), reply,
    h('button', { type: 'submit', class: 'ack-button', dataset: { message: m.id } },
      mine.ack_deadline ? 'Acknowledge' : 'Acknowledge (no deadline)'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const body = reply.value.trim() ? { reply: reply.value.trim() } : undefined;
      const r = await api(`${BASE}/${encodeURIComponent(c.id)}/messages/${encodeURIComponent(m.id)}/ack`, { method: 'POST', body });
      announce(`Acknowledged message ${m.seq}${r.late ? ', late' : ''}`);
      await refresh();
    } catch (err) {
      status.textContent = err.message;
    }
  });
  return form;
}

function composeForm(c) {
  const text = h('textarea', { id: 'compose-text', rows: 3, required: true, maxlength: 65536 });
  const prio = h('select', { id: 'compose-priority' }, ['routine', 'urgent', 'safety-of-flight'].map((p) => h('option', { value: p }, p)));
  const within = h('input', { id: 'compose-deadline', type: 'number', min: 1, max: 1440, inputmode: 'numeric', placeholder: 'none' });
  const status = h('p', { class: 'form-status', role: 'status' });
  // One id per message being composed, kept across re-renders, so a retried send never duplicates.
  if (!clientIds.has(c.id)) clientIds.set(c.id, crypto.randomUUID());
  const form = h('form', { class: 'compose', id: 'compose' },
    h('label', { for: 'compose-text' }, 'Message to ', iso(c.name)), text,
    h('div', { class: 'row' },
      h('label', { for: 'compose-priority' }, 'Priority'), prio,
      h('label', { for: 'compose-deadline' }, 'Acknowledge within (minutes)'), within,
      h('button', { type: 'submit', id: 'compose-send' }, 'Send')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { client_message_id: clientIds.get(c.id), text: text.value, priority: prio.value };
    if (within.value) body.ack_within_seconds = Math.round(Number(within.value) * 60);
    status.textContent = 'Sending…';
    try {
      const m = await api(`${BASE}/${encodeURIComponent(c.id)}/messages`, { method: 'POST', body });
      clientIds.delete(c.id);
      text.value = '';
      await refresh();
      const fresh = document.getElementById('compose-text');
      if (fresh) { fresh.value = ''; fresh.focus(); }
      announce(`Sent as message ${m.seq}.`);
    } catch (err) {
      // The same client_message_id is kept, so retrying never sends twice.
      status.textContent = `Not sent: ${err.message}`;
    }
  });
  return form;
}
