// Every sentence the widget shows. An embedder changes any of them with an attribute
// `text-<key in kebab-case>`, e.g. text-send="Send answer" (see README.md).
export const defaultStrings = {
  title: 'Get ready to ask for help',
  intro:
    "This chat helps you get ready to ask your council's children's services for help for your child. " +
    'It asks you some questions, one at a time. You can skip any question. ' +
    'At the end you can have a letter, in your own words, to send to the council.',
  exitExplain:
    'If you need to leave this page quickly, press the red "Exit this page" button, ' +
    'or press the Shift key 3 times. The chat disappears at once, your answers are deleted ' +
    'and a weather website opens instead.',
  privacyNote:
    'Your answers stay in this browser tab until you close it or press "Delete my answers". ' +
    'If someone else uses this device, you could use a private or incognito window.',
  safetyAdvice: 'How to browse more safely',
  urgentLabel: 'Emergency help:',
  checkLabel: 'Safety question:',
  start: 'Start',
  exit: 'Exit this page',
  open: 'Get ready to ask for help',
  close: 'Close',
  conversation: 'Conversation',
  chat: 'Chat messages',
  replies: 'Answer by choosing',
  botName: 'Ready to Ask said:',
  youName: 'You said:',
  inputLabel: 'Your answer',
  inputHint: 'Press Enter to send. For a new line, press Shift and Enter.',
  send: 'Send',
  typing: 'Ready to Ask is typing',
  progress: '{answered} of {total} questions answered',
  progressDetails: '{answered} of {total} questions answered — {label}',
  empty: 'Type your answer in the box, or choose one of the buttons.',
  errorNetwork:
    'We could not reach the service. Check your internet connection, then try again. ' +
    'Nothing you typed has been lost.',
  errorServer:
    'Something went wrong on our side. Please try again in a moment. Nothing you typed has been lost.',
  retry: 'Try again',
  gone: 'We could not find this conversation. It may have ended or been deleted.',
  startAgain: 'Start again',
  deleteAnswers: 'Delete my answers',
  confirmStartAgain: 'Start again? This deletes the answers you have given so far.',
  confirmDelete: 'Delete your answers? This cannot be undone.',
  confirmYesStartAgain: 'Yes, start again',
  confirmYesDelete: 'Yes, delete my answers',
  cancel: 'Cancel',
  deleted: 'Your answers have been deleted from this browser and from our service.',
  letterReady: 'Your letter is ready. You can read it, print it or save it, and change anything before you send it.',
  letterPreview: 'Read your letter',
  letterPdf: 'Download your letter (PDF)',
  newTab: '(opens in a new tab)',
  shiftMore: 'Shift, press {count} more times to exit.',
  shiftOneMore: 'Shift, press 1 more time to exit.',
  exitActivated: 'Exit this page activated.',
  exitExpired: 'Exit this page expired.',
  helpline: 'Talk it through with a helpline',
  helplineExplain:
    'You can carry on with {helpline} on the phone. Give them a code and they will see this conversation: ' +
    'the answers you have given and the messages in this chat, so you do not have to start again. ' +
    'They will not see anything else on this device, and nobody can open your conversation without the code.',
  helplineGetCode: 'Get a code',
  helplineYourCode: 'Your code for {helpline}:',
  helplineCodeNote: 'Read it to them when they ask. It works once, until {time}.',
  helplineNewCode: 'Get a new code',
  helplineClose: 'Close',
  helplineError: 'We could not get a code just now. Please try again in a moment.',
};

/** Fills {name} placeholders; values are numbers or plain text, never markup. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
