// <ready-to-ask>: the embeddable chat. One <script type="module"> tag loads it; the element
// goes where the host page puts it (or, if the page has none, a chat button at the bottom right).
// Everything lives in a shadow root so the host's CSS and ours never meet.
import { defaultStrings, format } from './strings.js';
import { ShiftShortcut } from './exit-this-page.js';
import { renderText } from './messages.js';
import { Gateway, newMessageId } from './gateway.js';
import { BrowserCopy } from './browser-copy.js';
import { HelplineHandover } from './helpline.js';

const CSS_URL = new URL('./ready-to-ask.css', import.meta.url).href;
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;
// The GOV.UK convention: a neutral, busy site nobody would question.
const DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';
// How long Exit this page waits for the server to confirm the deletion before leaving anyway.
const EXIT_WAIT_MS = 600;
const COLOUR_ATTRIBUTES = {
  'colour-accent': '--rta-accent',
  'colour-accent-text': '--rta-accent-text',
  'colour-user': '--rta-user',
  'colour-user-text': '--rta-user-text',
  'colour-background': '--rta-background',
  'colour-text': '--rta-text',
};

/** createElement with attributes and children; `text` sets textContent, never HTML. */
function h(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  node.append(...[].concat(children).filter(Boolean));
  return node;
}

function kebab(key) {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function httpUrl(value, fallback) {
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : fallback;
  } catch {
    return fallback;
  }
}

class ReadyToAsk extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return; // moved within the page: keep what we have
    this.base = (this.getAttribute('gateway') || SCRIPT_ORIGIN).replace(/\/+$/, '');
    this.gateway = new Gateway(this.base);
    this.copy = new BrowserCopy(this.base);
    this.council = (this.getAttribute('council') || '').trim();
    this.exitUrl = httpUrl(this.getAttribute('exit-url') || DEFAULT_EXIT_URL, DEFAULT_EXIT_URL);
    this.launcher = this.getAttribute('mode') === 'launcher';
    this.busy = false;
    this.conversation = null;
    this.applyColours();
    this.build();
    this.shortcut = new ShiftShortcut((message) => this.announce(message), () => this.exitPage(), {
      shiftMore: this.t('shiftMore'),
      shiftOneMore: this.t('shiftOneMore'),
      exitActivated: this.t('exitActivated'),
      exitExpired: this.t('exitExpired'),
    });
    this.shortcut.listen(document);
    this.resume();
  }

  disconnectedCallback() {
    if (this.shortcut && !this.isConnected) this.shortcut.stop();
  }

  t(key) {
    const override = this.getAttribute(`text-${kebab(key)}`);
    return override != null && override !== '' ? override : defaultStrings[key];
  }

  applyColours() {
    for (const [attribute, property] of Object.entries(COLOUR_ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value && CSS.supports('color', value)) this.style.setProperty(property, value);
    }
  }

  // ----- building the interface ---------------------------------------------------------

  build() {
    const root = this.attachShadow({ mode: 'open' });
    const stylesheet = h('link', { rel: 'stylesheet', href: CSS_URL });
    // Hidden until styled, so the parent never sees a flash of unstyled controls.
    const shell = h('div', { class: 'rta', hidden: true });
    const reveal = () => { shell.hidden = false; };
    stylesheet.addEventListener('load', reveal);
    stylesheet.addEventListener('error', reveal);
    root.append(stylesheet, shell);

    const level = Math.min(6, Math.max(2, Number(this.getAttribute('heading-level')) || 2));
    this.titleHeading = h(`h${level}`, { class: 'rta-title', id: 'rta-title', tabindex: '-1', text: this.getAttribute('chat-title') || this.t('title') });
    this.exitButton = h('button', { type: 'button', class: 'rta-exit', text: this.t('exit') });
    this.exitButton.addEventListener('click', () => this.exitPage());
    const headerButtons = h('div', { class: 'rta-header-buttons' }, [this.exitButton]);
    if (this.launcher) {
      const close = h('button', { type: 'button', class: 'rta-close', text: this.t('close') });
      close.addEventListener('click', () => this.closeDialog());
      headerButtons.append(close);
    }
    const header = h('div', { class: 'rta-header' }, [this.titleHeading, headerButtons]);

    this.progressText = h('p', { class: 'rta-progress-text' });
    this.progressFill = h('div', { class: 'rta-progress-fill' });
    this.progress = h('div', { class: 'rta-progress', hidden: true }, [
      this.progressText,
      h('div', { class: 'rta-progress-bar', 'aria-hidden': 'true' }, [this.progressFill]),
    ]);

    this.intro = this.buildIntro();
    this.log = h('div', { class: 'rta-log', role: 'log', 'aria-live': 'polite', 'aria-label': this.t('conversation') });
    this.typing = h('div', { class: 'rta-typing', hidden: true, 'aria-hidden': 'true' }, [
      h('span', { class: 'rta-typing-label', text: this.t('typing') }),
      h('span', { class: 'rta-dot' }), h('span', { class: 'rta-dot' }), h('span', { class: 'rta-dot' }),
    ]);
    this.letter = h('div', { class: 'rta-letter', hidden: true });
    this.notice = h('div', { class: 'rta-notice', role: 'alert', hidden: true });
    this.body = h('div', { class: 'rta-body', tabindex: '0', role: 'region', 'aria-label': this.t('chat') }, [
      this.intro, this.log, this.typing, this.letter,
    ]);

    this.replies = h('div', { class: 'rta-replies', role: 'group', 'aria-label': this.t('replies'), hidden: true });
    this.compose = this.buildCompose();
    this.footer = this.buildFooter();
    // Two live regions for Exit this page's count: one inside the chat (the only part a screen
    // reader can reach while the launcher's dialog is open) and one outside it (for when it is closed).
    this.announcer = h('div', { class: 'rta-visually-hidden rta-announcer', 'aria-live': 'polite' });
    this.pageAnnouncer = h('div', { class: 'rta-visually-hidden rta-announcer', 'aria-live': 'polite' });

    this.panel = h('section', { class: 'rta-panel', 'aria-labelledby': 'rta-title' }, [
      header, this.progress, this.body, this.notice, this.replies, this.compose, this.footer, this.announcer,
    ]);
    // Covers the whole window the moment Exit this page is used.
    this.cover = h('div', { class: 'rta-cover', hidden: true });

    if (this.launcher) {
      this.dialog = h('dialog', { class: 'rta-dialog', 'aria-labelledby': 'rta-title' }, [this.panel]);
      this.dialog.addEventListener('close', () => {
        if (this.exiting) return;
        this.dock.hidden = false;
        this.openButton.focus();
      });
      this.openButton = h('button', { type: 'button', class: 'rta-open', 'aria-haspopup': 'dialog', text: this.t('open') });
      this.openButton.addEventListener('click', () => this.openDialog());
      const dockExit = h('button', { type: 'button', class: 'rta-exit', text: this.t('exit') });
      dockExit.addEventListener('click', () => this.exitPage());
      this.dock = h('div', { class: 'rta-dock' }, [dockExit, this.openButton]);
      shell.append(this.dock, this.dialog);
      this.keepClearOfFocus(this.dock);
    } else {
      // When the chat's own Exit button is scrolled out of view, a copy stays at the top of the screen.
      const floatingExit = h('button', { type: 'button', class: 'rta-exit rta-exit-floating', hidden: true, text: this.t('exit') });
      floatingExit.addEventListener('click', () => this.exitPage());
      new IntersectionObserver(([entry]) => {
        floatingExit.hidden = entry.isIntersecting || this.exiting;
      }).observe(this.exitButton);
      shell.append(this.panel, floatingExit);
      this.keepClearOfFocus(floatingExit);
    }
    shell.append(this.pageAnnouncer, this.cover);
  }

  buildIntro() {
    const start = h('button', { type: 'button', class: 'rta-button', text: this.t('start') });
    start.addEventListener('click', () => this.start());
    this.startButton = start;
    const safety = this.getAttribute('safety-advice-url');
    const children = [
      h('p', { text: this.t('intro') }),
      h('p', { class: 'rta-exit-explain', text: this.t('exitExplain') }),
      h('p', { text: this.t('privacyNote') }),
    ];
    if (safety) {
      const link = h('a', { href: httpUrl(safety, '#'), target: '_blank', rel: 'noopener noreferrer', text: this.t('safetyAdvice') });
      link.append(h('span', { class: 'rta-visually-hidden', text: ` ${this.t('newTab')}` }));
      children.push(h('p', {}, [link]));
    }
    this.deletedNote = h('p', { class: 'rta-deleted', hidden: true, text: this.t('deleted') });
    return h('div', { class: 'rta-intro' }, [this.deletedNote, ...children, start]);
  }

  buildCompose() {
    this.input = h('textarea', { id: 'rta-input', class: 'rta-input', rows: '2', 'aria-describedby': 'rta-input-hint', autocomplete: 'off' });
    const send = h('button', { type: 'submit', class: 'rta-button rta-send', text: this.t('send') });
    const form = h('form', { class: 'rta-compose', hidden: true }, [
      h('label', { for: 'rta-input', class: 'rta-label', text: this.t('inputLabel') }),
      h('p', { id: 'rta-input-hint', class: 'rta-hint', text: this.t('inputHint') }),
      h('div', { class: 'rta-compose-row' }, [this.input, send]),
    ]);
    // What the parent is typing is kept with the conversation, so a reload loses nothing.
    this.input.addEventListener('input', () => {
      if (!this.conversation) return;
      this.conversation.draft = this.input.value;
      this.save();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendTyped();
      }
    });
    return form;
  }

  buildFooter() {
    const again = h('button', { type: 'button', class: 'rta-link-button', text: this.t('startAgain') });
    const remove = h('button', { type: 'button', class: 'rta-link-button', text: this.t('deleteAnswers') });
    again.addEventListener('click', () => this.confirm(again, this.t('confirmStartAgain'), this.t('confirmYesStartAgain'), () => this.startAgain()));
    remove.addEventListener('click', () => this.confirm(remove, this.t('confirmDelete'), this.t('confirmYesDelete'), () => this.deleteAnswers()));
    this.actions = h('div', { class: 'rta-actions' }, [again, remove]);
    this.confirmBox = h('div', { class: 'rta-confirm', hidden: true });
    const footer = h('div', { class: 'rta-footer', hidden: true }, [this.actions, this.confirmBox]);
    const helpline = (this.getAttribute('helpline') || '').trim();
    if (helpline) {
      const talk = h('button', { type: 'button', class: 'rta-link-button rta-helpline-open', text: this.t('helpline') });
      const handover = new HelplineHandover({
        h,
        t: (key, values) => format(this.t(key), values || {}),
        helpline,
        getCode: () => this.gateway.request('POST', this.gateway.conversationUrl(this.conversation.id, '/handover-code'), {}),
        onClose: () => { this.actions.hidden = false; talk.focus(); },
      });
      talk.addEventListener('click', () => { this.actions.hidden = true; handover.open(); });
      this.actions.append(talk);
      footer.append(handover.box);
    }
    return footer;
  }

  // ----- launcher mode ------------------------------------------------------------------

  openDialog() {
    if (!this.dialog.open) this.dialog.showModal();
    this.dock.hidden = true; // behind the dialog it would only get in the way
    const typing = this.compose.hidden ? null : this.input;
    (typing || this.titleHeading).focus();
    this.scrollToEnd();
  }

  closeDialog() {
    this.dialog.close(); // the close event returns focus to the chat button
  }

  // A floating button must never hide what the parent is working on in the host page:
  // if the focused element is underneath it, it moves to the other end of the screen.
  keepClearOfFocus(floating) {
    document.addEventListener('focusin', (event) => {
      if (event.target === this) return;
      floating.classList.remove('rta-moved');
      const a = event.target.getBoundingClientRect();
      const b = floating.getBoundingClientRect();
      const overlaps = a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
      if (overlaps) floating.classList.add('rta-moved');
    });
  }

  // ----- conversation -------------------------------------------------------------------

  async resume() {
    const saved = this.copy.load();
    if (!saved) {
      this.showIntro();
      return;
    }
    this.conversation = saved;
    this.showChat();
    for (const message of saved.transcript || []) this.appendMessage(message.from, message.text, message.kind);
    this.showReplies(saved.replies || []);
    if (saved.draft) this.input.value = saved.draft;
    this.showProgress(saved.progress, saved.details);
    this.showLetter();
    try {
      const state = await this.gateway.state(saved.id);
      this.applyState(state);
      this.save();
    } catch (error) {
      if (error.kind === 'gone') this.conversationGone();
      // A network failure here is fine: the next answer will say so and can be retried.
    }
  }

  showIntro() {
    this.intro.hidden = false;
    this.log.hidden = true;
    this.compose.hidden = true;
    this.footer.hidden = true;
    this.replies.hidden = true;
    this.progress.hidden = true;
    this.letter.hidden = true;
  }

  showChat() {
    this.intro.hidden = true;
    this.deletedNote.hidden = true;
    this.log.hidden = false;
    this.compose.hidden = false;
    this.footer.hidden = false;
  }

  async start() {
    if (this.busy) return;
    this.clearNotice();
    this.setBusy(true);
    try {
      this.starting = this.gateway.start(this.council);
      const reply = await this.starting;
      if (this.exiting) return;
      this.conversation = { id: reply.conversation_id, transcript: [], replies: [], asking: null, progress: null, finished: false };
      this.log.replaceChildren();
      this.showChat();
      this.receive(reply);
    } catch (error) {
      this.showError(error, () => this.start());
    } finally {
      this.setBusy(false);
    }
  }

  sendTyped() {
    const text = this.input.value;
    if (!text.trim()) {
      this.showNotice(this.t('empty'));
      this.input.focus();
      return;
    }
    this.send(text, text, true);
  }

  /** Sends `text` (a button's payload or what was typed); the transcript shows `shown`. */
  async send(text, shown, typed) {
    if (this.busy || !this.conversation) return;
    this.clearNotice();
    this.setBusy(true);
    const pending = this.appendMessage('user', shown);
    // "Try again" after a failure sends the same message id: if the first attempt did arrive, the gateway
    // answers with its reply instead of filing the words a second time.
    if (!this.unsent || this.unsent.text !== text) this.unsent = { text, id: newMessageId() };
    try {
      const reply = await this.gateway.send(this.conversation.id, text, this.unsent.id);
      this.unsent = null;
      if (typed && this.input.value === text) {
        this.input.value = '';
        this.conversation.draft = '';
      }
      this.conversation.transcript.push({ from: 'user', text: shown });
      this.receive(reply);
      // An older gateway may not say whether the checklist is finished: then ask when nothing is being asked.
      const conversation = this.conversation;
      if (conversation && !('finished' in reply) && conversation.asking === null && !conversation.finished) {
        await this.checkFinished();
      }
    } catch (error) {
      pending.remove();
      if (error.kind === 'gone') this.conversationGone();
      else this.showError(error, typed ? () => this.sendTyped() : () => this.send(text, shown, false));
    } finally {
      this.setBusy(false);
    }
  }

  receive(reply) {
    if (this.exiting) return;
    const hadFocus = this.matches(':focus-within');
    let firstNew = null;
    for (const message of reply.messages || []) {
      if (!message || !message.text) continue;
      const kind = message.kind === 'urgent' || message.kind === 'check' ? message.kind : null;
      const bubble = this.appendMessage('bot', message.text, kind);
      firstNew = firstNew || bubble;
      this.conversation.transcript.push({ from: 'bot', text: message.text, kind });
    }
    const last = (reply.messages || []).filter((message) => message && message.text !== undefined).pop();
    const buttons = (last && Array.isArray(last.buttons) ? last.buttons : [])
      .filter((button) => button && button.title)
      .map((button) => ({ title: String(button.title), payload: String(button.payload ?? button.title) }));
    this.applyState(reply);
    this.conversation.replies = buttons;
    this.showReplies(buttons);
    this.save();
    if (hadFocus || (this.dialog && this.dialog.open)) {
      // Focus follows the conversation: the answer box while a question wants words,
      // otherwise the first suggested answer (e.g. "Start", "That's all correct").
      const first = this.replies.querySelector('button');
      (this.conversation.asking || !first ? this.input : first).focus({ preventScroll: true });
    }
    this.typing.hidden = true;
    this.showNewest(firstNew);
  }

  /** Scrolls to the end, unless that would hide the start of a long reply: then to its first line.
   *  When the letter is ready, its links come into view whatever else happens. */
  showNewest(firstNew) {
    const body = this.body;
    let top = body.scrollHeight;
    if (firstNew) top = Math.min(top, firstNew.offsetTop - 12);
    if (!this.letter.hidden) top = Math.max(top, this.letter.offsetTop + this.letter.offsetHeight + 12 - body.clientHeight);
    body.scrollTop = top;
  }

  applyState(state) {
    if (!state || !this.conversation) return;
    if ('asking' in state) this.conversation.asking = state.asking ?? null;
    if (state.progress) this.conversation.progress = state.progress;
    if ('details' in state) this.conversation.details = state.details || null;
    // The server decides: changing an answer after the end can make the letter "not ready" again.
    if ('finished' in state) this.conversation.finished = state.finished === true;
    if ('letter' in state) this.conversation.letter = state.letter || null;
    this.showProgress(this.conversation.progress, this.conversation.details);
    this.showLetter();
  }

  async checkFinished() {
    try {
      this.applyState(await this.gateway.state(this.conversation.id));
      this.save();
    } catch {
      // not knowing yet is harmless: we ask again after the next answer
    }
  }

  save() {
    if (this.conversation && !this.exiting) this.copy.save(this.conversation);
  }

  // ----- rendering ----------------------------------------------------------------------

  appendMessage(from, text, kind = null) {
    // Emergency help and the "Is anyone in danger right now?" question look different and say what they
    // are to screen readers; emergency help is also announced at once (role="alert").
    const label = kind === 'urgent' ? this.t('urgentLabel') : kind === 'check' ? this.t('checkLabel') : null;
    const bubble = h('div', {
      class: `rta-message rta-from-${from}${kind ? ` rta-kind-${kind}` : ''}`,
      ...(kind === 'urgent' ? { role: 'alert' } : {}),
    }, [
      h('span', { class: 'rta-visually-hidden', text: label || (from === 'bot' ? this.t('botName') : this.t('youName')) }),
    ]);
    bubble.append(renderText(text, this.t('newTab')));
    this.log.append(bubble); // appended whole, so the live region announces only finished messages
    this.scrollToEnd();
    return bubble;
  }

  showReplies(buttons) {
    this.replies.replaceChildren(...buttons.map((button) => {
      const node = h('button', { type: 'button', class: 'rta-reply', 'data-payload': button.payload, text: button.title });
      node.addEventListener('click', () => this.send(button.payload, button.title, false));
      return node;
    }));
    this.replies.hidden = buttons.length === 0;
  }

  /** The main questions' progress; during the optional details for the letter it stays "9 of 9" and says so
   *  ("9 of 9 questions answered — a few details for the letter"), so the extra part never looks like more work. */
  showProgress(progress, details) {
    const total = progress && Number(progress.total);
    if (!total) {
      this.progress.hidden = true;
      return;
    }
    const answered = Math.min(total, Math.max(0, Number(progress.answered) || 0));
    const label = details && details.label ? String(details.label) : '';
    this.progressText.textContent = label
      ? format(this.t('progressDetails'), { answered, total, label })
      : format(this.t('progress'), { answered, total });
    this.progressFill.style.width = `${Math.round((answered / total) * 100)}%`;
    this.progress.hidden = false;
  }

  showLetter() {
    const conversation = this.conversation;
    if (!conversation || !conversation.finished) {
      this.letter.hidden = true;
      return;
    }
    if (this.letter.dataset.id === conversation.id) {
      this.letter.hidden = false;
      return;
    }
    const link = (href, label, className) => {
      const a = h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: className, text: label });
      a.append(h('span', { class: 'rta-visually-hidden', text: ` ${this.t('newTab')}` }));
      return a;
    };
    // The gateway says where the letter is (paths on the gateway); older gateways did not, hence the fallback.
    const given = conversation.letter || {};
    const at = (path, fallback) => (path ? httpUrl(new URL(path, `${this.base}/`).href, fallback) : fallback);
    this.letter.replaceChildren(
      h('p', { text: this.t('letterReady') }),
      h('p', { class: 'rta-letter-links' }, [
        link(at(given.preview_url, this.gateway.letterPreviewUrl(conversation.id)), this.t('letterPreview'), 'rta-button rta-letter-preview'),
        link(at(given.pdf_url, this.gateway.letterPdfUrl(conversation.id)), this.t('letterPdf'), 'rta-button rta-button-secondary rta-letter-pdf'),
      ]),
    );
    this.letter.dataset.id = conversation.id;
    this.letter.hidden = false;
  }

  setBusy(busy) {
    this.busy = busy;
    this.typing.hidden = !busy;
    this.log.setAttribute('aria-busy', String(busy));
    if (busy) this.scrollToEnd();
  }

  scrollToEnd() {
    this.body.scrollTop = this.body.scrollHeight;
  }

  announce(message) {
    const region = this.dialog && !this.dialog.open ? this.pageAnnouncer : this.announcer;
    // Cleared first so the same sentence twice in a row is still spoken.
    region.textContent = '';
    setTimeout(() => { region.textContent = message; }, 50);
  }

  showNotice(message, action) {
    const children = [h('p', { text: message })];
    if (action) {
      const button = h('button', { type: 'button', class: 'rta-button rta-retry', text: action.label });
      button.addEventListener('click', () => {
        this.clearNotice();
        action.run();
      });
      children.push(button);
    }
    this.notice.replaceChildren(...children);
    this.notice.hidden = false;
  }

  clearNotice() {
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }

  showError(error, retry) {
    let message = this.t('errorServer');
    if (error.kind === 'network') message = this.t('errorNetwork');
    else if ((error.kind === 'too-long' || error.kind === 'refused') && error.detail) message = error.detail;
    const canRetry = error.kind === 'network' || error.kind === 'server';
    this.showNotice(message, canRetry ? { label: this.t('retry'), run: retry } : null);
    if (error.kind === 'too-long') this.input.focus();
  }

  conversationGone() {
    this.copy.clear();
    this.conversation = null;
    this.showReplies([]);
    this.compose.hidden = true;
    this.showNotice(this.t('gone'), { label: this.t('startAgain'), run: () => this.start() });
    const retry = this.notice.querySelector('button');
    if (retry && this.matches(':focus-within')) retry.focus();
  }

  // ----- start again, delete, exit ------------------------------------------------------

  confirm(trigger, question, yesLabel, onYes) {
    const prompt = h('p', { tabindex: '-1', text: question });
    const yes = h('button', { type: 'button', class: 'rta-button rta-warning', text: yesLabel });
    const cancel = h('button', { type: 'button', class: 'rta-button rta-button-secondary', text: this.t('cancel') });
    const close = () => {
      this.confirmBox.hidden = true;
      this.confirmBox.replaceChildren();
      this.actions.hidden = false;
    };
    yes.addEventListener('click', () => { close(); onYes(); });
    cancel.addEventListener('click', () => { close(); trigger.focus(); });
    this.confirmBox.replaceChildren(prompt, h('div', { class: 'rta-confirm-buttons' }, [yes, cancel]));
    this.actions.hidden = true;
    this.confirmBox.hidden = false;
    prompt.focus();
  }

  /** Deletes the conversation on the server, then the browser's copy; false if the server could not be reached. */
  async forget(retry) {
    if (!this.conversation) return true;
    this.setBusy(true);
    try {
      await this.gateway.remove(this.conversation.id);
    } catch (error) {
      this.showError(error, retry);
      return false;
    } finally {
      this.setBusy(false);
    }
    this.copy.clear();
    this.conversation = null;
    this.log.replaceChildren();
    this.showReplies([]);
    this.letter.replaceChildren();
    delete this.letter.dataset.id;
    this.input.value = '';
    return true;
  }

  async startAgain() {
    if (await this.forget(() => this.startAgain())) await this.start();
  }

  async deleteAnswers() {
    if (!(await this.forget(() => this.deleteAnswers()))) return;
    this.showIntro();
    this.deletedNote.hidden = false;
    this.startButton.focus();
  }

  /** Hide everything at once, delete on the server and in the browser, then leave for a neutral site. */
  async exitPage() {
    if (this.exiting) return;
    this.exiting = true;
    this.cover.hidden = false;
    this.panel.hidden = true;
    if (this.dialog && this.dialog.open) this.dialog.close();
    if (this.dock) this.dock.hidden = true;
    const waited = () => new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS));
    let id = this.conversation && this.conversation.id;
    this.copy.clear();
    this.conversation = null;
    if (!id && this.busy && this.starting) {
      // A conversation being created right now must not outlive the exit.
      const reply = await Promise.race([this.starting.catch(() => null), waited()]);
      id = reply && reply.conversation_id;
    }
    if (id) {
      const deletion = this.gateway.remove(id, { keepalive: true }).catch(() => null);
      await Promise.race([deletion, waited()]);
    }
    window.location.replace(this.exitUrl);
  }
}

if (!customElements.get('ready-to-ask')) customElements.define('ready-to-ask', ReadyToAsk);

// With no <ready-to-ask> on the page, offer the chat from a button at the bottom right.
function addLauncherIfMissing() {
  if (document.querySelector('ready-to-ask')) return;
  const widget = document.createElement('ready-to-ask');
  widget.setAttribute('mode', 'launcher');
  document.body.append(widget);
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', addLauncherIfMissing);
else addLauncherIfMissing();
