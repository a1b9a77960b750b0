"""The checklist conversation, for a parent: the questions and answers (`checklist`), what a message means
while a question is open (`turns`), what comes next, the read-back and consent (`journey`), the optional
details for the letter (`details`), and the bot's own wording (`messages`).

Pure domain code: no HTTP and no Rasa. The custom actions in actions/ call it.
"""
