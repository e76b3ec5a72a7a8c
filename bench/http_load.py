"""HTTP load on the respondent's pages with gunicorn (2 sync workers) and wrk, on 127.0.0.1.

    .venv/bin/python bench/http_load.py [--seconds 10] [--database-url postgresql://…]

Starts gunicorn on a fresh instance (migrated, demo data), opens a response through a demo
invitation link, then measures: GET of a 5-item survey page, POST of a page save (with its
CSRF token), GET of a results page and of its radar (cached chart). Prints requests per second
and the CPU time the gunicorn processes spent per request: on a shared host requests per second
move with everyone else's load, CPU per request much less.
Needs `wrk` (Debian package). Traffic goes to 127.0.0.1 only and stops by itself.

Figures on the 2-core development host (wrk on the same cores, other work running), 3 runs on
SQLite and 1 on PostgreSQL (server CPU only: PostgreSQL's own processes are not counted):

    request                            SQLite req/s  ms CPU     PostgreSQL req/s  ms CPU
    GET survey page (5 items)            861–1,609  1.10–1.37         1,057         1.43
    POST page save (upsert 5 answers)      461–571  1.82–2.17           553         2.48
    GET results page                     653–1,187  1.55–1.77           778         2.00
    GET radar SVG (cached chart)       1,072–1,779  1.00–1.10         1,112         1.36

Before the survey page's read path was trimmed (signed cookie re-sent on every request, ORM
reads, questions rendered each time): 574–826 req/s and 2.26–2.40 ms for the survey page,
250–272 req/s and 3.9–4.3 ms for a save (PostgreSQL: 583 req/s, 2.79 ms; 326 req/s, 4.70 ms).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
SLUG = "demo-vallee-verte-eit"
SAVE_LUA = """
wrk.method = "POST"
wrk.body   = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


def _cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn master and its workers (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that just ended
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _wrk(
    url: str, seconds: int, cookie: str, server: int, script: Path | None = None
) -> tuple[float, float]:
    """Requests per second, and milliseconds of server CPU per request."""
    if script is None:
        _expect_ok(url, cookie)  # wrk counts redirects as successes: measure the page itself
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url]
    if script:
        command[1:1] = ["-s", str(script)]
    cpu = _cpu_seconds(server)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = _cpu_seconds(server) - cpu
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} errors\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, 1000 * cpu / requests


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _expect_ok(url: str, cookie: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        status = urllib.request.build_opener(_NoRedirect).open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{url} answers {status}, not the page itself")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "COOPASSESS_INSTANCE_PATH": instance, "COOPASSESS_ENV": "development"}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        subprocess.run([BIN / "coopassess", "init"], env=env, check=True, capture_output=True)
        demo = subprocess.run(
            [BIN / "coopassess", "demo"], env=env, check=True, capture_output=True, text=True
        ).stdout
        invitation = re.findall(r"(/i/\S+)", demo)[3]  # the Vallée Verte campaign: COOP, VAL
        port = _port()
        server = subprocess.Popen(
            [BIN / "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "coopassess:create_app()"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/sante")
            figures = _measure(base, invitation, args.seconds, server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    for name, (rate, cpu) in figures.items():
        print(f"{engine:<10} {name:<42} {rate:>8.0f} req/s {cpu:>6.2f} ms CPU/req")


def _measure(
    base: str, invitation: str, seconds: int, server: int
) -> dict[str, tuple[float, float]]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # Opening the link writes nothing: the response starts with the welcome page's POST.
    welcome = opener.open(f"{base}{invitation}").read().decode()
    start = re.search(r'name="csrf_token" value="([^"]+)"', welcome).group(1)
    opener.open(
        urllib.request.Request(f"{base}/r/{SLUG}/commencer", data=f"csrf_token={start}".encode())
    ).read()
    survey = f"{base}/r/{SLUG}/p/COOP.VIT"
    opened = opener.open(survey)
    page = opened.read().decode()
    if opened.url != survey or 'name="q_COOP-VIT-01"' not in page:
        raise RuntimeError(f"the survey page did not open: {opened.url}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)  # now with the CSRF secret
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answers = {f"q_COOP-VIT-0{i}": str(1 + i % 5) for i in range(1, 6)}
    body = urllib.parse.urlencode({"csrf_token": token, **answers})
    figures = {"GET survey page (5 items)": _wrk(survey, seconds, cookie, server)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SAVE_LUA.format(body=body, cookie=cookie))
    try:
        figures["POST page save (upsert 5 answers)"] = _wrk(
            survey, seconds, cookie, server, Path(script.name)
        )
    finally:
        os.unlink(script.name)
    opener.open(
        urllib.request.Request(f"{base}/r/{SLUG}/envoyer", data=f"csrf_token={token}".encode())
    )
    figures["GET results page"] = _wrk(f"{base}/r/{SLUG}/resultats", seconds, cookie, server)
    figures["GET radar SVG (cached chart)"] = _wrk(
        f"{base}/r/{SLUG}/resultats/radar-COOP.svg", seconds, cookie, server
    )
    return figures


if __name__ == "__main__":
    main()
