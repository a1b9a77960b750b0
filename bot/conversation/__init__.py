"""The checklist conversation, for a parent: the questions, the answers and what a message means while a
question is open (`checklist`), what comes next, the read-back and consent (`journey`), the optional details
for the letter (`details`), and the bot's own wording (`messages`).

Pure domain code: no HTTP and no Rasa. The custom actions in actions/ call it.
"""
