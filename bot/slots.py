"""Names of the conversation slots that hold more than checklist answers (checklist keys are slots too)."""

COUNCIL_CODE = "council_code"  # the local authority directory's key for the parent's council
CONSENT_TO_CONTACT = "consent_to_contact"  # "yes" or "no": may the council contact the people named?
CONSENT_NAMES = "consent_names"  # the professionals and services the parent agreed may be contacted
CHECKLIST_CONFIRMED = "checklist_confirmed"  # true once the parent has checked the read-back
CORRECTING = "correcting"  # the key being corrected, so its question can show the old answer
PREVIOUS_ANSWER = "previous_answer"  # that old answer, shown while correcting
REUSE_OFFER = "reuse_offer"  # {"text": ..., "keys": [...]}: an answer that may also answer other questions
