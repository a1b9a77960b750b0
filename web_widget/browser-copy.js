// The browser's copy of the conversation, in sessionStorage: it survives a reload of the tab
// and disappears when the tab is closed. No cookies, no localStorage.

const PREFIX = 'ready-to-ask:';

export class BrowserCopy {
  constructor(gatewayBase) {
    this.key = PREFIX + gatewayBase;
  }

  load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.key) || 'null');
      return saved && typeof saved.id === 'string' ? saved : null;
    } catch {
      return null; // storage blocked or damaged: start afresh rather than fail
    }
  }

  save(conversation) {
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(conversation));
    } catch {
      // Storage full or blocked: the chat still works, it just will not survive a reload.
    }
  }

  clear() {
    try {
      window.sessionStorage.removeItem(this.key);
    } catch {
      // nothing stored
    }
  }
}
