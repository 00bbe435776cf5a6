// The JSON API client (see crates/rasd-server/API.md).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// GET responses by URL, kept a minute: going back and forth between pages does not ask again, and what a
// `rasd ingest` adds meanwhile shows up soon after.
const cache = new Map();
const TTL = 60_000;

/** GET /api/v1/<path>?<params> (empty params dropped) → parsed JSON; errors become ApiError with the server's message. */
export async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const url = '/api/v1/' + path + (q.toString() ? '?' + q : '');
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < TTL) return hit.p;
  const p = (async () => {
    let res;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new ApiError(0, 'تعذّر الاتصال بالخادم · cannot reach the server (' + e.message + ')');
    }
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) {
      const msg = body && body.error && body.error.message ? body.error.message : res.status + ' ' + res.statusText;
      throw new ApiError(res.status, msg);
    }
    if (body === null) throw new ApiError(res.status, 'invalid JSON from ' + url);
    return body;
  })();
  cache.set(url, { p, at: Date.now() });
  p.catch(() => cache.delete(url));
  return p;
}
