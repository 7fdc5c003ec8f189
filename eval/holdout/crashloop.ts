// A Go service (zap production JSON) whose new release panics on one kind of request; the runtime's
// panic and goroutine trace reach the log line by line through the container runtime, then the pod restarts.

import type { Scenario } from "../blind/types.js";
import { epochSec, type Entry, isoNano, type Label, LogBook, MIN, poissonTimes, podName, rngFor, SEC, startTime } from "./kit.js";

export function goPanicCrashloop(seed: number): Scenario {
  const name = "go-panic-crashloop";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const svc = r.pick(["shipping-rates", "geo-svc", "quota-svc", "delivery-eta"]);
  const pkg = `github.com/${r.pick(["acme", "shopco", "parcelly"])}/${svc}`;
  const oldVer = `v2.${r.int(10, 30)}.${r.int(0, 9)}`;
  const newVer = oldVer.replace(/\.\d+$/, (m) => `.${Number(m.slice(1)) + 1}`);
  const pods = Array.from({ length: 3 }, () => podName(r, svc));
  const t0 = startTime(r);
  const rollout = t0 + r.int(9, 15) * MIN;
  const end = rollout + r.int(16, 22) * MIN;
  const country = r.pick(["IE", "HK", "AE", "PA"]);

  const zap = (t: number, label: Label, pod: string, level: string, caller: string, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { level, ts: epochSec(t), caller, msg, service: svc, pod, ...extra });
  };
  const raw = (t: number, label: Label, pod: string, text: string): void => {
    book.add(t, label, { log: `${text}\n`, stream: "stderr", time: isoNano(t, r), service: svc, pod });
  };
  const startup = (t: number, pod: string, version: string, label: Label): number => {
    zap(t, label, pod, "info", "cmd/server/main.go:48", "starting", { version, go_version: "go1.22.5", gomaxprocs: 2 });
    zap(t + r.int(30, 90), label, pod, "info", "internal/store/redis.go:31", "connected to redis", { addr: "rates-cache:6379", db: 0 });
    zap(t + r.int(200, 900), label, pod, "info", "internal/carriers/registry.go:66", "carrier tables loaded", {
      carriers: r.int(11, 16),
      rows: r.int(180000, 260000),
    });
    const ready = t + r.int(1000, 2500);
    zap(ready, label, pod, "info", "cmd/server/main.go:97", "listening", { addr: ":8080" });
    return ready;
  };

  // Each pod: up until rollout on the old version; then the new version, crashing on the poison request.
  const podUp = new Map<string, number>(pods.map((p) => [p, t0]));
  const crashesAt = new Map<string, number[]>();
  for (const [i, pod] of pods.entries()) {
    const restartAt = rollout + i * r.int(40, 70) * SEC;
    const times: number[] = [];
    let t = startup(restartAt, pod, newVer, "pattern");
    let backoff = r.pick([5, 10, 20]) * SEC;
    while (t < end) {
      const crash = t + r.int(20, 200) * SEC;
      if (crash >= end) break;
      times.push(crash);
      t = startup(crash + backoff, pod, newVer, "pattern");
      backoff = Math.min(backoff * 2, 5 * MIN);
    }
    crashesAt.set(pod, times);
    podUp.set(pod, restartAt);
  }
  const podDown = (pod: string, t: number): boolean => {
    if (t >= (podUp.get(pod) ?? t0) && t < (podUp.get(pod) ?? t0) + 3 * SEC) return true;
    return (crashesAt.get(pod) ?? []).some((c) => t >= c && t < c + 12 * SEC);
  };

  // Requests.
  for (const t of poissonTimes(r, t0, end, r.float(58, 72))) {
    const pod = r.pick(pods);
    if (podDown(pod, t)) continue;
    const latency = r.logNormal(0.004, 0.45);
    const c = r.weighted([
      ["DE", 5],
      ["FR", 3],
      ["US", 4],
      ["GB", 3],
      [country, 0.4],
    ] as const);
    zap(t + Math.round(latency * 1000), null, pod, "info", "internal/http/middleware.go:52", "request served", {
      method: "POST",
      path: "/v1/rates",
      status: 200,
      latency: Number(latency.toFixed(6)),
      dest_country: c,
      request_id: r.hex(16),
    });
  }
  // The panic trace of each crash, one record per line as the runtime writes it to stderr.
  for (const [pod, times] of crashesAt) {
    for (const c of times) {
      const gid = r.int(200, 90000);
      const lines = [
        "panic: runtime error: invalid memory address or nil pointer dereference",
        `[signal SIGSEGV: segmentation violation code=0x1 addr=0x${r.int(8, 64).toString(16)} pc=0x${r.hex(6)}]`,
        `goroutine ${gid} [running]:`,
        `${pkg}/internal/rates.(*Zone).PostcodePrefix(...)`,
        `\t/src/internal/rates/zone.go:${r.int(80, 140)}`,
        `${pkg}/internal/rates.(*Calculator).quote(0xc000${r.hex(6)}, {0xc00${r.hex(7)}, 0x2})`,
        `\t/src/internal/rates/calculator.go:${r.int(200, 260)} +0x${r.hex(3)}`,
        `${pkg}/internal/rates.(*Calculator).prefetch.func1()`,
        `\t/src/internal/rates/prefetch.go:${r.int(40, 70)} +0x${r.hex(2)}`,
        `created by ${pkg}/internal/rates.(*Calculator).prefetch in goroutine ${r.int(30, 190)}`,
        `\t/src/internal/rates/prefetch.go:${r.int(30, 39)} +0x${r.hex(3)}`,
      ];
      // The request that triggers it is served just before the prefetch goroutine dies.
      zap(c - r.int(2, 40), "error", pod, "info", "internal/http/middleware.go:52", "request served", {
        method: "POST",
        path: "/v1/rates",
        status: 200,
        latency: Number(r.logNormal(0.004, 0.3).toFixed(6)),
        dest_country: country,
        request_id: r.hex(16),
      });
      // The collector drops the empty line the runtime prints after the signal line.
      lines.forEach((text, k) => {
        raw(c + Math.floor(k / 4), "error", pod, text);
      });
    }
  }
  // Routine: carrier rate limits logged at error with zap's stack trace, cache refreshes, slow carriers.
  for (const t of poissonTimes(r, t0, end, 0.9)) {
    zap(t, null, r.pick(pods), "error", "internal/carriers/client.go:118", "carrier request failed", {
      carrier: r.pick(["dhl", "ups", "fedex", "dpd"]),
      error: "unexpected status 429 Too Many Requests",
      stacktrace: `${pkg}/internal/carriers.(*Client).Quote\n\t/src/internal/carriers/client.go:118\n${pkg}/internal/rates.(*Calculator).refresh\n\t/src/internal/rates/calculator.go:88`,
    });
  }
  for (const pod of pods) {
    for (let t = t0 + r.int(0, MIN); t < end; t += MIN + r.int(-200, 200)) {
      if (!podDown(pod, t))
        zap(t, null, pod, "info", "internal/rates/cache.go:57", "rate cache refreshed", {
          entries: r.int(9000, 12000),
          took: Number(r.logNormal(0.08, 0.3).toFixed(4)),
        });
    }
  }
  for (const t of poissonTimes(r, t0, end, 0.7)) {
    zap(t, null, r.pick(pods), "warn", "internal/carriers/client.go:131", "carrier slow, serving cached rates", {
      carrier: r.pick(["dhl", "ups", "fedex", "dpd"]),
      waited: 2.0,
    });
  }
  return book.scenario(name, `release ${newVer} of ${svc} panics with a nil pointer dereference on rates for ${country}; every pod crash-loops`);
}
