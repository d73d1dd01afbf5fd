// Ledger view: the current checkpoint, an inquiry search, and "Verify", which checks the hub's
// log in this browser: every leaf hash, the root, inclusion proofs, a consistency proof from the
// last checkpoint this browser verified, and the checkpoint's Ed25519 signature.
import { api, NotAvailable } from './api.js';
import { b64decode, equal, leafHash, rootOf, verifyConsistency, verifyInclusion, verifyNote } from './merkle.js';
import { clear, fmtTime, h, partyName } from './util.js';

const BASE = '/liaison/v1/ledger';
const PAGE = 1000;
const MAX_AUDIT = 50000;
let app;
let cpBox;
let results;
let searchBox;
let verifyBox;

export function mount(section, a) {
  app = a;
  cpBox = h('div', { class: 'checkpoint', id: 'checkpoint' });
  verifyBox = h('div', { class: 'verify', id: 'verify-result', 'aria-live': 'polite' });
  searchBox = h('div', { class: 'search-results', id: 'search-results' });
  const verifyButton = h('button', { type: 'button', id: 'verify', onclick: () => verify() }, 'Verify');
  section.append(h('h2', { id: 'ledger-title', tabindex: '-1' }, 'Ledger'),
    h('div', { class: 'ledger-layout' },
      h('div', {}, h('h3', {}, 'Current checkpoint'), cpBox,
        h('p', {}, verifyButton, ' ', h('span', { class: 'muted small' }, 'Recomputes the tree from its entries and checks the hub\'s proofs here, in the browser.')),
        verifyBox),
      h('div', {}, h('h3', {}, 'Inquiry'), searchForm(), searchBox)));
  app.on('live', () => { if (!section.hidden) loadCheckpoint(); });
}

export function show() {
  loadCheckpoint();
}

async function loadCheckpoint() {
  clear(cpBox);
  try {
    const cp = await api(`${BASE}/checkpoint`);
    cpBox.append(h('dl', {},
      h('dt', {}, 'Origin'), h('dd', {}, cp.origin),
      h('dt', {}, 'Entries'), h('dd', { id: 'tree-size' }, String(cp.tree_size)),
      h('dt', {}, 'Root (SHA-256)'), h('dd', {}, h('code', { class: 'wrap' }, cp.root_hash)),
      cp.cosigned_by ? [h('dt', {}, 'Cosigned by'), h('dd', {}, `${cp.cosigned_by.join(', ')} at size ${cp.cosigned_tree_size}`)] : null),
    h('details', {}, h('summary', {}, 'Signed note'), h('pre', { class: 'note' }, cp.note)));
    return cp;
  } catch (e) {
    cpBox.append(h('p', { class: 'alert alert-info', id: 'ledger-unavailable' }, e instanceof NotAvailable
      ? 'The ledger API is not available on this server yet (no /liaison/v1/ledger here).'
      : `The checkpoint could not be loaded: ${e.message}`));
    return null;
  }
}

function decodeEntry(b64) {
  const bytes = b64decode(b64);
  try {
    return { bytes, json: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { bytes, json: null };
  }
}

function searchForm() {
  const party = h('input', { id: 'q-party', spellcheck: 'false' });
  const type = h('input', { id: 'q-type', list: 'q-types', spellcheck: 'false' });
  const from = h('input', { id: 'q-from', type: 'datetime-local' });
  const to = h('input', { id: 'q-to', type: 'datetime-local' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const types = ['notice.create', 'notice.update', 'notice.delete', 'restriction.create', 'restriction.update',
    'restriction.delete', 'watch.create', 'watch.update', 'watch.delete', 'availability.set', 'channel.create',
    'channel.member.add', 'channel.member.remove', 'channel.suspend', 'channel.resume', 'message.post',
    'message.delivered', 'message.read', 'message.ack', 'message.escalation', 'party.directory',
    'party.unresponsive', 'party.responsive', 'witness.register'];
  const form = h('form', { class: 'grid-form', id: 'ledger-search' },
    h('label', { for: 'q-party' }, 'Party'), party,
    h('label', { for: 'q-type' }, 'Type'), type, h('datalist', { id: 'q-types' }, types.map((t) => h('option', { value: t }))),
    h('label', { for: 'q-from' }, 'From (UTC)'), from,
    h('label', { for: 'q-to' }, 'To (UTC)'), to,
    h('span', {}), h('button', { type: 'submit' }, 'Search'), status);
  const utc = (v) => (v ? new Date(`${v}Z`).toISOString() : undefined);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(searchBox);
    status.textContent = 'Searching…';
    try {
      const body = await api(`${BASE}/search`, { query: { party: party.value.trim(), type: type.value.trim(), from: utc(from.value), to: utc(to.value), limit: 200 } });
      status.textContent = `${body.entries.length} entr${body.entries.length === 1 ? 'y' : 'ies'}.`;
      searchBox.append(entriesTable(body.entries));
    } catch (err) {
      status.textContent = err instanceof NotAvailable ? 'The ledger API is not available on this server yet.' : err.message;
    }
  });
  return form;
}

function entriesTable(entries) {
  return h('table', { class: 'small entries' },
    h('thead', {}, h('tr', {}, ['#', 'Time', 'Type', 'Party', 'Proof'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, entries.map((e) => {
      const { json } = decodeEntry(e.entry);
      const cell = h('td', {});
      cell.append(h('button', { type: 'button', class: 'link', onclick: async () => {
        cell.textContent = 'checking…';
        cell.textContent = await proveOne(e) ? '✓ included' : '✗ proof failed';
      } }, 'Prove'));
      return h('tr', {}, h('td', {}, String(e.index)), h('td', {}, json ? fmtTime(json.time, true) : '—'),
        h('td', {}, json ? json.type : '?'), h('td', {}, json ? partyName(json.party) : '?'), cell);
    })));
}

async function proveOne(e) {
  const cp = await api(`${BASE}/checkpoint`);
  const leaf = await leafHash(decodeEntry(e.entry).bytes);
  if (!equal(leaf, b64decode(e.leaf_hash))) return false;
  const p = await api(`${BASE}/proof/inclusion`, { query: { index: e.index, tree_size: cp.tree_size } });
  return verifyInclusion(e.index, cp.tree_size, leaf, p.inclusion_path.map(b64decode), b64decode(cp.root_hash));
}

async function verify() {
  clear(verifyBox);
  const list = h('ul', { class: 'checks', id: 'checks' });
  verifyBox.append(list);
  const check = (ok, text) => {
    const cls = ok === true ? 'ok' : ok === false ? 'fail' : 'skip';
    list.append(h('li', { class: cls }, h('span', { 'aria-hidden': 'true' }, ok === true ? '✓ ' : ok === false ? '✗ ' : '– '),
      h('span', { class: 'visually-hidden' }, ok === true ? 'passed: ' : ok === false ? 'FAILED: ' : 'skipped: '), text));
    return ok !== false;
  };
  const t0 = performance.now();
  let all = true;
  try {
    const cp = await api(`${BASE}/checkpoint`);
    const n = cp.tree_size;
    const root = b64decode(cp.root_hash);
    // signature
    try {
      const key = await api(`${BASE}/key`);
      const sig = await verifyNote(cp.note, key.name, b64decode(key.public_key));
      all = check(sig, sig === null ? 'Checkpoint signature not checked: this browser has no Ed25519 in WebCrypto.'
        : sig ? `Checkpoint signed by ${key.name} (Ed25519).` : `Checkpoint signature by ${key.name} does not verify.`) && all;
    } catch (e) {
      all = check(false, `Could not check the signature: ${e.message}`) && all;
    }
    // every leaf, then the root
    if (n > MAX_AUDIT) {
      check(null, `The log has ${n} entries; the full recomputation is limited to ${MAX_AUDIT} in the browser (use liaison ledger verify).`);
    }
    const upto = Math.min(n, MAX_AUDIT);
    const leaves = [];
    const entries = [];
    let badLeaf = -1;
    for (let start = 0; start < upto; start += PAGE) {
      const page = await api(`${BASE}/entries`, { query: { start, end: Math.min(upto, start + PAGE) } });
      for (const e of page.entries) {
        const leaf = await leafHash(decodeEntry(e.entry).bytes);
        if (badLeaf < 0 && !equal(leaf, b64decode(e.leaf_hash))) badLeaf = e.index;
        leaves.push(leaf);
        entries.push(e);
      }
    }
    all = check(badLeaf < 0, badLeaf < 0 ? `All ${leaves.length} entries hash to the leaf hashes the hub reports.`
      : `Entry ${badLeaf} does not hash to its reported leaf hash.`) && all;
    if (upto === n) {
      const computed = await rootOf(leaves);
      all = check(equal(computed, root), equal(computed, root)
        ? `The root recomputed from ${n} entries equals the checkpoint's root.`
        : 'The root recomputed from the entries differs from the checkpoint\'s root.') && all;
    }
    // inclusion proofs for a spread of entries
    const picks = [...new Set([0, Math.floor(n / 3), Math.floor((2 * n) / 3), n - 1])].filter((i) => i >= 0 && i < leaves.length);
    let incOk = 0;
    for (const i of picks) {
      const p = await api(`${BASE}/proof/inclusion`, { query: { index: i, tree_size: n } });
      if (await verifyInclusion(i, n, leaves[i], p.inclusion_path.map(b64decode), root)) incOk++;
    }
    if (picks.length) {
      all = check(incOk === picks.length, `Inclusion proofs (RFC 9162 §2.1.3) verified for entries ${picks.join(', ')}: ${incOk} of ${picks.length}.`) && all;
    }
    // consistency with what this browser verified before, or with half the tree
    const storeKey = `liaison.ledger.${cp.origin}`;
    const prev = JSON.parse(localStorage.getItem(storeKey) || 'null');
    let m = null;
    let mRoot = null;
    let source;
    if (prev && prev.size > 0 && prev.size <= n) {
      m = prev.size; mRoot = b64decode(prev.root); source = `the checkpoint this browser verified at ${fmtTime(prev.at, true)}`;
    } else if (n >= 2 && upto === n) {
      m = Math.floor(n / 2); mRoot = await rootOf(leaves.slice(0, m)); source = 'the first half of the log, recomputed here';
    }
    if (m !== null) {
      const c = await api(`${BASE}/proof/consistency`, { query: { first: m, second: n } });
      const ok = await verifyConsistency(m, n, mRoot, root, c.consistency_path.map(b64decode));
      all = check(ok, ok ? `Consistency proof (RFC 9162 §2.1.4): the log of ${n} extends ${source} (size ${m}).`
        : `Consistency proof from size ${m} (${source}) to ${n} FAILED: the log was rewritten.`) && all;
    } else {
      check(null, 'Consistency: the log is too small to compare.');
    }
    if (all) localStorage.setItem(storeKey, JSON.stringify({ size: n, root: cp.root_hash, at: Date.now() }));
    const ms = Math.round(performance.now() - t0);
    verifyBox.prepend(h('p', { class: all ? 'verdict ok' : 'verdict fail', id: 'verdict' },
      all ? `Verified: ${n} entries, root and proofs check out (${ms} ms).` : 'Verification FAILED: see below.'));
  } catch (e) {
    verifyBox.prepend(h('p', { class: 'verdict fail', id: 'verdict' }, e instanceof NotAvailable
      ? 'The ledger API is not available on this server yet.' : `Verification could not run: ${e.message}`));
  }
}
