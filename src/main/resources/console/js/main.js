// Console bootstrap: configuration, login, the view router, shared state and live updates.
import { claims, getToken, onTokenChange, optional, setToken } from './api.js';
import { announce, clear, fmtTime, h, partyColor, setParties, swatch, partyName } from './util.js';
import { loadPicture } from './picture.js';
import { openLive } from './live.js';
import * as mapView from './map.js';
import * as timelineView from './timeline.js';
import * as channelsView from './channels.js';
import * as ledgerView from './ledger.js';
import * as planView from './plan.js';
import * as civilView from './civil.js';
import * as agreementsView from './agreements.js';

/** Every scope the console uses; dev-auth tokens are minted with all of them. */
export const SCOPES = [
  'liaison.console',
  'liaison.channels.read',
  'liaison.channels.write',
  'liaison.ledger.read',
  'utm.strategic_coordination',
];

const VIEWS = { map: mapView, timeline: timelineView, channels: channelsView, ledger: ledgerView, plan: planView,
  civil: civilView, agreements: agreementsView };

/** Shared state and a tiny event bus; views subscribe with app.on(name, f). */
const app = {
  config: null,
  picture: null,
  pictureError: null,
  t: Date.now(),
  selected: null,
  handlers: {},
  on(name, f) { (this.handlers[name] ||= []).push(f); },
  emit(name, data) { (this.handlers[name] || []).forEach((f) => f(data)); },
  party() { return (claims() || {}).sub || this.config.party; },
  async refreshPicture() {
    try {
      this.picture = await loadPicture(this.config.role === 'node' ? '/liaison/v1/picture' : '/liaison/v1/airspace');
      setParties([...this.picture.items.map((i) => i.manager), ...(parties || []).map((p) => p.party)]);
      this.pictureError = null;
    } catch (e) {
      this.pictureError = e;
    }
    this.emit('picture', this.picture);
    renderAvailability();
  },
  alert(text, level = 'warn', key = null) { showAlert(text, level, key); },
};

const mounted = new Set();
let live = null;
let pollTimer = null;

async function start() {
  app.config = await fetch('config.json').then((r) => r.json());
  document.body.dataset.role = app.config.role;
  document.getElementById('where').textContent = app.config.role === 'node'
    ? `node of ${app.config.party}` : `hub ${app.config.name}`;
  document.querySelectorAll('[data-node-only]').forEach((el) => { el.hidden = app.config.role !== 'node'; });
  onTokenChange((t, why) => {
    if (why === 'expired') {
      showAlert('Your token was refused (expired or revoked). Log in again.', 'danger', 'auth');
      setToken(null);
    } else if (!t) {
      enterLogin();
    }
  });
  window.addEventListener('hashchange', route);
  const c = claims(getToken());
  const fresh = c ? !c.exp || c.exp * 1000 > Date.now() : app.config.role === 'node';
  if (getToken() && fresh) await enterConsole();
  else enterLogin();
}

function enterLogin() {
  if (live) { live.close(); live = null; }
  clearInterval(pollTimer);
  document.body.classList.add('logged-out');
  document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
  clear(document.getElementById('who'));
  clear(document.getElementById('availability'));
  const sec = clear(document.getElementById('login'));
  sec.hidden = false;
  const dev = app.config.dev_token_path;
  const status = h('p', { class: 'form-status', role: 'status' });
  let form;
  if (dev) {
    const remembered = JSON.parse(localStorage.getItem('liaison.parties') || '[]');
    const input = h('input', { id: 'login-party', name: 'party', required: true, autocomplete: 'off',
      list: 'login-parties', value: app.config.party || remembered[0] || '', spellcheck: 'false' });
    form = h('form', { class: 'login-form' },
      h('p', {}, 'Development login: this hub mints a token for any party. Never use dev auth on a shared hub.'),
      h('label', { for: 'login-party' }, 'Party (the token\'s subject)'), input,
      h('datalist', { id: 'login-parties' }, remembered.map((p) => h('option', { value: p }))),
      h('button', { type: 'submit', id: 'login-submit' }, 'Log in'), status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const party = input.value.trim();
      status.textContent = 'Logging in…';
      try {
        const q = new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPES.join(' '), issuer: 'console', sub: party });
        const r = await fetch(`${dev}?${q}`);
        const body = await r.json();
        if (!r.ok) throw new Error(body.message || r.statusText);
        localStorage.setItem('liaison.parties', JSON.stringify([party, ...remembered.filter((p) => p !== party)].slice(0, 12)));
        setToken(body.access_token);
        await enterConsole();
      } catch (err) {
        status.textContent = `Login failed: ${err.message}`;
      }
    });
  } else {
    const node = app.config.role === 'node';
    const ta = h('textarea', { id: 'login-token', rows: node ? 2 : 5, required: true, spellcheck: 'false' });
    form = h('form', { class: 'login-form' },
      h('p', {}, node
        ? `Paste this node's operator token (the file operator-token in the node's data directory). It stays in this browser tab only.`
        : 'Paste a bearer token (JWT) issued to your party. It stays in this browser tab only.'),
      h('label', { for: 'login-token' }, 'Access token'), ta,
      h('button', { type: 'submit', id: 'login-submit' }, 'Use token'), status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const t = ta.value.trim().replace(/^Bearer\s+/i, '');
      const c = claims(t);
      if (!node && (!c || !c.sub)) { status.textContent = 'That is not a JWT: expected three base64url parts.'; return; }
      if (c && c.exp && c.exp * 1000 < Date.now()) { status.textContent = `That token expired at ${fmtTime(c.exp * 1000, true)}.`; return; }
      setToken(t);
      await enterConsole();
    });
  }
  sec.append(h('h2', { id: 'login-title', tabindex: '-1' }, 'Log in'), form);
  sec.querySelector('input, textarea').focus();
}

async function enterConsole() {
  document.body.classList.remove('logged-out');
  document.getElementById('login').hidden = true;
  const c = claims() || {};
  const who = clear(document.getElementById('who'));
  who.append(
    swatch(partyColor(app.party()), { id: 'who-swatch' }),
    h('bdi', { id: 'who-party' }, app.party()),
    h('span', { class: 'muted' }, c.exp ? ` · token until ${fmtTime(c.exp * 1000)}` : ''),
    h('button', { type: 'button', class: 'link', id: 'logout', onclick: () => setToken(null) }, 'Log out'));
  app.t = Date.now();
  const first = app.refreshPicture();
  live = openLive(app);
  clearInterval(pollTimer);
  // The hub has no event stream for the picture yet: refresh it every 15 s, and on events.
  pollTimer = setInterval(() => app.refreshPicture(), 15000);
  refreshParties();
  app.on('live', (ev) => { if (ev.type === 'availability' || ev.type === 'party') refreshParties(); });
  if (!location.hash) history.replaceState(null, '', '#map');
  route();
  await first;
}

// ---- the availability strip: parties from the channels directory, else from the picture

let parties = null;

async function refreshParties() {
  try {
    const body = await optional('/liaison/v1/parties');
    parties = body ? body.parties : null;
  } catch {
    parties = null;
  }
  if (parties) setParties([...(app.picture ? app.picture.items.map((i) => i.manager) : []), ...parties.map((p) => p.party)]);
  renderAvailability();
}

function renderAvailability() {
  const strip = clear(document.getElementById('availability'));
  if (document.body.classList.contains('logged-out')) return;
  const mine = document.getElementById('who-swatch');
  if (mine) mine.style.background = partyColor(app.party());
  const known = new Map();
  for (const item of app.picture ? app.picture.items : []) {
    known.set(item.manager, { party: item.manager, availability: item.availability || 'Unknown' });
  }
  for (const p of parties || []) known.set(p.party, p);
  const list = [...known.values()].sort((a, b) => a.party.localeCompare(b.party));
  strip.append(h('span', { class: 'strip-label' }, 'Parties:'));
  if (list.length === 0) strip.append(h('span', { class: 'muted' }, 'none known yet'));
  for (const p of list) {
    const state = p.unresponsive ? 'Unresponsive' : (p.availability || 'Unknown');
    strip.append(h('span', { class: `party-pill state-${state.toLowerCase()}`, title: p.last_heartbeat ? `last heartbeat ${fmtTime(p.last_heartbeat, true)}` : '' },
      swatch(partyColor(p.party)),
      partyName(p.display_name || p.party), ': ', h('strong', {}, state)));
  }
  if (!parties) strip.append(h('span', { class: 'muted small' }, ' (from the picture; the party directory is not available on this server)'));
}

// ---- alerts

function showAlert(text, level, key) {
  const box = document.getElementById('alerts');
  if (key && box.querySelector(`[data-key="${CSS.escape(key)}"]`)) return;
  const el = h('div', { class: `alert alert-${level}`, dataset: key ? { key } : {} },
    h('span', {}, text),
    h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss alert', onclick: () => el.remove() }, '×'));
  box.append(el);
}

// ---- routing

function route() {
  if (document.body.classList.contains('logged-out')) return;
  let name = (location.hash || '#map').slice(1);
  if (!VIEWS[name] || (name === 'plan' && app.config.role !== 'node')) name = 'map';
  for (const [n, view] of Object.entries(VIEWS)) {
    const sec = document.getElementById(`view-${n}`);
    const active = n === name;
    if (active && !mounted.has(n)) {
      view.mount(sec, app);
      mounted.add(n);
    }
    sec.hidden = !active;
    if (active && view.show) view.show();
    if (!active && mounted.has(n) && view.hide) view.hide();
  }
  document.querySelectorAll('#tabs a').forEach((a) => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const heading = document.getElementById(`${name}-title`);
  if (heading && document.activeElement && document.activeElement.closest('#tabs')) heading.focus({ preventScroll: true });
  announce(`${name} view`);
}

start().catch((e) => {
  document.getElementById('main').prepend(h('p', { class: 'alert alert-danger' }, `The console failed to start: ${e.message}`));
});
