// "Talk it through with a helpline": the parent gets a one-time code to read to the helpline, so a staff
// member can open this conversation in their console and carry on with them on the phone. Offered only when
// the page names its helpline (the `helpline` attribute), and it says plainly what the helpline will see.

/** Digits read one by one by a screen reader ("1 2 3 4 5 6"), shown in two groups of three. */
function codeParts(h, code) {
  return [
    h('span', { 'aria-hidden': 'true', text: `${code.slice(0, 3)} ${code.slice(3)}` }),
    h('span', { class: 'rta-visually-hidden', text: code.split('').join(' ') }),
  ];
}

export class HelplineHandover {
  /** h: the widget's element helper; t(key, values): its strings; getCode(): POSTs for a new code. */
  constructor({ h, t, helpline, getCode, onClose }) {
    this.h = h;
    this.t = t;
    this.helpline = helpline;
    this.getCode = getCode;
    this.onClose = onClose;
    this.box = h('div', { class: 'rta-helpline', hidden: true });
  }

  open() {
    const { h, t } = this;
    const prompt = h('p', { tabindex: '-1', text: t('helplineExplain', { helpline: this.helpline }) });
    const get = h('button', { type: 'button', class: 'rta-button rta-helpline-get', text: t('helplineGetCode') });
    get.addEventListener('click', () => this.fetchCode());
    this.box.replaceChildren(prompt, h('div', { class: 'rta-confirm-buttons' }, [get, this.closeButton()]));
    this.box.hidden = false;
    prompt.focus();
  }

  closeButton() {
    const close = this.h('button', { type: 'button', class: 'rta-button rta-button-secondary', text: this.t('helplineClose') });
    close.addEventListener('click', () => this.close());
    return close;
  }

  close() {
    this.box.hidden = true;
    this.box.replaceChildren();
    this.onClose();
  }

  async fetchCode() {
    const { h, t } = this;
    let reply;
    try {
      reply = await this.getCode();
    } catch (error) {
      const message = h('p', { class: 'rta-helpline-error', role: 'alert', text: (error && error.kind === 'refused' && error.detail) || t('helplineError') });
      this.box.querySelector('.rta-helpline-error')?.remove();
      this.box.prepend(message);
      return;
    }
    const until = new Date(reply.expires_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    const heading = h('p', { tabindex: '-1', text: t('helplineYourCode', { helpline: this.helpline }) });
    const again = h('button', { type: 'button', class: 'rta-button rta-button-secondary', text: t('helplineNewCode') });
    again.addEventListener('click', () => this.fetchCode());
    this.box.replaceChildren(
      heading,
      h('p', { class: 'rta-helpline-code' }, codeParts(h, String(reply.code))),
      h('p', { text: t('helplineCodeNote', { time: until, minutes: reply.valid_minutes }) }),
      h('div', { class: 'rta-confirm-buttons' }, [again, this.closeButton()]),
    );
    heading.focus();
  }
}
