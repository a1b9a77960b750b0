"""Answers to parents' worries and questions: one YAML file per topic in content/topics/.

The chatbot recognises a question through the intent `faq_<topic id>` and answers with the topic's text, then
goes back to where the parent was. Every topic carries its sources; the loader refuses a topic without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.content import ContentError, content_path, load_yaml, require_keys

INTENT_PREFIX = "faq_"
TOPIC_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
SEED_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
SOURCE_REF_FILE = "content-sources.md"


@dataclass(frozen=True)
class Source:
    title: str
    seed: str | None = None  # a file name in the shared seeds folder
    ref: str | None = None  # "content-sources.md: <section heading>"
    url: str | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str  # short, fits on a button
    answer: str  # paragraphs separated by blank lines
    sources: tuple[Source, ...]
    links: tuple[Link, ...] = ()

    @property
    def intent(self) -> str:
        return INTENT_PREFIX + self.id

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.answer.split("\n\n") if part.strip()]


class UnknownTopic(KeyError):
    """No topic with that id."""


def _source(where: str, raw: dict) -> Source:
    if not isinstance(raw, dict) or not str(raw.get("title") or "").strip():
        raise ContentError(f"{where}: every source needs a title")
    places = [key for key in ("seed", "ref", "url") if raw.get(key)]
    if len(places) != 1:
        raise ContentError(f"{where}: source {raw['title']!r} needs exactly one of seed, ref or url")
    if raw.get("seed") and not SEED_NAME.match(raw["seed"]):
        raise ContentError(f"{where}: seed {raw['seed']!r} is not a seed file name")
    if raw.get("ref") and not str(raw["ref"]).startswith(SOURCE_REF_FILE + ": "):
        raise ContentError(f"{where}: ref must read '{SOURCE_REF_FILE}: <section heading>'")
    if raw.get("url") and not str(raw["url"]).startswith("https://"):
        raise ContentError(f"{where}: source url must start with https://")
    return Source(title=raw["title"].strip(), seed=raw.get("seed"), ref=raw.get("ref"), url=raw.get("url"))


def _topic(file_name: str, raw: dict) -> Topic:
    where = f"topics/{file_name}"
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping")
    require_keys(where, raw, ("id", "title", "answer", "sources"))
    topic_id = raw["id"]
    if not TOPIC_ID.match(topic_id):
        raise ContentError(f"{where}: id {topic_id!r} must be snake_case")
    if file_name != f"{topic_id}.yml":
        raise ContentError(f"{where}: file name must be {topic_id}.yml")
    if not isinstance(raw["sources"], list):
        raise ContentError(f"{where}: sources must be a list")
    links = []
    for link in raw.get("links") or ():
        require_keys(f"{where} link", link, ("title", "url"))
        links.append(Link(title=link["title"].strip(), url=link["url"].strip()))
    answer = str(raw["answer"]).strip()
    if not answer:
        raise ContentError(f"{where}: empty answer")
    return Topic(
        id=topic_id,
        title=str(raw["title"]).strip(),
        answer=answer,
        sources=tuple(_source(where, item) for item in raw["sources"]),
        links=tuple(links),
    )


@lru_cache(maxsize=1)
def all_topics() -> dict[str, Topic]:
    """Every topic, by id, sorted by id. Raises ContentError on the first bad file."""
    folder = content_path("topics")
    files = sorted(path.name for path in folder.glob("*.yml")) if folder.is_dir() else []
    if not files:
        raise ContentError(f"no topics in {folder}")
    loaded: dict[str, Topic] = {}
    for name in files:
        item = _topic(name, load_yaml(f"topics/{name}"))
        if item.id in loaded:
            raise ContentError(f"topics/{name}: id {item.id!r} is used twice")
        loaded[item.id] = item
    return loaded


def topic(topic_id: str) -> Topic:
    try:
        return all_topics()[topic_id]
    except KeyError:
        raise UnknownTopic(topic_id) from None


def topic_for_intent(intent_name: str | None) -> Topic | None:
    """The topic an NLU intent asks about (`faq_how_long` -> how_long), or None for any other intent."""
    if not intent_name or not intent_name.startswith(INTENT_PREFIX):
        return None
    return all_topics().get(intent_name[len(INTENT_PREFIX) :])


def intent_names() -> list[str]:
    """Every faq intent, for domain.yml and the NLU data checks."""
    return [item.intent for item in all_topics().values()]
