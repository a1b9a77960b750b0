// The only network traffic the widget makes: JSON calls to the gateway's /api, without cookies.

export class ApiError extends Error {
  /** kind: "network" | "gone" (404) | "too-long" (413) | "server" (5xx) | "refused" (other 4xx) */
  constructor(kind, status = 0, detail = '') {
    super(detail || kind);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
  }
}

// Long enough for a slow dialogue engine, short enough that a parent is not left waiting forever.
const TIMEOUT_MS = 45000;
// A 503 or a lost connection is tried again by itself, after 1, 2 and 4 s (or the server's Retry-After, up to
// 10 s), before the parent is asked. Safe because every call that files something carries a client message
// id: the gateway answers a repeat with the first reply and never files the words twice.
const RETRY_DELAYS_MS = [1000, 2000, 4000];

/** A random id for one call and all its retries (the gateway's `client_message_id`). */
export function newMessageId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

export class Gateway {
  constructor(base) {
    this.base = base.replace(/\/+$/, '');
  }

  conversationUrl(id, suffix = '') {
    return `${this.base}/api/conversations/${encodeURIComponent(id)}${suffix}`;
  }

  letterPreviewUrl(id) {
    return `${this.base}/letter/${encodeURIComponent(id)}`;
  }

  letterPdfUrl(id) {
    return this.conversationUrl(id, '/letter?format=pdf');
  }

  /** request(), tried again after a 503 or a network failure (never after a 4xx, and never a keepalive call). */
  async request(method, url, body, options = {}) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.requestOnce(method, url, body, options);
      } catch (error) {
        const retriable = error.kind === 'network' || (error.kind === 'server' && error.status === 503);
        if (!retriable || options.keepalive || attempt >= RETRY_DELAYS_MS.length) throw error;
        await sleep(error.retryAfterMs ? Math.min(error.retryAfterMs, 10000) : RETRY_DELAYS_MS[attempt]);
      }
    }
  }

  async requestOnce(method, url, body, { keepalive = false } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let response;
    try {
      response = await fetch(url, {
        method,
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        keepalive,
        signal: controller.signal,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('network');
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (response.ok) return data;
    const detail = data && typeof data.detail === 'string' ? data.detail : '';
    if (response.status === 404) throw new ApiError('gone', 404, detail);
    if (response.status === 413) throw new ApiError('too-long', 413, detail);
    if (response.status >= 500) {
      const error = new ApiError('server', response.status, detail);
      error.retryAfterMs = 1000 * (Number(response.headers.get('Retry-After')) || 0);
      throw error;
    }
    throw new ApiError('refused', response.status, detail);
  }

  start(council, messageId = newMessageId()) {
    const body = council ? { council, client_message_id: messageId } : { client_message_id: messageId };
    return this.request('POST', `${this.base}/api/conversations`, body);
  }

  /** messageId: the same for a retry of the same message, so it is never filed twice. */
  send(id, text, messageId = newMessageId()) {
    return this.request('POST', this.conversationUrl(id, '/messages'), { text, client_message_id: messageId });
  }

  state(id) {
    return this.request('GET', this.conversationUrl(id));
  }

  /** keepalive lets the deletion finish even while the page is being replaced (Exit this page). */
  remove(id, options = {}) {
    return this.request('DELETE', this.conversationUrl(id), undefined, options).catch((error) => {
      if (error.kind === 'gone') return null; // already deleted: that is what we wanted
      throw error;
    });
  }
}
