// Exit this page, after the GOV.UK Design System component: a red button, and Shift pressed
// 3 times within 5 seconds from anywhere on the page. Shift is used because it does nothing
// on its own, is on every keyboard and is easy to press in a hurry; Escape is not used
// because it already closes things. Any other key resets the count, so typing capital
// letters never triggers it.

const PRESSES_NEEDED = 3;
const WINDOW_MS = 5000;

export class ShiftShortcut {
  /**
   * @param {(message: string) => void} announce  speaks progress through a live region
   * @param {() => void} onExit
   * @param {{shiftMore: string, shiftOneMore: string, exitActivated: string, exitExpired: string}} text
   */
  constructor(announce, onExit, text) {
    this.announce = announce;
    this.onExit = onExit;
    this.text = text;
    this.count = 0;
    this.timer = null;
    this.onKeyDown = this.onKeyDown.bind(this);
  }

  listen(target = document) {
    this.target = target;
    target.addEventListener('keydown', this.onKeyDown, true);
  }

  stop() {
    if (this.target) this.target.removeEventListener('keydown', this.onKeyDown, true);
    this.reset();
  }

  reset() {
    clearTimeout(this.timer);
    this.timer = null;
    this.count = 0;
  }

  onKeyDown(event) {
    if (event.key !== 'Shift') {
      this.reset();
      return;
    }
    if (event.repeat) return; // holding Shift down is one press
    this.count += 1;
    if (this.count >= PRESSES_NEEDED) {
      this.reset();
      this.announce(this.text.exitActivated);
      this.onExit();
      return;
    }
    if (this.count === 1) {
      this.timer = setTimeout(() => {
        this.reset();
        this.announce(this.text.exitExpired);
      }, WINDOW_MS);
    }
    const left = PRESSES_NEEDED - this.count;
    this.announce(left === 1 ? this.text.shiftOneMore : this.text.shiftMore.replace('{count}', String(left)));
  }
}
