"""The sentence encoder (bot/understanding/encoder.py): it refuses a model file that is not the one measured,
and its cache gives the same vectors without encoding again."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from bot.understanding.encoder import (
    MODEL_SHA256,
    Encoder,
    EncoderMismatch,
    model_dir,
    onnx_path,
    quantise,
    quantised_path,
    verify,
)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


def test_the_installed_model_is_the_one_measured():
    verify(model_dir())  # raises on a mismatch
    assert len(MODEL_SHA256) == 64


def test_a_model_file_with_one_byte_changed_refuses_to_start(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    weights = copy / "model.safetensors"
    with weights.open("r+b") as handle:
        handle.seek(-1, 2)
        last = handle.read(1)
        handle.seek(-1, 2)
        handle.write(bytes([last[0] ^ 0xFF]))
    with pytest.raises(EncoderMismatch, match=MODEL_SHA256):
        Encoder(copy)


@pytest.mark.parametrize("path, quantised", [(onnx_path, False), (quantised_path, True)], ids=["full", "int8"])
def test_an_onnx_file_with_one_byte_changed_refuses_to_start(tmp_path, path, quantised):
    exported = path()
    copy = path(tmp_path)
    shutil.copy(exported, copy)
    shutil.copy(exported.with_suffix(".json"), copy.with_suffix(".json"))
    Encoder(export_dir=tmp_path, quantised=quantised)  # the untouched copy loads
    with copy.open("r+b") as handle:
        handle.seek(-1, 2)
        last = handle.read(1)
        handle.seek(-1, 2)
        handle.write(bytes([last[0] ^ 0xFF]))
    with pytest.raises(EncoderMismatch, match="recorded"):
        Encoder(export_dir=tmp_path, quantised=quantised)


def test_the_export_gives_sentence_transformers_vectors(encoder):
    """The ONNX export is the same model: checked at export against sentence-transformers, and here again; the
    int8 model the service runs stays close to it."""
    from sentence_transformers import SentenceTransformer

    texts = ["he's kicking off every night and I'm on my knees", "what happens at a child in need review?"]
    reference = SentenceTransformer(str(model_dir()), device="cpu").encode(texts, normalize_embeddings=True)
    assert np.all((Encoder(quantised=False).embed(texts) * reference).sum(axis=1) > 0.9999)
    assert np.all((encoder.embed(texts) * reference).sum(axis=1) > 0.95)


def test_quantising_again_gives_the_same_file(tmp_path):
    """The int8 model is reproducible: quantising the same export again gives byte for byte the same file."""
    shutil.copy(onnx_path(), onnx_path(tmp_path))
    shutil.copy(onnx_path().with_suffix(".json"), onnx_path(tmp_path).with_suffix(".json"))
    again = quantise(export_dir=tmp_path)
    assert again.read_bytes() == quantised_path().read_bytes()


def test_vectors_are_normalised_one_row_per_text(encoder):
    vectors = encoder.embed(["my son won't go to school", "how long does an assessment take"])
    assert vectors.shape == (2, encoder.dimension) == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert encoder.embed([]).shape == (0, encoder.dimension)


def test_the_cache_returns_identical_vectors_without_encoding_again(encoder, monkeypatch):
    texts = ["she has been self harming", "we're going for my sister's birthday meal"]
    first = encoder.embed(texts)

    def must_not_encode(*args, **kwargs):
        raise AssertionError("a cached text was encoded again")

    monkeypatch.setattr(encoder, "_encode", must_not_encode)
    again = encoder.embed(list(reversed(texts)) + texts)
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert np.array_equal(again[2:], first)


def test_a_repeated_text_in_one_call_is_encoded_once(encoder, monkeypatch):
    calls = []
    real = encoder._encode

    def counting(texts, *args, **kwargs):
        calls.append(list(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(encoder, "_encode", counting)
    text = "a sentence the cache has never seen before, 4f1c"
    vectors = encoder.embed([text, text, text])
    assert calls == [[text]]
    assert np.array_equal(vectors[0], vectors[2])
