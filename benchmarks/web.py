"""`make bench-web`: the web application under tablets, leaders and planners, in production form.

It makes a fresh PostgreSQL database, fills it with `flask demo load --size province` (3,000
units, 200 inspectors, the year's plan solved and published), starts gunicorn with the project's
`gunicorn.conf.py` and the job worker on that database and Redis, then plays, in stages of
10 → 50 → 100 tablets, inspectors who start their checklists, save drafts every few seconds and
submit (resending some submissions, as a tablet does after a timeout), beside leaders reading
the dashboard and a planner reading the plan and the schedule. For each stage it prints p50, p95
and p99 per endpoint, the throughput and the errors; then it checks in the database that every
submission is stored exactly once and that no saved draft answer is lost (exit status 1 if not).

Every request goes to 127.0.0.1; each stage lasts a fixed time and then stops.

    .venv/bin/python -m benchmarks.web [--short] [--stages 10,50,100] [--seconds 45]

`--short` is a quick check: a town (300 units, 40 inspectors), stages of 5 and 10 tablets, 15 s each.
Environment: BENCH_DATABASE_URL (a database it may drop and create; default
postgresql+psycopg://postgres@127.0.0.1:5432/inspection_bench), BENCH_REDIS_URL (a Redis database it
may empty; default redis://127.0.0.1:6379/15).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/inspection_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


@dataclass(frozen=True)
class Mode:
    size: str
    stages: tuple[int, ...]
    seconds: float
    leaders: int
    planners: int


FULL = Mode("province", (10, 50, 100), 45.0, 3, 1)
SHORT = Mode("town", (5, 10), 15.0, 1, 1)

#: Seconds between two draft saves of a tablet (each save changes one to three answers).
DRAFT_EVERY = (2.0, 4.0)
#: Draft saves before a tablet submits its checklist.
DRAFTS_PER_CHECKLIST = (4, 8)
#: Share of submissions sent a second time with the same id (a resend after a timeout).
RESEND_SHARE = 0.3
LEADER_EVERY = 5.0
PLANNER_EVERY = 10.0
TIMEOUT = 60.0


# --- measurements --------------------------------------------------------------------------------


@dataclass
class Stage:
    tablets: int
    started: float = 0.0
    ended: float = 0.0
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)


class Recorder:
    def __init__(self) -> None:
        self.stage: Stage | None = None
        self.stages: list[Stage] = []

    def begin(self, tablets: int) -> None:
        self.stage = Stage(tablets, started=time.monotonic())
        self.stages.append(self.stage)

    def end(self) -> None:
        self.stage.ended = time.monotonic()

    async def call(self, client: httpx.AsyncClient, name: str, method: str, url: str, expect: tuple[int, ...] = (200,),
                   **kwargs) -> httpx.Response | None:
        stage = self.stage
        started = time.perf_counter()
        try:
            response = await client.request(method, url, timeout=TIMEOUT, **kwargs)
        except httpx.HTTPError as error:
            stage.times[name].append(time.perf_counter() - started)
            stage.errors[name] += 1
            if len(stage.samples) < 5:
                stage.samples.append(f"{name}: {type(error).__name__} {error}")
            return None
        stage.times[name].append(time.perf_counter() - started)
        if response.status_code not in expect:
            stage.errors[name] += 1
            if len(stage.samples) < 5:
                stage.samples.append(f"{name}: HTTP {response.status_code} {response.text[:200]!r}")
            return None
        return response


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(stages: list[Stage]) -> str:
    lines = []
    header = f"{'tablets':>7}  {'endpoint':<18} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    for stage in stages:
        lines += ["", header, "-" * len(header)]
        everything: list[float] = []
        for name in sorted(stage.times):
            times = stage.times[name]
            everything += times
            lines.append(f"{stage.tablets:>7}  {name:<18} {len(times):>8} {stage.errors[name]:>6} "
                         f"{_percentile(times, 0.5) * 1000:>8.0f} {_percentile(times, 0.95) * 1000:>8.0f} "
                         f"{_percentile(times, 0.99) * 1000:>8.0f}")
        seconds = stage.ended - stage.started
        errors = sum(stage.errors.values())
        if everything:
            lines.append(f"{stage.tablets:>7}  {'all':<18} {len(everything):>8} {errors:>6} "
                         f"{_percentile(everything, 0.5) * 1000:>8.0f} {_percentile(everything, 0.95) * 1000:>8.0f} "
                         f"{_percentile(everything, 0.99) * 1000:>8.0f}")
        lines.append(f"         throughput {len(everything) / seconds:.1f} requests/s over {seconds:.0f} s; "
                     f"errors {errors} ({100 * errors / max(1, len(everything)):.1f}%)")
        lines += [f"         e.g. {sample}" for sample in stage.samples]
    return "\n".join(lines)


# --- what the tablets did, to check against the database afterwards ------------------------------


@dataclass
class Ledger:
    #: response id → item id → the answer of the last draft the server accepted.
    saved: dict[int, dict[int, dict]] = field(default_factory=lambda: defaultdict(dict))
    #: response id → (client id, the answers submitted).
    submitted: dict[int, tuple[str, dict[int, dict]]] = field(default_factory=dict)
    resent: int = 0


# --- the simulated people ------------------------------------------------------------------------


CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
STATE = re.compile(r"data-state='([^']*)'")


async def login(recorder: Recorder, client: httpx.AsyncClient, username: str, password: str) -> str | None:
    page = await recorder.call(client, "login page", "GET", "/login")
    if page is None:
        return None
    token = CSRF.search(page.text).group(1)
    done = await recorder.call(client, "login", "POST", "/login", expect=(302,),
                               data={"csrf_token": token, "username": username, "password": password})
    if done is None:
        return None
    home = await recorder.call(client, "home", "GET", done.headers["location"], expect=(200, 302))
    return token if home is not None else None


def _answer(item: tuple[int, str], rng: random.Random) -> dict:
    item_id, kind = item
    if kind == "choice":
        return {"choice": rng.choices(("C", "P", "N", "NA"), weights=(7, 2, 1, 1))[0], "note": ""}
    return {"number": str(rng.randint(50, 100)), "note": ""}


class Tablet:
    """An inspector who leads some inspections: starts each checklist, saves drafts, submits."""

    def __init__(self, username: str, inspections: list[int], items: list[tuple[int, str]], seed: int) -> None:
        self.username = username
        self.inspections = list(inspections)
        self.items = items
        self.rng = random.Random(seed)
        self.client: httpx.AsyncClient | None = None
        self.token: str | None = None
        self.response: int | None = None
        self.version: int | None = None
        self.answers: dict[int, dict] = {}
        self.drafts_left = 0

    async def run(self, base: str, password: str, recorder: Recorder, ledger: Ledger, deadline: float) -> None:
        if self.client is None:
            self.client = httpx.AsyncClient(base_url=base)
            self.token = await login(recorder, self.client, self.username, password)
        await asyncio.sleep(self.rng.uniform(0, DRAFT_EVERY[1]))
        while self.token and time.monotonic() < deadline:
            if self.response is None and not await self._open(recorder):
                return
            if self.drafts_left > 0:
                await self._draft(recorder, ledger)
                await asyncio.sleep(self.rng.uniform(*DRAFT_EVERY))
            else:
                await self._submit(recorder, ledger)

    async def _open(self, recorder: Recorder) -> bool:
        if not self.inspections:
            return False
        inspection = self.inspections.pop(0)
        headers = {"X-CSRFToken": self.token}
        started = await recorder.call(self.client, "start checklist", "POST",
                                      f"/checklists/inspections/{inspection}/start", expect=(302,), headers=headers)
        if started is None:
            return True
        page = await recorder.call(self.client, "checklist page", "GET", started.headers["location"])
        if page is None:
            return True
        state = json.loads(html.unescape(STATE.search(page.text).group(1)))
        self.response, self.version, self.answers = state["response"], state["version"], {}
        self.drafts_left = self.rng.randint(*DRAFTS_PER_CHECKLIST)
        return True

    async def _draft(self, recorder: Recorder, ledger: Ledger) -> None:
        changed = {item[0]: _answer(item, self.rng) for item in self.rng.sample(self.items, self.rng.randint(1, 3))}
        saved = await recorder.call(self.client, "draft save", "POST", f"/checklists/responses/{self.response}/draft",
                                    json={"version": self.version, "answers": {str(k): v for k, v in changed.items()}},
                                    headers={"X-CSRFToken": self.token, "Accept": "application/json"})
        self.drafts_left -= 1
        if saved is None:
            return
        self.version = saved.json()["version"]
        self.answers.update(changed)
        ledger.saved[self.response].update(changed)

    async def _submit(self, recorder: Recorder, ledger: Ledger) -> None:
        answers = {item[0]: self.answers.get(item[0]) or _answer(item, self.rng) for item in self.items}
        client_id = str(uuid.uuid4())
        body = {"client_id": client_id, "version": self.version, "answers": {str(k): v for k, v in answers.items()}}
        headers = {"X-CSRFToken": self.token, "Accept": "application/json"}
        url = f"/checklists/responses/{self.response}/submit"
        first = await recorder.call(self.client, "submit", "POST", url, json=body, headers=headers)
        if first is not None:
            ledger.submitted[self.response] = (client_id, answers)
            if self.rng.random() < RESEND_SHARE:
                again = await recorder.call(self.client, "submit (resend)", "POST", url, json=body, headers=headers)
                ledger.resent += 1
                if again is not None and again.json() != first.json():
                    recorder.stage.errors["submit (resend)"] += 1
                    recorder.stage.samples.append("submit (resend): another answer than the first time")
        self.response = None

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()


class Reader:
    """A leader or a planner who reads pages now and then."""

    def __init__(self, username: str, pages: list[tuple[str, str]], every: float, seed: int) -> None:
        self.username, self.pages, self.every = username, pages, every
        self.rng = random.Random(seed)
        self.client: httpx.AsyncClient | None = None
        self.token: str | None = None

    async def run(self, base: str, password: str, recorder: Recorder, deadline: float) -> None:
        if self.client is None:
            self.client = httpx.AsyncClient(base_url=base)
            self.token = await login(recorder, self.client, self.username, password)
        await asyncio.sleep(self.rng.uniform(0, self.every))
        turn = 0
        while self.token and time.monotonic() < deadline:
            name, url = self.pages[turn % len(self.pages)]
            await recorder.call(self.client, name, "GET", url)
            turn += 1
            await asyncio.sleep(self.every)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()


# --- the service ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fresh_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _flask(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _passwords(table: str) -> dict[str, str]:
    """username → password, from the logins table `flask demo load` prints."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()]
    return {row[0]: row[1] for row in rows if len(row) >= 3 and row[0] not in ("username",) and "-" * 3 not in row[0]}


def _wait_ready(base: str, processes: list[subprocess.Popen], seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise SystemExit(f"{process.args[0]} exited with status {process.returncode}")
        try:
            if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the service did not answer in time")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the plan the tablets work through ------------------------------------------------------------


def _workload(engine) -> tuple[dict[str, list[int]], list[tuple[int, str]], int]:
    """(lead inspector's username → their planned inspections by date, the checklist's items, the programme)."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT u.username, i.id FROM inspections i JOIN inspectors ins ON ins.id = i.lead_id "
            "JOIN users u ON u.id = ins.user_id WHERE i.status = 'planned' ORDER BY i.date, i.id")).all()
        programme = conn.execute(text("SELECT id FROM programmes ORDER BY id DESC LIMIT 1")).scalar_one()
        items = conn.execute(text(
            "SELECT ti.id, ti.answer_type FROM template_items ti JOIN template_sections ts ON ts.id = ti.section_id "
            "JOIN programmes p ON p.template_id = ts.template_id WHERE p.id = :p ORDER BY ti.id"),
            {"p": programme}).all()
    by_lead: dict[str, list[int]] = defaultdict(list)
    for username, inspection_id in rows:
        by_lead[username].append(inspection_id)
    return dict(by_lead), [(item_id, kind) for item_id, kind in items], programme


# --- the check -------------------------------------------------------------------------------------


def _same(stored: tuple, sent: dict) -> bool:
    choice, number = stored
    if "choice" in sent:
        return choice == sent["choice"]
    return number is not None and float(number) == float(sent["number"])


def check(engine, ledger: Ledger) -> tuple[list[str], str]:
    """Problems found (none expected), and a summary."""
    problems = []
    with engine.connect() as conn:
        submissions = conn.execute(text("SELECT client_id, response_id FROM checklist_submissions")).all()
        per_client = defaultdict(int)
        per_response = defaultdict(int)
        for client_id, response_id in submissions:
            per_client[client_id] += 1
            per_response[response_id] += 1
        answers = defaultdict(dict)
        for response_id, item_id, choice, number in conn.execute(
                text("SELECT response_id, item_id, choice, number FROM answers")):
            answers[response_id][item_id] = (choice, number)
        statuses = dict(conn.execute(text(
            "SELECT r.id, i.status FROM checklist_responses r JOIN inspections i ON i.id = r.inspection_id")).all())
    for response_id, (client_id, sent) in ledger.submitted.items():
        if per_client[client_id] != 1 or per_response[response_id] != 1:
            problems.append(f"response {response_id}: {per_response[response_id]} submissions stored")
        if statuses.get(response_id) != "submitted":
            problems.append(f"response {response_id}: inspection is {statuses.get(response_id)}, not submitted")
        stored = answers[response_id]
        wrong = [item for item, answer in sent.items() if not _same(stored.get(item, (None, None)), answer)]
        if wrong:
            problems.append(f"response {response_id}: submitted answers differ for items {wrong[:5]}")
    drafts_checked = 0
    for response_id, saved in ledger.saved.items():
        if response_id in ledger.submitted:
            continue
        for item, answer in saved.items():
            drafts_checked += 1
            if not _same(answers[response_id].get(item, (None, None)), answer):
                problems.append(f"response {response_id}: the saved draft answer of item {item} is lost")
    unexpected = set(per_response) - set(ledger.submitted)
    if unexpected:
        problems.append(f"{len(unexpected)} submissions stored that no tablet saw accepted")
    still_open = len(ledger.saved.keys() - ledger.submitted.keys())
    summary = (f"submissions: {len(ledger.submitted)} accepted ({ledger.resent} sent twice), "
               f"{sum(1 for r in ledger.submitted if per_response[r] == 1)} stored exactly once; "
               f"drafts: {drafts_checked} saved answers of {still_open} checklists still open "
               f"checked against the database")
    return problems, summary


# --- the run ---------------------------------------------------------------------------------------


async def _stages(base: str, mode: Mode, passwords: dict[str, str], workload, recorder: Recorder, ledger: Ledger):
    by_lead, items, programme = workload
    inspector_password = next(p for u, p in passwords.items() if u.startswith("tt"))
    leads = sorted(by_lead, key=lambda u: (-len(by_lead[u]), u))
    if len(leads) < max(mode.stages):
        raise SystemExit(f"only {len(leads)} inspectors lead planned inspections; {max(mode.stages)} tablets asked")
    tablets = [Tablet(u, by_lead[u], items, seed=n) for n, u in enumerate(leads[:max(mode.stages)])]
    leader_pages = [("dashboard", "/dashboard/")]
    planner_pages = [("plan page", f"/planning/programmes/{programme}"), ("schedule list", "/schedule/inspections")]
    leader_names = [u for u in passwords if u.startswith("leader")]
    readers = [Reader(leader_names[n % len(leader_names)], leader_pages, LEADER_EVERY, seed=1000 + n)
               for n in range(mode.leaders)]
    readers += [Reader("planner", planner_pages, PLANNER_EVERY, seed=2000 + n) for n in range(mode.planners)]
    try:
        for count in mode.stages:
            recorder.begin(count)
            deadline = time.monotonic() + mode.seconds
            runs = [t.run(base, inspector_password, recorder, ledger, deadline) for t in tablets[:count]]
            runs += [r.run(base, passwords[r.username], recorder, deadline) for r in readers]
            await asyncio.gather(*runs)
            recorder.end()
            print(f"stage of {count} tablets done", flush=True)
    finally:
        await asyncio.gather(*(t.close() for t in tablets), *(r.close() for r in readers))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="a quick check: a town, 5 and 10 tablets, 15 s each")
    parser.add_argument("--stages", help="tablets per stage, e.g. 10,50,100")
    parser.add_argument("--seconds", type=float, help="length of each stage")
    args = parser.parse_args(argv)
    mode = SHORT if args.short else FULL
    if args.stages:
        mode = Mode(mode.size, tuple(int(n) for n in args.stages.split(",")), mode.seconds, mode.leaders, mode.planners)
    if args.seconds:
        mode = Mode(mode.size, mode.stages, args.seconds, mode.leaders, mode.planners)

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    instance = Path(tempfile.mkdtemp(prefix="bench-web-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "TEST_"))}
    env.update(APP_ENV="production", SECRET_KEY=secrets.token_hex(32), DATABASE_URL=database, REDIS_URL=redis_url,
               INSPECTION_INSTANCE_PATH=str(instance), UPLOAD_STORE="database", BASE_URL=base,
               GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESS_LOG=str(instance / "access.log"))

    print(f"database {make_url(database).render_as_string()}, Redis {redis_url}, service {base}", flush=True)
    _fresh_database(database)
    redis.Redis.from_url(redis_url).flushdb()
    _flask(env, "db", "upgrade")
    started = time.monotonic()
    passwords = _passwords(_flask(env, "demo", "load", "--size", mode.size))
    print(f"flask demo load --size {mode.size}: {time.monotonic() - started:.0f} s", flush=True)

    logs = (instance / "gunicorn.log").open("w"), (instance / "worker.log").open("w")
    service = subprocess.Popen([str(BIN / "gunicorn"), "wsgi:app"], cwd=ROOT, env=env, stdout=logs[0],
                               stderr=subprocess.STDOUT)
    worker = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "jobs", "worker"], cwd=ROOT, env=env,
                              stdout=logs[1], stderr=subprocess.STDOUT)
    engine = create_engine(database)
    recorder, ledger = Recorder(), Ledger()
    try:
        _wait_ready(base, [service, worker])
        asyncio.run(_stages(base, mode, passwords, _workload(engine), recorder, ledger))
    finally:
        _stop(service)
        _stop(worker)
        for log in logs:
            log.close()
    print(report(recorder.stages))
    problems, summary = check(engine, ledger)
    engine.dispose()
    print("\n" + summary)
    for problem in problems[:20]:
        print("PROBLEM:", problem)
    print(f"logs: {instance}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
