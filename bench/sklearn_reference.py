"""The reference IsolationForest method (the original prototype's), as a user would otherwise run it: Python, five features per log, then
scikit-learn's IsolationForest(contamination=0.1). Run by bench/run.ts with Debian's
/usr/bin/python3 (python3-sklearn); prints one JSON object with the timings.

Usage: sklearn_reference.py LOGS.jsonl [--runs N] [--no-warmup]
Timed per run: feature extraction from the parsed logs, fit (which scores the training set once
for contamination's offset), and one decision_function pass (its sign is predict()): the least
work scikit-learn needs to flag anomalies and give each a score. JSON parsing is not timed,
as the TypeScript core is not timed on it either.
"""
import json
import re
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

ERROR_KEYWORDS = ["error", "exception", "fail", "fatal", "timeout", "refused", "denied", "crash", "panic", "critical", "oom"]
SEVERITY = {"DEBUG": 1, "INFO": 2, "WARNING": 3, "WARN": 3, "ERROR": 4, "CRITICAL": 5}
RT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s)\b")
MEM_RE = re.compile(r"memory[^\d]{0,20}(\d+(?:\.\d+)?)\s*%", re.I)


def features(log):
    message = log.get("message", "")
    lower = message.lower()
    keywords = sum(lower.count(k) for k in ERROR_KEYWORDS)
    rt = log.get("response_time_ms")
    if rt is None:
        m = RT_RE.search(message)
        rt = (float(m.group(1)) * (1000 if m.group(2) == "s" else 1)) if m else 0.0
    mem = log.get("memory_usage")
    if mem is None:
        m = MEM_RE.search(message)
        mem = float(m.group(1)) if m else 0.0
    return [len(message), keywords, SEVERITY.get(str(log.get("level", "INFO")).upper(), 2), float(rt), float(mem)]


def run_once(logs):
    t0 = time.perf_counter()
    X = np.array([features(l) for l in logs], dtype=np.float64)
    t1 = time.perf_counter()
    forest = IsolationForest(contamination=0.1, random_state=42, n_estimators=100)
    forest.fit(X)
    t2 = time.perf_counter()
    # One scoring pass: decision_function < 0 is exactly predict() == -1.
    scores = forest.decision_function(X)
    flagged = scores < 0
    t3 = time.perf_counter()
    return {"features_s": t1 - t0, "fit_s": t2 - t1, "score_s": t3 - t2, "total_s": t3 - t0, "flagged": int(flagged.sum())}


def main():
    path = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    with open(path) as f:
        logs = [json.loads(line) for line in f if line.strip()]
    if "--no-warmup" not in sys.argv:
        run_once(logs)
    results = [run_once(logs) for _ in range(runs)]
    med = {k: statistics.median(r[k] for r in results) for k in ("features_s", "fit_s", "score_s", "total_s")}
    print(json.dumps({"n": len(logs), "runs": runs, "sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "flagged": results[-1]["flagged"], **med}))


if __name__ == "__main__":
    main()
