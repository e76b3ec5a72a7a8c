"""Cold start of ``coopassess run`` to its first response, and peak memory of a gunicorn worker.

Run with ``make bench`` (or ``.venv/bin/pytest bench/bench_startup.py --benchmark-enable``).
Each round starts a fresh process on a migrated demo database and stops it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.01)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("instance")
    env = {**os.environ, "COOPASSESS_INSTANCE_PATH": str(folder), "COOPASSESS_ENV": "development"}
    subprocess.run([BIN / "coopassess", "init"], env=env, check=True, capture_output=True)
    return env


@pytest.fixture(scope="module")
def invitation(instance: dict[str, str]) -> str:
    """The path of an open invitation link of a demo campaign (COOP, ACH, VAL)."""
    demo = subprocess.run(
        [BIN / "coopassess", "demo"], env=instance, check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"(/i/\S+)", demo)[2]


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_cold_start_to_first_response(benchmark, instance: dict[str, str], invitation: str) -> None:
    """Up to the first campaign page, which also loads and validates the questionnaires."""

    def start_and_serve() -> None:
        port = _free_port()
        process = subprocess.Popen(
            [BIN / "coopassess", "run", "--port", str(port)],
            env=instance,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/r/demo-rives-reemploi")
        finally:
            _stop(process)

    benchmark.pedantic(start_and_serve, rounds=3, iterations=1)


def test_peak_memory_of_one_worker(benchmark, instance: dict[str, str], invitation: str) -> None:
    """One gunicorn worker after serving the survey, a results page and its radar."""
    port = _free_port()
    process = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "coopassess:create_app()",
        ],
        env=instance,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/sante")

        def journey() -> None:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
            opener.open(f"{base}{invitation}").read()
            page = opener.open(f"{base}/r/demo-durand-achats/p/COOP.VIT").read().decode()
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            answers = "&".join(f"q_COOP-VIT-0{i}=4" for i in range(1, 6))
            opener.open(
                urllib.request.Request(
                    f"{base}/r/demo-durand-achats/p/COOP.VIT",
                    data=f"csrf_token={token}&{answers}".encode(),
                )
            )
            opener.open(
                urllib.request.Request(
                    f"{base}/r/demo-durand-achats/envoyer", data=f"csrf_token={token}".encode()
                )
            )
            opener.open(f"{base}/r/demo-durand-achats/resultats/radar-COOP.svg").read()

        benchmark.pedantic(journey, rounds=5, iterations=1)
        worker = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=True
        ).stdout.split()[0]
        status = Path(f"/proc/{worker}/status").read_text()
        peak_kib = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
        benchmark.extra_info["worker_peak_rss_mib"] = round(peak_kib / 1024, 1)
        print(f"\npeak RSS of one gunicorn worker: {peak_kib / 1024:.1f} MiB")
    finally:
        _stop(process)
