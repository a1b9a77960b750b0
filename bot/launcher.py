"""Starts the three processes (Rasa on loopback, the action server on loopback, the public gateway),
waits until each is ready, and stops them all together. Used by `make run` and by the end-to-end tests.
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.model import ENGINE_BIN, ensure_model
from bot.paths import ROOT, VAR

READY_TIMEOUT_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    gateway_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    gateway_host: str = "127.0.0.1"
    endpoints: Path = ROOT / "endpoints.yml"
    sqlite_db: Path = VAR / "conversations.db"
    log_dir: Path = VAR / "log"
    extra_env: dict[str, str] = field(default_factory=dict)
    # More than one Rasa replica needs a shared store and a lock store (endpoints.production.yml).
    extra_rasa_ports: tuple[int, ...] = ()
    token: str = field(default_factory=lambda: secrets.token_hex(24))  # hex: never starts with "-"
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in (self.rasa_port, *self.extra_rasa_ports)]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            RTA_ACTIONS_PORT=str(self.actions_port),
            RTA_SQLITE_DB=str(self.sqlite_db),
            RTA_ENDPOINTS=str(self.endpoints),
            RTA_RASA_URL=",".join(self.rasa_urls),
            RTA_RASA_TOKEN=self.token,
            RTA_HOST=self.gateway_host,
            RTA_PORT=str(self.gateway_port),
            SANIC_HOST="127.0.0.1",  # the action server listens on loopback only
        )
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, command: list[str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _wait_until(self, name: str, url: str, ready=lambda response: response.status_code == 200) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped while starting (exit {process.returncode}); see {self.log_dir}/{name}.log")
            try:
                if ready(httpx.get(url, timeout=2)):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} was not ready after {READY_TIMEOUT_SECONDS} s; see {self.log_dir}/{name}.log")

    def start(self, model: Path | None = None) -> "Stack":
        # RTA_MODEL runs a given model (a deployment's, or a quick check) instead of the cached one.
        model = model or (Path(os.environ["RTA_MODEL"]) if os.environ.get("RTA_MODEL") else ensure_model())
        self.sqlite_db.parent.mkdir(parents=True, exist_ok=True)
        self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.actions_port)])
        rasa_names = []
        for number, port in enumerate((self.rasa_port, *self.extra_rasa_ports), start=1):
            rasa_names.append("rasa" if number == 1 else f"rasa-{number}")
            self._spawn(rasa_names[-1], [
                str(ENGINE_BIN / "rasa"), "run", "--model", str(model), "--enable-api", "--auth-token", self.token,
                "--interface", "127.0.0.1", "--port", str(port), "--endpoints", str(self.endpoints),
                "--credentials", "credentials.yml",
            ])
        self._spawn("gateway", [
            sys.executable, "-m", "uvicorn", "bot.gateway.app:create_app", "--factory",
            "--host", self.gateway_host, "--port", str(self.gateway_port), "--no-access-log",
        ])
        try:
            self._wait_until("actions", f"http://127.0.0.1:{self.actions_port}/health")
            for name, url in zip(rasa_names, self.rasa_urls):
                self._wait_until(
                    name, f"{url}/status?token={self.token}",
                    lambda response: response.status_code == 200 and bool(response.json().get("model_file")),
                )
            self._wait_until("gateway", f"{self.gateway_url}/health", lambda r: r.json().get("status") == "ok")
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        names = ["gateway", *[n for n in self.processes if n.startswith("rasa")], "actions"]
        for name in names:
            process = self.processes.get(name)
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name in names:
            process = self.processes.pop(name, None)
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def restart(self) -> None:
        """Stops every process and starts them again on the same ports and store."""
        self.stop()
        self.start()


def main() -> None:
    stack = Stack(
        gateway_port=int(os.environ.get("RTA_PORT", 8000)),
        gateway_host=os.environ.get("RTA_HOST", "127.0.0.1"),
        endpoints=Path(os.environ.get("RTA_ENDPOINTS", ROOT / "endpoints.yml")),
    )
    print("Starting Ready to Ask (the dialogue engine takes about half a minute to load)…")
    stack.start()
    print(f"\nReady to Ask is running: {stack.gateway_url}  (API docs: {stack.gateway_url}/docs)")
    print("Press Ctrl-C to stop everything.")
    try:
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(1)
        print("A process stopped unexpectedly; see var/log/. Stopping the rest.", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping…")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
