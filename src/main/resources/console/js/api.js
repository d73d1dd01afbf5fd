// Calls to the hub or node API with the console's bearer token.

/** The endpoint does not exist on this server (its branch has not landed, or this is not a node). */
export class NotAvailable extends Error {
  constructor(path) {
    super(`${path} is not available on this ${document.body.dataset.role || 'server'}`);
    this.path = path;
  }
}

/** The server answered with an error; message is the server's own. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const KEY = 'liaison.token';
let token = sessionStorage.getItem(KEY);
const listeners = [];

export function getToken() {
  return token;
}

export function setToken(t) {
  token = t;
  if (t) sessionStorage.setItem(KEY, t); else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l(t));
}

export function onTokenChange(f) {
  listeners.push(f);
}

/** The token's claims (unverified: only for display; the server checks the token). */
export function claims(t = token) {
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
  } catch {
    return null;
  }
}

/**
 * Sends a request and returns the parsed JSON body. A 404 or 405 that the server marks as a
 * missing route becomes NotAvailable; any other error an ApiError carrying the server's message.
 */
export async function api(path, { method = 'GET', body, query, headers = {} } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const h = { Accept: 'application/json', ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, `cannot reach ${url.host}: ${e.message}`);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (res.ok) return json;
  const message = (json && json.message) || `${res.status} ${res.statusText}`;
  if ((res.status === 404 || res.status === 405) && /^(no route for|method \S+ not allowed|Endpoint \S+ \S+ not found)/.test(message)) {
    throw new NotAvailable(url.pathname);
  }
  if (res.status === 401) listeners.forEach((l) => l(token, 'expired'));
  throw new ApiError(res.status, message, json);
}

/** Like api(), but a missing route yields null instead of throwing. */
export async function optional(path, opts) {
  try {
    return await api(path, opts);
  } catch (e) {
    if (e instanceof NotAvailable) return null;
    throw e;
  }
}
