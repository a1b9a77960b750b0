"""The names in bot/contract.py are the ones Rasa's domain, rules and the understanding service use."""

from __future__ import annotations

import yaml

from bot.contract import Analyse, Entity, Form, Intent, Slot, Step, neutralise, payload, restore
from bot.paths import ROOT


def _names(namespace: type) -> set[str]:
    return {value for name, value in vars(namespace).items() if name.isupper() and isinstance(value, str)}


def _domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_every_intent_slot_entity_and_form_is_in_the_domain():
    domain = _domain()
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    assert _names(Intent) - {Intent.FAQ_PREFIX} <= intents
    assert _names(Slot) - {Slot.REQUESTED} <= set(domain["slots"])
    entities = {e if isinstance(e, str) else next(iter(e)) for e in domain["entities"]}
    assert _names(Entity) <= entities
    assert set(Form.ASKING) <= set(domain["forms"]) and _names(Form) <= set(domain["forms"])


def test_the_journey_steps_are_the_values_the_rules_branch_on():
    domain = _domain()
    assert _names(Step) == set(domain["slots"][Slot.NEXT_STEP]["values"])


def test_the_understanding_service_speaks_the_same_names():
    from bot.understanding import parse
    from bot.understanding.service import AnalyseRequest
    from bot.understanding.training_data import PAYLOAD_ONLY_INTENTS

    assert parse.STORY_ENTITY == Entity.STORY
    assert Intent.URGENT_DANGER in PAYLOAD_ONLY_INTENTS  # only the gateway ever sends it
    assert set(AnalyseRequest.model_fields) == {Analyse.TEXT, Analyse.IN_CHECKLIST}


def test_payloads_and_the_typed_text_guard():
    assert payload(Intent.RESUME) == "/resume"
    assert payload(Intent.CHANGE_ANSWER, **{Entity.CHANGE_KEY: "school"}) == '/change_answer{"change_key": "school"}'
    assert restore(neutralise("/resume")) == "/resume" and neutralise("/resume") != "/resume"
    assert neutralise("hello") == "hello"
