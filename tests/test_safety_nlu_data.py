"""The NLU's counter-examples for urgent_danger come from the training near misses only, and are current."""
import yaml

from bot.paths import ROOT
from bot.safety.evaluation import EVAL_DIR, HELD_OUT_SPLITS, SPLITS, load_messages
from tools.safety_nlu_data import TARGET, examples


def test_counter_examples_are_generated_from_training_near_misses_only():
    nlu = yaml.safe_load(TARGET.read_text(encoding="utf-8"))
    written = [line.strip()[2:] for line in nlu["nlu"][0]["examples"].splitlines() if line.strip()]
    assert written == examples(), "run: python tools/safety_nlu_data.py"
    held_out = {m for split in HELD_OUT_SPLITS for f in SPLITS[split] for m in load_messages(EVAL_DIR / f)}
    assert not held_out & set(written)
    assert (ROOT / "data" / "nlu" / "not_urgent.yml") == TARGET
