"""`python -m bot.understanding.train`: train the classifiers if data/nlu or data/safety changed."""

from bot.understanding.encoder import Encoder
from bot.understanding.models import load_or_train, model_file

if __name__ == "__main__":
    if model_file().exists():
        print(f"understanding: up to date ({model_file().name})")
    else:
        load_or_train(Encoder())
