// Turns a message's plain text into DOM nodes: text stays text (never parsed as HTML),
// line breaks become lines and paragraphs, and only http(s) addresses become links.

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
// Punctuation that ends a sentence rather than an address ("see https://x.gov.uk.").
const TRAILING = /[.,;:!?)\]]+$/;

function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function appendLine(parent, line, newTabText) {
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const address = match[0].replace(TRAILING, '');
    const href = safeHref(address);
    if (!href) continue;
    parent.append(document.createTextNode(line.slice(last, match.index)));
    const link = document.createElement('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = address;
    const hint = document.createElement('span');
    hint.className = 'rta-visually-hidden';
    hint.textContent = ` ${newTabText}`;
    link.append(hint);
    parent.append(link);
    last = match.index + address.length;
  }
  parent.append(document.createTextNode(line.slice(last)));
}

/** A fragment of <p> elements: blank lines split paragraphs, single line breaks become <br>. */
export function renderText(text, newTabText = '') {
  const fragment = document.createDocumentFragment();
  const paragraphs = String(text ?? '').replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const paragraph of paragraphs) {
    if (!paragraph.trim()) continue;
    const p = document.createElement('p');
    paragraph.split('\n').forEach((line, index) => {
      if (index > 0) p.append(document.createElement('br'));
      appendLine(p, line, newTabText);
    });
    fragment.append(p);
  }
  return fragment;
}
