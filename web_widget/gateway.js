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

  async request(method, url, body, { keepalive = false } = {}) {
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
    if (response.status >= 500) throw new ApiError('server', response.status, detail);
    throw new ApiError('refused', response.status, detail);
  }

  start(council) {
    return this.request('POST', `${this.base}/api/conversations`, council ? { council } : {});
  }

  send(id, text) {
    return this.request('POST', this.conversationUrl(id, '/messages'), { text });
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
