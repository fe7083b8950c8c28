"""Load benchmark: 20 concurrent users for 60 s — through the service in threads, then through the Gradio app.

    .venv/bin/python evals/bench_load.py                      # study index, 20 users, 60 s + 60 s
    .venv/bin/python evals/bench_load.py --chroma server --apps 2 --seconds 0

1. threads — 20 threads share one ``Assistant`` (as the app's workers do) and stream answers
   (``Assistant.stream``, one session each) back to back for ``--seconds``. A third of the way in, an
   ingest adds a document to the same index, so every user's searcher reloads while the others keep
   asking: in-process (like an upload in 文件管理) with embedded Chroma, an ``assistant ingest`` process
   with ``--chroma server``.
2. http — ``--apps`` ``assistant serve`` processes on 127.0.0.1 (more than one needs ``--chroma server``);
   20 ``gradio_client`` clients, spread over the apps, call the chat endpoint (the one the 发送 button
   uses, streamed through Gradio's queue) for ``--http-seconds``. With ``--chroma server`` an
   ``assistant ingest`` process publishes a new generation a third of the way in.

Both run on a private copy of the index evals/bench_ingest.py keeps (built when missing), so the
benchmark never changes it. Counted as errors: exceptions, streams without a final answer, and chat
replies rendered as **错误**. Writes evals/reports/load.{json,md,png}.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ingest import CORPORA, REPORTS, ROOT, WORK, default_embedder, index_dir, merge_rows, run_child  # noqa: E402
from bench_query import ChromaServer, free_port, questions  # noqa: E402

from assistant.indexing.vector_space import active_folder  # noqa: E402

ASSISTANT = ROOT / ".venv" / "bin" / "assistant"
EXTRA_LAW = ("# 示例防汛值守办法\n\n<!-- INFO END -->\n\n"
             "第一条 为做好汛期值守工作，制定本办法。\n\n第二条 汛期值班人员应当二十四小时在岗，及时报告雨情水情。\n")


@dataclass
class Run:
    """Requests of one load run: (start offset s, total ms, first-piece ms, ok)."""

    name: str
    users: int
    seconds: float
    requests: list[tuple[float, float, float, bool]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: dict[str, float] = field(default_factory=dict)
    frames: list[int] = field(default_factory=list)  # streamed updates per answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, start: float, total: float, first: float, ok: bool, error: str = "") -> None:
        """Add one finished request (thread-safe)."""
        with self.lock:
            self.requests.append((start, total * 1000, first * 1000, ok))
            if error:
                self.errors.append(error)

    def summary(self) -> dict[str, Any]:
        """Throughput, errors and latency percentiles."""
        done = [r for r in self.requests if r[3]]
        total = np.asarray([r[1] for r in done]) if done else np.zeros(1)
        first = np.asarray([r[2] for r in done]) if done else np.zeros(1)
        pct = lambda a, q: round(float(np.percentile(a, q)), 1)  # noqa: E731
        return {"run": self.name, "users": self.users, "seconds": round(self.seconds, 1),
                "answers": len(done), "errors": len(self.requests) - len(done),
                "throughput_per_s": round(len(done) / self.seconds, 2),
                "p50_ms": pct(total, 50), "p95_ms": pct(total, 95), "p99_ms": pct(total, 99),
                "first_piece_p50_ms": pct(first, 50), "first_piece_p95_ms": pct(first, 95),
                "frames_per_answer": round(float(np.mean(self.frames)), 1) if self.frames else None,
                "error_samples": self.errors[:5], "events": self.events,
                "requests": [[round(a, 2), round(b, 1), round(c, 1), ok] for a, b, c, ok in self.requests]}


def private_index(work: Path, scale: str, embedder: str) -> Path:
    """A throw-away copy of the benchmark index (built first when missing)."""
    source = index_dir(work, scale, embedder)
    if not (source / "CURRENT").is_file():
        print(f"[{scale}] no index under {source}: ingesting {CORPORA[scale]} first …", flush=True)
        run_child(CORPORA[scale], source, embedder)
    copy = work / f"load-{scale}-{embedder}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    return copy


def thread_run(index: Path, scale: str, embedder: str, users: int, seconds: float, chroma_url: str) -> Run:
    """Users as threads on one Assistant; an ingest publishes a new generation a third of the way in."""
    from assistant.answering.service import Assistant
    from assistant.config import load_settings
    from assistant.types import Answer

    bot = Assistant(load_settings(index={"dir": str(index), "chroma_url": chroma_url}, embedder={"name": embedder}))
    bot.ask("预热")  # load model and searcher before the clock starts
    run = Run("threads", users, seconds)
    qs = questions()
    begin = time.perf_counter()
    deadline = begin + seconds

    def user(i: int) -> None:
        rng = random.Random(i)
        while time.perf_counter() < deadline:
            q = rng.choice(qs)
            t0 = time.perf_counter()
            first = 0.0
            try:
                final = None
                frames = 0
                for item in bot.stream(q, session_id=f"user-{i}"):
                    first = first or time.perf_counter() - t0
                    final = item if isinstance(item, Answer) else final
                    frames += 1
                with run.lock:
                    run.frames.append(frames)
                ok = final is not None
                run.record(t0 - begin, time.perf_counter() - t0, first, ok, "" if ok else "no final Answer")
            except Exception as exc:
                run.record(t0 - begin, time.perf_counter() - t0, first, False, f"{type(exc).__name__}: {exc}")

    def in_process() -> None:
        time.sleep(seconds / 3)
        run.events["ingest_start"] = time.perf_counter() - begin
        report = bot.ingest([CORPORA[scale], extra_folder(index, scale)], progress=False)
        run.events["ingest_published"] = time.perf_counter() - begin
        run.events["ingest_embedded"] = report.embedded

    ingest = (lambda: ingest_process(index, scale, embedder, chroma_url, run, begin)) if chroma_url else in_process
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)] + [threading.Thread(target=ingest)]
    for t in threads:
        t.start()
    for t in threads[:users]:
        t.join()
    run.seconds = time.perf_counter() - begin  # the users' window: an ingest may outlive it (events say when)
    threads[-1].join()
    return run


def extra_folder(index: Path, scale: str) -> Path:
    """A folder with one small new law, so an ingest has something to publish."""
    extra = index.parent / f"load-extra-{scale}"
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir()
    (extra / "示例防汛值守办法.md").write_text(EXTRA_LAW, encoding="utf-8")
    return extra


def ingest_process(index: Path, scale: str, embedder: str, chroma_url: str, run: Run, begin: float) -> None:
    """``assistant ingest`` as a separate process (server mode only), a third of the way into the run."""
    time.sleep(run.seconds / 3)
    env = {**os.environ, "ASSISTANT_EMBEDDER_NAME": embedder, "ASSISTANT_INDEX_CHROMA_URL": chroma_url,
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    run.events["ingest_start"] = time.perf_counter() - begin
    done = subprocess.run([str(ASSISTANT), "ingest", str(CORPORA[scale]), str(extra_folder(index, scale)),
                           "--index", str(index), "--quiet"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    run.events["ingest_published"] = time.perf_counter() - begin
    if done.returncode != 0:
        run.errors.append(f"assistant ingest exited {done.returncode}: {done.stderr[-300:]}")


def chat_endpoint(client: Any) -> str:
    """The API name of the chat handler (the event whose inputs are question + messages)."""
    info = client.view_api(return_format="dict", print_info=False)
    for name, spec in info["named_endpoints"].items():
        params = [p["parameter_name"] for p in spec["parameters"]]
        if params[:2] == ["question", "messages"]:
            return str(name)
    raise SystemExit("no chat endpoint (question, messages) in the app's API")


@contextlib.contextmanager
def apps_running(index: Path, embedder: str, chroma_url: str,
                 apps: int) -> Iterator[list[tuple[subprocess.Popen[bytes], str]]]:
    """``apps`` ``assistant serve`` processes on free loopback ports, with their URLs."""
    env = {**os.environ, "ASSISTANT_EMBEDDER_NAME": embedder, "ASSISTANT_INDEX_CHROMA_URL": chroma_url,
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    ports = [free_port() for _ in range(apps)]
    servers = [subprocess.Popen([str(ASSISTANT), "serve", "--index", str(index), "--host", "127.0.0.1",
                                 "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for port in ports]
    urls = [f"http://127.0.0.1:{port}/" for port in ports]
    try:
        for server, url in zip(servers, urls, strict=True):
            wait_http(url, server, 900)
        yield list(zip(servers, urls, strict=True))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def ask_over_http(client: Any, endpoint: str, question: str, run: Run, begin: float) -> None:
    """One streamed chat request; the final chatbot message must be an answer, not an error."""
    t0 = time.perf_counter()
    first = 0.0
    try:
        job = client.submit(question, [], [], [], False, api_name=endpoint)
        last: Any = None
        for update in job:
            first = first or time.perf_counter() - t0
            last = update
        outputs = job.outputs()
        last = outputs[-1] if outputs else last
        with run.lock:
            run.frames.append(len(outputs))
        reply = last[0][-1]["content"] if last and last[0] else ""
        text = json.dumps(reply, ensure_ascii=False)
        ok = bool(reply) and "**错误**" not in text
        run.record(t0 - begin, time.perf_counter() - t0, first, ok, "" if ok else text[:200])
    except Exception as exc:
        run.record(t0 - begin, time.perf_counter() - t0, first, False, f"{type(exc).__name__}: {exc}")


def http_run(index: Path, scale: str, embedder: str, users: int, seconds: float, chroma_url: str,
             apps: int) -> tuple[Run, dict[str, float]]:
    """``users`` gradio_client clients spread over ``apps`` app processes ask for ``seconds``."""
    import psutil
    from gradio_client import Client

    with apps_running(index, embedder, chroma_url, apps) as servers:
        clients = [Client(servers[i % apps][1], verbose=False, download_files=False) for i in range(users)]
        endpoint = chat_endpoint(clients[0])
        for client in clients[:apps]:
            client.predict("预热", [], [], [], False, api_name=endpoint)
        run = Run("http", users, seconds)
        qs = questions()
        watched = [psutil.Process(server.pid) for server, _ in servers]
        me = psutil.Process()  # cpu_percent() measures since the previous call on the same object
        for w in [*watched, me]:
            w.cpu_percent()
        rss = [sum(w.memory_info().rss for w in watched)]
        begin = time.perf_counter()

        def user(i: int) -> None:
            rng = random.Random(100 + i)
            while time.perf_counter() < begin + seconds:
                ask_over_http(clients[i], endpoint, rng.choice(qs), run, begin)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        if chroma_url:  # another process may ingest only when the vectors live in a Chroma server
            threads.append(threading.Thread(target=ingest_process,
                                            args=(index, scale, embedder, chroma_url, run, begin)))
        for t in threads:
            t.start()
        users_done = 0.0
        while any(t.is_alive() for t in threads):
            rss.append(sum(w.memory_info().rss for w in watched))
            if not users_done and not any(t.is_alive() for t in threads[:users]):
                users_done = time.perf_counter() - begin  # an ingest may outlive the users' window
            time.sleep(1)
        run.seconds = users_done or time.perf_counter() - begin
        stats = {"apps": apps, "server_cpu_percent": round(sum(w.cpu_percent() for w in watched), 1),
                 "client_cpu_percent": round(me.cpu_percent(), 1),
                 "server_peak_rss_mb": round(max(rss) / 2**20)}
        for client in clients:
            client.close()
        return run, stats


def wait_http(url: str, proc: subprocess.Popen[bytes], limit: float) -> None:
    """Wait until the app answers (model and index load first)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"assistant serve exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the app did not come up within {limit:.0f} s")


def write_reports(rows: list[dict[str, Any]], out: Path) -> None:
    """Merge into load.json (one row per run × scale × Chroma mode × embedder × apps); redraw load.md/png."""
    rows = merge_rows(out / "load.json", rows,
                      lambda r: (r["run"], r["scale"], r["chroma"], r["embedder"], (r.get("server") or {}).get("apps")),
                      valid=lambda r: "chroma" in r)
    text = ("# Load benchmark (evals/bench_load.py)\n\n| run | scale | Chroma | embedder | users | seconds | answers "
            "| errors | answers/s | p50 / p95 / p99 (ms) | first piece p50 / p95 (ms) | frames/answer | load avg |\n"
            "|---|---|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|\n")
    for r in rows:
        apps = (r.get("server") or {}).get("apps")
        label = f"{r['run']} ({apps} app{'s' if apps > 1 else ''})" if apps else r["run"]
        text += (f"| {label} | {r['scale']} | {r['chroma']} | {r['embedder']} | {r['users']} | {r['seconds']} "
                 f"| {r['answers']} "
                 f"| {r['errors']} | {r['throughput_per_s']} | {r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']} "
                 f"| {r['first_piece_p50_ms']} / {r['first_piece_p95_ms']} | {r.get('frames_per_answer')} "
                 f"| {r['load_avg']} |\n")
    for r in rows:
        name = f"{r['run']} / {r['chroma']}"
        if r["events"]:
            text += f"\n{name}: " + ", ".join(f"{k} = {v:.1f}" for k, v in r["events"].items()) + "\n"
        if r.get("server"):
            text += f"\n{name}: app processes " + ", ".join(f"{k} = {v}" for k, v in r["server"].items()) + "\n"
        if r["error_samples"]:
            text += f"\n{name} errors (first 5): " + "; ".join(r["error_samples"]) + "\n"
    text += ("\nLatency is per answer from the request to the final, complete answer; \"first piece\" is the first "
             "streamed update (over HTTP: the first queue message, normally the 检索中… placeholder). Gradio runs "
             "the chat handler 4 at a time (`default_concurrency_limit=4`), so over HTTP the other users wait in "
             "its queue and that wait is part of their latency.\n")
    (out / "load.md").write_text(text, encoding="utf-8")
    plot(rows, out / "load.png")


def plot(rows: list[dict[str, Any]], out: Path) -> None:
    """Latency of every request over the run, one panel per run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(len(rows), 3)
    lines = -(-len(rows) // cols)
    fig, axes = plt.subplots(lines, cols, figsize=(6 * cols, 4.2 * lines), squeeze=False)
    for ax in axes.flat[len(rows):]:
        ax.axis("off")
    for ax, r in zip(axes.flat, rows, strict=False):
        ok = [(s, t) for s, t, _, good in r["requests"] if good]
        bad = [(s, t) for s, t, _, good in r["requests"] if not good]
        if ok:
            ax.scatter(*zip(*ok, strict=True), s=6, label="answer")
        if bad:
            ax.scatter(*zip(*bad, strict=True), s=12, color="red", marker="x", label="error")
        for name, at in r["events"].items():
            if name.startswith("ingest_") and name != "ingest_embedded":
                ax.axvline(at, color="gray", linestyle="--", linewidth=1)
                ax.text(at, ax.get_ylim()[1] if ok else 1, name.removeprefix("ingest_"), fontsize=7, rotation=90,
                        va="top")
        ax.axhline(r["p95_ms"], color="orange", linewidth=1, label=f"p95 {r['p95_ms']:.0f} ms")
        apps = (r.get("server") or {}).get("apps", 1)
        ax.set_title(f"{r['run']}: {r['users']} users, {r['scale']}, {r['chroma']} Chroma"
                     + (f", {apps} apps" if r["run"] == "http" else ""), fontsize=9)
        ax.set_xlabel("request start (s)")
        ax.set_ylabel("latency (ms)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="study", choices=sorted(CORPORA))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="threads run length (0 skips it)")
    parser.add_argument("--http-seconds", type=float, default=60, help="HTTP run length (0 skips it)")
    parser.add_argument("--chroma", choices=["embedded", "server"], default="embedded")
    parser.add_argument("--apps", type=int, default=1, help="app processes for the HTTP run (>1 needs server)")
    parser.add_argument("--embedder", default="", help="embedder name (default: static if installed)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"where indexes are kept (default {WORK})")
    parser.add_argument("--out", type=Path, default=REPORTS, help="report folder (default evals/reports)")
    args = parser.parse_args()
    if args.apps > 1 and args.chroma != "server":
        parser.error("several app processes need --chroma server (embedded Chroma is single-process)")
    embedder = args.embedder or default_embedder()
    rows: list[dict[str, Any]] = []
    base = {"scale": args.scale, "embedder": embedder, "chroma": args.chroma}
    for name, length in (("threads", args.seconds), ("http", args.http_seconds)):
        if not length:
            continue
        index = private_index(args.work, args.scale, embedder)
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(ChromaServer(active_folder(index))).url if args.chroma == "server" else ""
            print(f"[{name}] {args.users} users × {length:.0f} s on {index} ({args.chroma} Chroma) …", flush=True)
            if name == "threads":
                row = {**base, **thread_run(index, args.scale, embedder, args.users, length, url).summary()}
            else:
                run, stats = http_run(index, args.scale, embedder, args.users, length, url, args.apps)
                row = {**base, **run.summary(), "server": stats}
        rows.append({**row, "load_avg": round(os.getloadavg()[0], 1)})
        write_reports(rows, args.out)
    print((args.out / "load.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
