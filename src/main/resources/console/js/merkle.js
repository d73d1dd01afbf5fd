// RFC 9162 (Certificate Transparency 2.0) Merkle tree checks with WebCrypto SHA-256:
// leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right).

export function b64decode(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function b64encode(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

async function sha256(...parts) {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(len);
  let off = 0;
  for (const p of parts) { buf.set(p, off); off += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

const ZERO = Uint8Array.of(0);
const ONE = Uint8Array.of(1);

export function leafHash(entry) {
  return sha256(ZERO, entry);
}

export function nodeHash(left, right) {
  return sha256(ONE, left, right);
}

export function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** MTH over leaf hashes, level by level; an unpaired last node moves up unchanged, as RFC 9162 §2.1.1 implies. */
export async function rootOf(leaves) {
  if (leaves.length === 0) return sha256();
  let level = leaves;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? await nodeHash(level[i], level[i + 1]) : level[i]);
    }
    level = next;
  }
  return level[0];
}

/** RFC 9162 §2.1.3.2: whether `path` proves leaf `hash` at `index` in a tree of `size` with `root`. */
export async function verifyInclusion(index, size, hash, path, root) {
  if (index < 0 || index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = hash;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equal(r, root);
}

/** RFC 9162 §2.1.4.2: whether `path` proves the tree of `first` (firstRoot) is a prefix of `second` (secondRoot). */
export async function verifyConsistency(first, second, firstRoot, secondRoot, path) {
  if (first > second) return false;
  if (first === second) return path.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0) return path.length === 0;
  if (path.length === 0) return false;
  let p = path;
  if ((first & (first - 1)) === 0) p = [firstRoot, ...path];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = p[0];
  let sr = p[0];
  for (const c of p.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equal(fr, firstRoot) && equal(sr, secondRoot);
}

/**
 * Checks a C2SP signed note's Ed25519 signature by `keyName` with the 32-byte `publicKey`.
 * Returns true, false, or null when this browser's WebCrypto has no Ed25519.
 */
export async function verifyNote(note, keyName, publicKey) {
  const split = note.indexOf('\n\n');
  if (split < 0) return false;
  const body = new TextEncoder().encode(note.slice(0, split + 1));
  const keyId = (await sha256(new TextEncoder().encode(`${keyName}\n`), ONE, publicKey)).slice(0, 4);
  let key;
  try {
    key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== keyName) continue;
    const sig = b64decode(m[2]);
    if (sig.length !== 68 || !equal(sig.slice(0, 4), keyId)) continue;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.slice(4), body)) return true;
  }
  return false;
}
