// Systems of their own kind: GPU model serving after a model rollout, and an IMS core's
// registration storm after a proxy restart.

import type { Scenario } from "../blind/types.js";
import { k8s, MIN, otel, pod, rng, structlog, syslog, Timeline, times, traceIds, uuid, weighted, windowStart, zap } from "./kit.js";

export function gpuServingRolloutOom(seed: number): Scenario {
  const name = "gpu-serving-rollout-oom";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 120 * MIN;
  const roll = t0 + r.int(45, 70) * MIN;
  const tl = new Timeline();
  const pods = [pod(r, "llm-serving", "ml"), pod(r, "llm-serving", "ml"), pod(r, "llm-serving", "ml")];
  const bad = pods[r.int(0, 2)] as (typeof pods)[number];
  const router = pod(r, "inference-router", "ml");
  const total = 22.06 * 1024;

  tl.add(
    roll,
    structlog(bad, roll, "info", "model loaded", { model: "support-summarizer", version: "v14", max_seq_len: 16384, weights_gb: 13.5, load_s: 41.2 }),
  );
  for (const p of pods) {
    for (let t = t0 + r.int(0, 30_000); t < t1; t += MIN) {
      const hot = p === bad && t > roll;
      const used = hot ? total * (0.955 + r.next() * 0.04) : total * (0.62 + r.next() * 0.08);
      tl.add(
        t,
        structlog(p, t, hot ? "warn" : "info", "gpu stats", {
          gpu: 0,
          memory_used_mb: Math.round(used),
          memory_total_mb: Math.round(total),
          utilization_pct: r.int(40, 95),
        }),
        hot ? "memory" : null,
      );
    }
  }
  for (const t of times(r, r.int(12, 20), roll + 2 * MIN, t1)) {
    const alloc = r.pick(["1.50", "2.00", "3.12"]);
    tl.add(
      t,
      structlog(bad, t, "error", "generation failed", {
        request_id: uuid(r),
        exc_info: `Traceback (most recent call last):\n  File "/srv/engine/generate.py", line 212, in run\n    logits = self.model(input_ids, past_key_values=cache)\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate ${alloc} GiB. GPU 0 has a total capacity of 22.06 GiB of which ${(r.next() * 0.9).toFixed(2)} GiB is free. Of the allocated memory 19.87 GiB is allocated by PyTorch, and 1.12 GiB is reserved by PyTorch but unallocated.`,
      }),
      "memory",
    );
    tl.add(
      t + 3,
      otel(router, t + 3, "error", "upstream inference failed", { "http.response.status_code": 503, "upstream.pod": bad.host, "retry.count": 0 }, traceIds(r)),
      "error",
    );
  }
  const n = r.int(4200, 4700) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const p = r.pick(pods);
    const slow = p === bad && t > roll && r.chance(0.25);
    const ms = slow ? 2500 + r.next() * 6000 : r.logn(420, 0.3);
    tl.add(
      t,
      weighted(r, [
        [
          60,
          () =>
            structlog(p, t, "info", "generation complete", {
              request_id: uuid(r),
              prompt_tokens: r.int(200, 3000),
              completion_tokens: r.int(40, 300),
              batch_size: r.int(1, 16),
              latency_ms: Math.round(ms),
            }),
        ],
        [
          30,
          () =>
            otel(
              router,
              t,
              "info",
              "routed request",
              { "http.response.status_code": 200, "upstream.pod": p.host, latency_ms: Math.round(ms + r.logn(4, 0.3)) },
              traceIds(r),
            ),
        ],
        [10, () => k8s(p, t, `INFO:     ${r.ip("10.3.")}:${r.int(30000, 60000)} - "GET /healthz HTTP/1.1" 200 OK`)],
      ] as const)(),
      slow ? "performance" : null,
    );
  }
  return tl.scenario(
    name,
    "One of three LLM-serving pods loads a model with a longer context: GPU memory near full, CUDA OOMs with the router's 503s, and slow generations on that pod only",
  );
}

export function imsRegistrationStorm(seed: number): Scenario {
  const name = "ims-registration-storm";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 90 * MIN;
  const restart = t0 + r.int(35, 55) * MIN;
  const tl = new Timeline();
  const hss = pod(r, "hss-proxy", "ims");
  const msisdn = () => `+4479${r.int(10000000, 99999999)}`;
  const pcscf = (t: number, sev: number, msg: string) => syslog(t, "pcscf-01", "kamailio", r.int(3000, 3100), sev, "local0", msg);

  tl.add(restart, syslog(restart, "pcscf-02", "systemd", 1, 6, "daemon", "Started Kamailio (OpenSER) - the Open Source SIP Server."), null);
  // Every UE that was on pcscf-02 re-registers at once: pike blocks, slow Cx queries, HSS refusals.
  const stormEnd = restart + r.int(8, 14) * MIN;
  for (const t of times(r, r.int(260, 380), restart + 5000, stormEnd)) {
    tl.add(t, pcscf(t, 4, `WARNING: pike [pike_funcs.c:211]: pike_check_req(): PIKE - BLOCKing ip ${r.ip("100.64.")}, too many requests`), "pattern");
  }
  for (const t of times(r, r.int(40, 70), restart + 10_000, stormEnd + 2 * MIN)) {
    tl.add(
      t,
      zap(hss, t, "warn", "diameter/cx.go:140", "Cx MAR answered slowly", {
        command: "Multimedia-Auth",
        peer: "hss01.ims.example.net",
        latency_ms: r.int(2500, 9000),
        impi: `${msisdn()}@ims.example.net`,
      }),
      "performance",
    );
  }
  for (const t of times(r, r.int(25, 45), restart + 30_000, stormEnd + 3 * MIN)) {
    tl.add(
      t,
      zap(hss, t, "error", "diameter/cx.go:171", "Cx MAR failed", {
        command: "Multimedia-Auth",
        peer: "hss01.ims.example.net",
        result_code: 5012,
        result: "DIAMETER_UNABLE_TO_COMPLY",
        impi: `${msisdn()}@ims.example.net`,
      }),
      "error",
    );
  }
  const n = r.int(3900, 4500) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const ue = msisdn();
    tl.add(
      t,
      weighted(r, [
        [
          35,
          () =>
            pcscf(
              t,
              6,
              `NOTICE: <script>: REGISTER sip:ims.example.net from sip:${ue}@ims.example.net (${r.ip("100.64.")}:${r.int(5060, 65000)}) -> 200 OK, expires=600000`,
            ),
        ],
        [20, () => pcscf(t, 6, `NOTICE: <script>: INVITE sip:${msisdn()}@ims.example.net from sip:${ue}@ims.example.net call-id ${r.hex(24)} -> 100 Trying`)],
        [10, () => pcscf(t, 6, `NOTICE: <script>: BYE call-id ${r.hex(24)} -> 200 OK`)],
        [4, () => pcscf(t, 4, `WARNING: <script>: REGISTER from sip:${ue}@ims.example.net -> 401 Unauthorized (challenge)`)],
        [
          25,
          () =>
            zap(hss, t, "info", "diameter/cx.go:120", "Cx MAR answered", {
              command: "Multimedia-Auth",
              peer: "hss01.ims.example.net",
              latency_ms: r.int(8, 40),
              result_code: 2001,
              impi: `${ue}@ims.example.net`,
            }),
        ],
        [
          6,
          () =>
            zap(hss, t, "debug", "diameter/peer.go:88", "DWR/DWA", { peer: r.pick(["hss01.ims.example.net", "hss02.ims.example.net"]), rtt_ms: r.int(1, 4) }),
        ],
      ] as const)(),
    );
  }
  return tl.scenario(
    name,
    "An IMS proxy restart sends its phones to re-register through the other one: a flood of pike blocks, slow and refused Diameter Cx queries, then calm again",
  );
}
