#!/usr/bin/env python3
"""Side-by-side cold builds, interleaved: one run of every tool per round, so every tool sees
the same load on a noisy machine, and each tool's ratio to kumo-deck is the median of the
per-round ratios (paired), not a ratio of medians taken minutes apart.

Usage (from the project root, after `cargo build --release`):
    python3 benches/anchors_paired.py N CORPUS [--rounds R] [--warmup W]

CORPUS is a folder made by ../shared/bench/gen_corpus.py N CORPUS, with this project's
skeleton (deck.toml, data/, templates/, themes/, content/<lang>/ strings and assets) copied into
CORPUS/ours. Tools (each skipped, with a note, when its binary is missing):
    KUMO (default target/release/kumo-deck), ZOLA, HUGO, MDBOOK (default: on PATH),
    FLOOR (../shared/bench/floor built binary; runs `--highlight --threads 1` and `--threads 2`).
Whole-process figures from os.wait4 (the timing helper of ../shared/bench/timeit.py):
median wall, median CPU (user+sys), median peak RSS. Standard library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "bench"))
sys.path.insert(0, os.environ.get("KUMO_SHARED_BENCH", "/work/shared/bench"))
from timeit import run_once  # noqa: E402


def tools(corpus, out):
    """(label, cwd, output folder to remove before each run, command) of every tool found."""
    found = []

    def binary(var, name, default=None):
        return os.environ.get(var) or default or shutil.which(name)

    kumo = binary("KUMO", "kumo-deck", os.path.abspath("target/release/kumo-deck"))
    found.append(("kumo-deck", f"{corpus}/ours", f"{corpus}/ours/dist", [kumo, "build"]))
    zola = binary("ZOLA", "zola")
    if zola:
        found.append(("zola", f"{corpus}/zola", f"{out}/zola", [zola, "build", "-o", f"{out}/zola"]))
    hugo = binary("HUGO", "hugo")
    if hugo:
        found.append(("hugo", f"{corpus}/hugo", f"{out}/hugo", [hugo, "--quiet", "-d", f"{out}/hugo"]))
    mdbook = binary("MDBOOK", "mdbook")
    if mdbook:
        found.append(("mdbook", f"{corpus}/mdbook", f"{out}/mdbook", [mdbook, "build", "-d", f"{out}/mdbook"]))
    floor = os.environ.get("FLOOR")
    if floor:
        for t in (1, 2):
            label = f"floor-hl-t{t}"
            found.append((label, corpus, f"{out}/{label}",
                          [floor, "--highlight", "--threads", str(t), "ours/content", f"{out}/{label}"]))
    for var, name in (("ZOLA", "zola"), ("HUGO", "hugo"), ("MDBOOK", "mdbook"), ("FLOOR", "floor")):
        if not any(f[0].startswith(name) for f in found):
            print(f"note: {name} not found (set {var}); left out", file=sys.stderr)
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("corpus")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    out = corpus + "-out"
    os.makedirs(out, exist_ok=True)
    found = tools(corpus, out)
    runs = {label: [] for label, *_ in found}
    for r in range(a.warmup + a.rounds):
        for label, cwd, dist, cmd in found:
            shutil.rmtree(dist, ignore_errors=True)
            shutil.rmtree(os.path.join(cwd, "resources"), ignore_errors=True)  # Hugo's cache
            res = run_once(cmd, cwd, 900)
            if res["rc"] != 0:
                sys.exit(f"{label} failed (exit {res['rc']}): {' '.join(cmd)}")
            if r >= a.warmup:
                runs[label].append(res)
        print(f"round {r + 1}/{a.warmup + a.rounds} done", file=sys.stderr)
    base = runs["kumo-deck"]
    print(f"N={a.n} slides, {a.rounds} interleaved rounds (+{a.warmup} warm-up), {os.cpu_count()} CPUs")
    print("| tool | wall median s | CPU median s | peak MiB | wall / kumo-deck (median of pairs) |")
    print("|---|---|---|---|---|")
    for label, *_ in found:
        xs = runs[label]
        med = lambda k: statistics.median(x[k] for x in xs)  # noqa: E731
        ratio = statistics.median(x["wall"] / b["wall"] for x, b in zip(xs, base))
        print(f"| {label} | {med('wall'):.3f} | {med('cpu'):.3f} | {med('peak_mib'):.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
