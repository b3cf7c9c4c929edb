"""Benchmark `speciosa signals` on synthetic FAERS-like data: 1M, 5M, 20M reports (DuckDB), optional openEBGM.

Usage::

    .venv/bin/python bench/bench_signals.py --reports 1000000 5000000 [--threads 2] [--openebgm]

Each size is generated once (NumPy, Parquet) in a temporary folder, then timed: read + count
(DuckDB, out-of-core), prior fit (auto-squashed above 20,000 distinct points) and posterior
scores for every pair. Prints measured vs target (20M reports ≤ 600 s on 2 cores). With
``--openebgm`` (needs Rscript with openEBGM installed) the same data, as CSV, is run through
openEBGM's documented workflow (data.table::fread, processRaw, autoSquash, exploreHypers, ebScores)
and the speed ratio is printed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from speciosa.adapters.analytics import duckdb_counts, readers, synthetic
from speciosa.learn.signals.report import score_signals

TARGET_S = {20_000_000: 600.0}

R_SCRIPT = """
suppressMessages({library(openEBGM); library(data.table)})
t0 <- Sys.time()
d <- as.data.frame(fread(commandArgs(TRUE)[1], colClasses = "character"))
names(d) <- c("id", "var1", "var2")
proc <- processRaw(d)
sq <- autoSquash(proc)
theta_init <- data.frame(alpha1 = c(0.2, 0.1, 0.3), beta1 = c(0.1, 0.2, 0.5),
                         alpha2 = c(2, 10, 6), beta2 = c(4, 10, 6), p = c(1/3, 0.2, 0.5))
# autoHyper's agreement check can refuse synthetic data, so take exploreHypers' best nlminb fit.
ex <- exploreHypers(sq, theta_init = theta_init)$estimates
ex <- ex[!is.na(ex$minimum), ]
best <- as.numeric(ex[which.min(ex$minimum), c("a1_hat", "b1_hat", "a2_hat", "b2_hat", "p_hat")])
names(best) <- c("alpha1", "beta1", "alpha2", "beta2", "P")
obj <- ebScores(proc, hyper_estimate = list(estimates = best), quantiles = c(5, 95))
cat(sprintf("%.3f %d %s\\n", as.numeric(Sys.time() - t0, units = "secs"), nrow(proc),
    paste(sprintf("%.6g", best), collapse = " ")))
"""


def run_speciosa(folder: Path, threads: int, tmp: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    con = duckdb_counts.connect(temp_directory=tmp, memory_limit="6GB", threads=threads)
    read = readers.read_csv_source(con, folder)
    t1 = time.perf_counter()
    counts = duckdb_counts.count_pairs(con, progress=False)
    t2 = time.perf_counter()
    report = score_signals(counts, limit=1000)  # every pair scored and ranked; top 1000 rows built
    t3 = time.perf_counter()
    con.close()
    h = report.hyperparameters
    print(
        f"  rows {read.rows_used:,}  pairs {len(counts):,}  prior "
        f"{h.alpha1:.4g} {h.beta1:.4g} {h.alpha2:.4g} {h.beta2:.4g} {h.p:.4g}"
    )
    return {"read": t1 - t0, "count": t2 - t1, "score": t3 - t2, "total": t3 - t0}


def run_openebgm(folder: Path, tmp: Path) -> float:
    csv = tmp / "long.csv"
    duckdb.execute(
        f"COPY (SELECT id, product, event FROM read_parquet('{folder}/*.parquet')) TO '{csv}' (HEADER)"  # noqa: S608
    )
    script = tmp / "bench.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    out = subprocess.run(["Rscript", str(script), str(csv)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    if out.returncode != 0:
        print("  openEBGM failed:", out.stderr.strip().splitlines()[-3:])
        return float("nan")
    line = out.stdout.strip().splitlines()[-1]
    print(f"  openEBGM: {line}")
    return float(line.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--openebgm", action="store_true")
    args = parser.parse_args()
    for size in args.reports:
        tmp = Path(tempfile.mkdtemp(prefix="speciosa-bench-"))
        try:
            folder = tmp / "data"
            t0 = time.perf_counter()
            synthetic.write_parquet(synthetic.SyntheticSpec(reports=size), folder)
            gen = time.perf_counter() - t0
            print(f"{size:,} reports (generated in {gen:.1f} s)")
            t = run_speciosa(folder, args.threads, tmp)
            target = TARGET_S.get(size)
            verdict = (
                ""
                if target is None
                else f"  target ≤ {target:.0f} s: {'met' if t['total'] <= target else 'MISSED'}"
            )
            print(
                f"  speciosa/DuckDB: read {t['read']:.1f} s, count {t['count']:.1f} s, "
                f"fit+score {t['score']:.1f} s, total {t['total']:.1f} s{verdict}"
            )
            if args.openebgm:
                r = run_openebgm(folder, tmp)
                print(f"  speed ratio openEBGM / speciosa: {r / t['total']:.1f}x")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
