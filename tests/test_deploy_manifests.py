"""The deployment files, checked by maintained validators (no container engine here, so nothing is built):
hadolint for the Dockerfiles, the Compose specification's JSON schema (vendored in check-jsonschema) for
compose.yaml, and Kubernetes' own OpenAPI schemas (kubernetes-validate, offline) for deploy/k8s/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.paths import ROOT

DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def run(*command: str, env: dict | None = None) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", sorted(DEPLOY.glob("*.Dockerfile")), ids=lambda p: p.name)
def test_dockerfiles_pass_hadolint(dockerfile):
    run(str(BIN / "hadolint"), str(dockerfile))


def test_compose_file_matches_the_compose_specification():
    run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        str(DEPLOY / "compose.yaml"),
        env={"RTA_DB_PASSWORD": "x", "RTA_RASA_TOKEN": "x", "MODEL": "x"},
    )


def test_kubernetes_manifests_match_kubernetes_schemas():
    manifests = sorted((DEPLOY / "k8s").glob("*.yaml"))
    assert manifests
    run(str(BIN / "kubernetes-validate"), "--strict", "--quiet", *map(str, manifests))


def test_no_secret_is_written_into_the_manifests():
    for path in [DEPLOY / "compose.yaml", *(DEPLOY / "k8s").glob("*.yaml")]:
        for document in yaml.safe_load_all(path.read_text()):
            assert not (document or {}).get("kind") == "Secret", f"{path.name}: secrets come from the environment"
        text = path.read_text()
        assert "PASSWORD:" not in text.replace("RTA_DB_PASSWORD: ${RTA_DB_PASSWORD", "").replace(
            "POSTGRES_PASSWORD: ${RTA_DB_PASSWORD", ""
        ), path.name


def test_every_process_has_a_health_probe_and_resources():
    documents = [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "ready-to-ask.yaml").read_text()) if d]
    workloads = {d["metadata"]["name"]: d for d in documents if d["kind"] in ("Deployment", "StatefulSet")}
    assert set(workloads) == {"gateway", "understanding", "actions", "rasa"}
    for name, workload in workloads.items():
        container = workload["spec"]["template"]["spec"]["containers"][0]
        assert "readinessProbe" in container and "livenessProbe" in container, name
        assert container["resources"]["requests"] and container["resources"]["limits"], name
