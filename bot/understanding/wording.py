"""How parents start a question, shared by the understanding service (bot/understanding/parse.py) and the
checklist's reading of a turn (bot/conversation/checklist.py). Plain data: importing it loads nothing heavy."""

QUESTION_WORDS = (
    "what", "whats", "what's", "why", "how", "when", "will", "can", "could", "do", "does", "is", "are", "should",
    "who", "where", "would", "am", "if", "wat", "wot", "hw", "wil", "cn",
)
# Parents often ask by saying what they want to know: "…and i'm worried about what happens when he turns 18".
QUESTION_LEADS = (
    "i'm worried", "im worried", "i am worried", "i'm scared", "im scared", "i am scared", "i'm afraid",
    "im afraid", "i want to know", "i need to know", "i'd like to know", "id like to know", "i wonder",
    "i'm wondering", "im wondering", "i was wondering", "any advice",
)
