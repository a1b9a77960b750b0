// The console's only script. The pages work without it (every form posts and the page reloads); with it,
// the console's forms are sent in the background and only the parts that changed are replaced, so focus
// stays in the caller's-words box and a screen reader hears only the bot's new messages (the transcript is a log).
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
const transcript = document.getElementById('transcript');
const status = document.getElementById('turn-status');

function say(text) {
  if (status) status.textContent = text;
}

function scrollToEnd() {
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
}

// The HTML comes from our own server-side templates, which escape every word a caller or parent typed.
function apply(data) {
  if (data.append && transcript) {
    transcript.insertAdjacentHTML('beforeend', data.append);
    scrollToEnd();
  }
  for (const [id, html] of Object.entries(data.replace || {})) {
    const target = document.getElementById(id);
    if (target) target.innerHTML = html;
  }
  say(data.status || '');
}

async function send(form) {
  if (form.dataset.busy) return;
  const kind = form.dataset.consoleForm;
  const buttons = [...form.querySelectorAll('button')];
  form.dataset.busy = 'true';
  buttons.forEach((button) => { button.disabled = true; });
  say(kind === 'note' ? 'Saving the note…' : 'Waiting for the bot…');
  let response;
  try {
    response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
      credentials: 'same-origin',
    });
  } catch {
    say('The console could not reach the service. Nothing was lost: please try again.');
    return;
  } finally {
    delete form.dataset.busy;
    buttons.forEach((button) => { button.disabled = false; });
  }
  if (response.status === 401) {
    window.location.assign('/staff/sign-in');
    return;
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    say(data.detail || 'Something went wrong. Please try again.');
    return;
  }
  apply(data);
  if (kind === 'compose') {
    form.querySelector('textarea').value = '';
    form.querySelector('textarea').focus();
  } else if (kind === 'reply') {
    document.getElementById('caller-words')?.focus();
  } else if (kind === 'note') {
    document.getElementById('note')?.focus();
  } else if (kind === 'correct') {
    const key = form.action.split('/').pop();
    document.querySelector(`#item-${CSS.escape(key)} summary`)?.focus();
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-console-form]');
  if (!form) return;
  event.preventDefault();
  send(form);
});

// Enter sends the caller's words; Shift and Enter make a new line.
document.getElementById('caller-words')?.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    event.target.form.requestSubmit();
  }
});

scrollToEnd();
document.querySelector('.error-summary')?.focus();
