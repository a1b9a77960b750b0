"""Runs the dialogue engine: `rasa …` with its arguments, in the engine's venv (Python 3.10), with one
speed-up and nothing else of ours.

Rasa 3.6 checks every action server reply with `jsonschema.validate(reply, spec)`, which first checks the
spec itself against JSON Schema's 2020-12 meta-schema: about 50 ms of Rasa's single thread per custom action,
two or three per turn, over half of Rasa's whole time per turn under load (measured with py-spy, issue 13).
Here the spec is checked once and its validator kept: each reply is still validated in full and a bad one
raises the same error as before.

    .venv/engine/bin/python -m bot.rasa_run run --model … (the same arguments as `rasa`)
"""
import json
import sys

import jsonschema

_checked_validate = jsonschema.validate
_validators = {}


def validate(instance, schema, cls=None, *args, **kwargs):
    """`jsonschema.validate`, with the schema checked and compiled once per distinct schema."""
    if cls is not None or args or kwargs:
        return _checked_validate(instance, schema, cls, *args, **kwargs)
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None:
        kind = jsonschema.validators.validator_for(schema)
        kind.check_schema(schema)
        validator = _validators[key] = kind(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def main() -> None:
    jsonschema.validate = validate
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    sys.exit(rasa_main())


if __name__ == "__main__":
    main()
