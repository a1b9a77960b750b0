"""Runs the product under supervisord: the understanding service, the action server, Rasa (one or more
replicas) and the public gateway (one or more), each on loopback but the gateway.

supervisord (a maintained process manager) restarts a crashed process within seconds; every program runs
through `bot.run.process_group`, so nothing a server spawned (the action server's Sanic workers) outlives it.
The launcher writes supervisord's configuration, starts the programs one by one in order (understanding,
actions, Rasa, gateway), waiting until each is ready, and on stop shuts supervisord down, which stops
every program's whole process group. Used by `make run`, the end-to-end tests and the benches.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from supervisor.xmlrpc import SupervisorTransport

from bot.paths import ROOT, VAR
from bot.run.model import ENGINE_BIN, ensure_model
from bot.run.process_group import die_with_parent, group_members

READY_TIMEOUT_SECONDS = 180
UNDERSTANDING_MODULE = ROOT / "bot" / "understanding" / "__main__.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ok(response: httpx.Response) -> bool:
    return response.status_code == 200


@dataclass
class Program:
    name: str
    command: list[str]
    ready_url: str
    ready: Callable[[httpx.Response], bool] = _ok
    port: int = 0
    env: dict[str, str] = field(default_factory=dict)  # this program's own, on top of the stack's


@dataclass
class Stack:
    gateway_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    nlu_port: int = 5006
    gateway_host: str = "127.0.0.1"
    endpoints: Path = ROOT / "endpoints.yml"
    sqlite_db: Path = VAR / "conversations.db"
    log_dir: Path = VAR / "log"
    extra_env: dict[str, str] = field(default_factory=dict)
    # More Rasa replicas on the same store: the gateway sends each conversation to its own replica and, while
    # that one is down (crashed, restarting), to the next. With more than one gateway, endpoints.production.yml.
    extra_rasa_ports: tuple[int, ...] = ()
    # More gateways on the same store (each on its own port; a load balancer would sit in front).
    extra_gateway_ports: tuple[int, ...] = ()
    token: str = field(default_factory=lambda: secrets.token_hex(24))  # hex: never starts with "-"
    supervisord: subprocess.Popen | None = None
    run_dir: Path | None = None

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"

    @property
    def gateway_urls(self) -> list[str]:
        return [f"http://{self.gateway_host}:{port}" for port in (self.gateway_port, *self.extra_gateway_ports)]

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in (self.rasa_port, *self.extra_rasa_ports)]

    @property
    def with_understanding(self) -> bool:
        return UNDERSTANDING_MODULE.exists()

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            RTA_ACTIONS_PORT=str(self.actions_port),
            RTA_NLU_PORT=str(self.nlu_port),
            RTA_NO_TORCH="1",  # bot/run/lean.py: torch only exports the encoder at install, never runs
            RTA_NLU_URL=f"http://127.0.0.1:{self.nlu_port}",
            RTA_SQLITE_DB=str(self.sqlite_db),
            RTA_ENDPOINTS=str(self.endpoints),
            RTA_RASA_URL=",".join(self.rasa_urls),
            RTA_RASA_TOKEN=self.token,
            RTA_HOST=self.gateway_host,
            RTA_PORT=str(self.gateway_port),
            SANIC_HOST="127.0.0.1",  # the action server listens on loopback only
            # Rasa's ticket locks (Redis in production) outlive a replica killed mid-turn by this long, not
            # Rasa's default 60 s: the other replica carries on its conversations within a client's retries.
            # The gateways' turn lock (bot/gateway/turn_locks.py) still keeps one turn at a time.
            TICKET_LOCK_LIFETIME="15",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def programs(self, model: Path) -> list[Program]:
        """Every process, in start order."""
        programs = []
        if self.with_understanding:
            programs.append(
                Program(
                    "understanding",
                    [sys.executable, "-m", "bot.understanding"],
                    f"http://127.0.0.1:{self.nlu_port}/health",
                    port=self.nlu_port,
                )
            )
        programs.append(
            Program(
                "actions",
                [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.actions_port)],
                f"http://127.0.0.1:{self.actions_port}/health",
                port=self.actions_port,
            )
        )
        for number, (port, url) in enumerate(zip((self.rasa_port, *self.extra_rasa_ports), self.rasa_urls), start=1):
            programs.append(
                Program(
                    "rasa" if number == 1 else f"rasa-{number}",
                    [
                        str(ENGINE_BIN / "rasa"),
                        "run",
                        "--model",
                        str(model),
                        "--enable-api",
                        "--auth-token",
                        self.token,
                        "--interface",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--endpoints",
                        str(self.endpoints),
                        "--credentials",
                        "credentials.yml",
                    ],
                    f"{url}/status?token={self.token}",
                    lambda response: response.status_code == 200 and bool(response.json().get("model_file")),
                    port=port,
                )
            )
        for number, (port, url) in enumerate(zip((self.gateway_port, *self.extra_gateway_ports), self.gateway_urls), 1):
            programs.append(
                Program(
                    "gateway" if number == 1 else f"gateway-{number}",
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "bot.gateway.app:create_app",
                        "--factory",
                        "--host",
                        self.gateway_host,
                        "--port",
                        str(port),
                        "--no-access-log",
                    ],
                    f"{url}/health",
                    lambda response: response.json().get("status") == "ok",
                    port=port,
                    env={"RTA_INSTANCE": f"gateway-{number}"},  # unique per gateway (turn_locks.py)
                )
            )
        return programs

    def _config(self, programs: list[Program]) -> str:
        """supervisord's configuration. No secret is in it: programs inherit supervisord's environment."""
        run_dir = self.run_dir
        assert run_dir is not None, "start() makes the run directory first"
        socket_path = run_dir / "supervisor.sock"
        sections = [
            "[supervisord]\nnodaemon=true\nsilent=true\n"
            f"logfile={self.log_dir / 'supervisord.log'}\npidfile={run_dir / 'supervisord.pid'}\n"
            f"childlogdir={self.log_dir}\nlogfile_maxbytes=5MB\nlogfile_backups=2\n",
            f"[unix_http_server]\nfile={socket_path}\nchmod=0700\n",
            "[rpcinterface:supervisor]\n"
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
            f"[supervisorctl]\nserverurl=unix://{socket_path}\n",
        ]
        for program in programs:
            command = " ".join([sys.executable, "-m", "bot.run.process_group", "--", *map(_quote, program.command)])
            environment = ",".join(f"{name}={_quote(value)}" for name, value in program.env.items())
            sections.append(
                f"[program:{program.name}]\ncommand={command}\ndirectory={ROOT}\n"
                + (f"environment={environment}\n" if environment else "")
                + "autostart=false\nautorestart=true\nstartsecs=2\nstartretries=30\n"
                "stopsignal=TERM\nstopwaitsecs=20\nstopasgroup=true\nkillasgroup=true\n"
                f"redirect_stderr=true\nstdout_logfile={self.log_dir / (program.name + '.log')}\n"
                "stdout_logfile_maxbytes=10MB\nstdout_logfile_backups=2\n"
            )
        return "\n".join(sections)

    def rpc(self):
        """supervisord's XML-RPC interface (the `supervisor` namespace), over its private unix socket."""
        transport = SupervisorTransport(None, None, f"unix://{self.run_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def _wait_for_supervisord(self) -> None:
        deadline = time.monotonic() + 20
        supervisord = self.supervisord
        assert supervisord is not None, "start() launches supervisord first"
        while time.monotonic() < deadline:
            if supervisord.poll() is not None:
                raise RuntimeError(f"supervisord stopped while starting; see {self.log_dir}/supervisord.log")
            try:
                if self.rpc().getState()["statename"] == "RUNNING":
                    return
            except (OSError, xmlrpc.client.Error):
                pass
            time.sleep(0.1)
        raise RuntimeError("supervisord did not start")

    def _wait_until_ready(self, program: Program) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            state = self.rpc().getProcessInfo(program.name)["statename"]
            if state in ("FATAL", "EXITED", "STOPPED", "BACKOFF"):
                raise RuntimeError(
                    f"{program.name} stopped while starting ({state}); see {self.log_dir}/{program.name}.log"
                )
            try:
                if program.ready(httpx.get(program.ready_url, timeout=2)):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.3)
        raise RuntimeError(
            f"{program.name} was not ready after {READY_TIMEOUT_SECONDS} s; see {self.log_dir}/{program.name}.log"
        )

    def start(self, model: Path | None = None) -> Stack:
        # RTA_MODEL runs a given model (a deployment's, or a quick check) instead of the cached one.
        model = model or (Path(os.environ["RTA_MODEL"]) if os.environ.get("RTA_MODEL") else ensure_model())
        if self.with_understanding:
            from bot.understanding.models import fingerprint

            # The classifiers this stack starts with, kept across restarts (bot/understanding/models.py).
            self.extra_env.setdefault("RTA_UNDERSTANDING_MODEL", fingerprint())
        self.sqlite_db.parent.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        # A short private directory: a unix socket's path must stay under about 100 characters.
        self.run_dir = Path(tempfile.mkdtemp(prefix="rta-supervisor-"))
        programs = self.programs(model)
        config = self.run_dir / "supervisord.conf"
        config.write_text(self._config(programs), encoding="utf-8")
        self.supervisord = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "-c", str(config)],
            cwd=ROOT,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
            stderr=(self.log_dir / "supervisord.err").open("ab"),
            start_new_session=True,  # Ctrl-C reaches the launcher, which stops everything in order
            preexec_fn=die_with_parent,  # and if the launcher is killed, supervisord stops everything
        )
        try:
            self._wait_for_supervisord()
            for program in programs:
                self.rpc().startProcess(program.name, False)
                self._wait_until_ready(program)
        except Exception:
            self.stop()
            raise
        return self

    def states(self) -> dict[str, str]:
        """Each program's state as supervisord sees it (RUNNING, STARTING, BACKOFF…)."""
        return {info["name"]: info["statename"] for info in self.rpc().getAllProcessInfo()}

    def pids(self) -> dict[str, int]:
        """Each running server's own process id (the child of its process_group wrapper)."""
        result = {}
        for info in self.rpc().getAllProcessInfo():
            if info["pid"]:
                children = [pid for pid in group_members(info["pid"]) if _parent(pid) == info["pid"]]
                result[info["name"]] = children[0] if children else info["pid"]
        return result

    def kill(self, name: str, signum: int = signal.SIGKILL) -> int:
        """Crash one server on purpose (tests, benches); supervisord restarts it. Returns the pid killed."""
        pid = self.pids()[name]
        os.kill(pid, signum)
        return pid

    def wait_until_serving(self, timeout: float = 60) -> float:
        """Seconds until every gateway answers /health with the engine ready."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if all(httpx.get(f"{url}/health", timeout=2).json().get("status") == "ok" for url in self.gateway_urls):
                    return time.monotonic() - started
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"not serving again after {timeout} s")

    def stop(self) -> None:
        supervisord, self.supervisord = self.supervisord, None
        if supervisord is None:
            return
        if supervisord.poll() is None:
            supervisord.send_signal(signal.SIGTERM)  # stops every program's process group, then exits
            try:
                supervisord.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(supervisord.pid, signal.SIGKILL)
                supervisord.wait()
        if self.run_dir:
            for leftover in self.run_dir.iterdir():
                leftover.unlink(missing_ok=True)
            self.run_dir.rmdir()
            self.run_dir = None

    def restart(self) -> None:
        """Stops every process and starts them again on the same ports and store."""
        self.stop()
        self.start()


def _quote(argument: str) -> str:
    """supervisord splits `command=` like a shell; '%' would be read as its own expansion."""
    import shlex

    return shlex.quote(argument).replace("%", "%%")


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except OSError:
        return 0


def _stop_requested(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # Ctrl-C, and a service manager's SIGTERM, stop everything, even when started in the background
    # (where a shell leaves SIGINT ignored).
    signal.signal(signal.SIGINT, _stop_requested)
    signal.signal(signal.SIGTERM, _stop_requested)
    stack = Stack(
        gateway_port=int(os.environ.get("RTA_PORT", 8000)),
        gateway_host=os.environ.get("RTA_HOST", "127.0.0.1"),
        endpoints=Path(os.environ.get("RTA_ENDPOINTS", ROOT / "endpoints.yml")),
        # A second Rasa replica serves while the first restarts after a crash (about 25 s), for ~800 MB more.
        extra_rasa_ports=tuple(free_port() for _ in range(int(os.environ.get("RTA_RASA_REPLICAS", "1")) - 1)),
    )
    print("Starting Ready to Ask under supervisord (the dialogue engine takes about half a minute to load)…")
    stack.start()
    print(f"\nReady to Ask is running: {stack.gateway_url}  (API docs: {stack.gateway_url}/docs)")
    print(
        f"A process that stops is restarted within seconds (logs in {stack.log_dir}). Press Ctrl-C to stop everything."
    )
    seen = stack.states()
    supervisord = stack.supervisord
    assert supervisord is not None, "start() returned, so supervisord is running"
    try:
        while supervisord.poll() is None:
            time.sleep(2)
            now = stack.states()
            for name, state in now.items():
                if state != seen.get(name) and state != "RUNNING":
                    print(f"{name}: {state.lower()} (supervisord restarts it)", file=sys.stderr)
                elif state == "RUNNING" and seen.get(name) != "RUNNING":
                    print(f"{name}: running again", file=sys.stderr)
            seen = now
        print(f"supervisord stopped unexpectedly; see {stack.log_dir}/supervisord.log", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping everything…")
    finally:
        stack.stop()
        print(f"Stopped. Start again with `make run`, then open {stack.gateway_url}")


if __name__ == "__main__":
    main()
