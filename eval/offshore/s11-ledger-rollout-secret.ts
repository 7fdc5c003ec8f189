// Kubernetes JSON logs of a payments namespace: the api (Node.js) calls the ledger (Go) with
// trace ids. Someone patches the ledger-db Secret by hand (a key renamed), then the ledger
// v2.14.0 rollout starts: the surge pod passes its shallow readiness check, serves requests
// that fail with "password authentication failed", its liveness probe fails and it is killed
// and restarted into CrashLoopBackOff; the api retries onto old pods (slower) or returns 502.
// The Deployment exceeds its progress deadline and on-call rolls it back. Old pods, other
// traffic and the cluster's own chatter stay normal.
import type { Scenario } from "../blind/types.js";
import { baseDay, type KubeMeta, klog, kube, kubeEvent, type Label, MIN, Rng, round, SEC, Story, sampleTimes, epochSecFloat, iso } from "./lib.js";

export function s11LedgerRolloutSecret(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(9 * 60, 15 * 60) * MIN + rng.int(0, 59) * SEC;
  const win = rng.int(95, 120) * MIN;
  const end = start + win;
  const secretEdit = start + Math.round(win * rng.float(0.22, 0.32));
  const rollout = secretEdit + rng.int(6, 14) * MIN;
  const deadline = rollout + 10 * MIN + rng.int(0, 30) * SEC;
  const rollback = deadline + rng.int(4, 12) * MIN;
  const ns = "payments";
  const nodes = Array.from({ length: 5 }, () => `gke-prod-pool-2-${rng.hex(8)}-${rng.alnum(4)}`);
  const meta = (app: string, pod: string, image: string): KubeMeta => ({
    pod,
    namespace: ns,
    container: app,
    app,
    node: rng.pick(nodes),
    image,
    podId: rng.uuid(),
  });

  const oldHash = rng.rsHash();
  const newHash = rng.rsHash();
  const newCommit = rng.hex(7);
  const oldImage = "europe-docker.pkg.dev/acme/payments/ledger:2.13.4";
  const newImage = "europe-docker.pkg.dev/acme/payments/ledger:2.14.0";
  const ledgerOld = [0, 1, 2].map(() => meta("ledger", rng.pod("ledger", oldHash), oldImage));
  const ledgerNew = meta("ledger", rng.pod("ledger", newHash), newImage);
  const apiPods = rng.pods("payments-api", 3).map((p) => meta("payments-api", p, "europe-docker.pkg.dev/acme/payments/api:5.3.1"));
  const dep = { kind: "Deployment", name: "ledger", namespace: ns };
  const podObj = { kind: "Pod", name: ledgerNew.pod, namespace: ns };

  const ledgerLine = (t: number, m: KubeMeta, lvl: string, caller: string, msg: string, f: Record<string, unknown>, label: Label) =>
    story.add(t, label, kube(t, m, { level: lvl, ts: epochSecFloat(t), caller, msg, ...f }, lvl === "error" ? "stderr" : "stdout"));
  const apiLine = (t: number, lvl: number, msg: string, f: Record<string, unknown>, label: Label) =>
    story.add(t, label, kube(t, rng.pick(apiPods), { level: lvl, pid: 1, msg, ...f }));
  const audit = (t: number, user: string, verb: string, uri: string, resource: string, name: string, ua: string, label: Label) =>
    story.add(t, label, {
      "@timestamp": iso(t, 6, "Z"),
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: rng.uuid(),
      stage: "ResponseComplete",
      requestURI: uri,
      verb,
      user: { username: user, groups: ["system:authenticated"] },
      sourceIPs: [rng.privateIp("10")],
      userAgent: ua,
      objectRef: { resource, namespace: ns, name, apiVersion: resource === "secrets" ? "v1" : "apps/v1" },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: iso(t - 12, 6, "Z"),
      stageTimestamp: iso(t, 6, "Z"),
    });

  // When is the new pod's container up, ready and failing?
  const lives: { from: number; to: number }[] = [];
  {
    let t = rollout + rng.int(8, 15) * SEC;
    let backoff = 10 * SEC;
    while (t < rollback) {
      const up = rng.int(55, 80) * SEC;
      lives.push({ from: t, to: Math.min(t + up, rollback) });
      t = t + up + backoff;
      backoff = Math.min(backoff * 2, 300 * SEC);
    }
  }
  const servingNew = (t: number) => lives.some((l) => t >= l.from + 6 * SEC && t < l.to - 2 * SEC);

  // ---------------------------------------------------------------- api -> ledger traffic
  for (const t0 of sampleTimes(rng, rng.int(1300, 1600), start, end)) {
    const trace = rng.hex(32);
    const op = rng.weighted([
      ["POST /v1/transfers", 0.3],
      ["GET /v1/accounts/{id}/balance", 0.5],
      ["GET /v1/accounts/{id}/entries", 0.2],
    ] as const);
    const [method, path] = op.split(" ") as [string, string];
    const acct = `acct_${rng.alnum(10)}`;
    const hitsNew = servingNew(t0) && rng.chance(0.25);
    const dLedger = method === "POST" ? rng.logn(22, 0.3) : rng.logn(6, 0.3);
    if (hitsNew) {
      const tf = t0 + rng.int(3, 12);
      ledgerLine(
        tf,
        ledgerNew,
        "error",
        "store/pg.go:88",
        "query failed",
        {
          trace_id: trace,
          span_id: rng.hex(16),
          error:
            'failed to connect to `host=10.40.0.3 user=ledger database=ledger`: failed SASL auth (FATAL: password authentication failed for user "ledger" (SQLSTATE 28P01))',
        },
        "error",
      );
      if (rng.chance(0.6)) {
        // Retried onto an old pod: succeeds, slower.
        const t1 = tf + 100 + Math.round(dLedger);
        ledgerLine(
          t1,
          rng.pick(ledgerOld),
          "info",
          "api/handler.go:61",
          "request handled",
          { trace_id: trace, span_id: rng.hex(16), method, path: path.replace("{id}", acct), status: 200, latency: round(dLedger / 1000, 6) },
          null,
        );
        apiLine(
          t1 + 4,
          30,
          "request completed",
          {
            req: { method, url: path.replace("{id}", acct) },
            res: { statusCode: method === "POST" ? 201 : 200 },
            responseTime: t1 + 4 - t0,
            retried: true,
            trace_id: trace,
            span_id: rng.hex(16),
          },
          "performance",
        );
      } else {
        apiLine(
          tf + 3,
          50,
          "request completed",
          {
            req: { method, url: path.replace("{id}", acct) },
            res: { statusCode: 502 },
            responseTime: tf + 3 - t0,
            err: { type: "LedgerError", message: "ledger returned 500 Internal Server Error" },
            trace_id: trace,
            span_id: rng.hex(16),
          },
          "error",
        );
      }
      continue;
    }
    const t1 = t0 + Math.round(dLedger);
    ledgerLine(
      t1,
      rng.pick(ledgerOld),
      "info",
      "api/handler.go:61",
      "request handled",
      { trace_id: trace, span_id: rng.hex(16), method, path: path.replace("{id}", acct), status: 200, latency: round(dLedger / 1000, 6) },
      null,
    );
    const rt = dLedger + rng.logn(9, 0.3);
    const status = method === "POST" ? (rng.chance(0.03) ? 422 : 201) : rng.chance(0.02) ? 404 : 200;
    apiLine(
      t0 + Math.round(rt),
      status >= 400 ? 40 : 30,
      "request completed",
      { req: { method, url: path.replace("{id}", acct) }, res: { statusCode: status }, responseTime: Math.round(rt), trace_id: trace, span_id: rng.hex(16) },
      null,
    );
  }

  // ---------------------------------------------------------------- background
  for (const m of ledgerOld) {
    for (let t = start + rng.int(0, 60) * SEC; t < end; t += 60 * SEC + rng.int(-2000, 2000)) {
      ledgerLine(t, m, "info", "store/pool.go:140", "db pool stats", { acquired: rng.int(0, 6), idle: rng.int(4, 10), max: 16, wait_count: 0 }, null);
    }
  }
  for (let t = start + rng.int(0, 120) * SEC; t < end; t += 10 * MIN + rng.int(-20, 20) * SEC) {
    ledgerLine(
      t,
      rng.pick(ledgerOld),
      "info",
      "recon/job.go:33",
      "reconciliation batch complete",
      { entries: rng.int(3000, 9000), mismatches: 0, elapsed: round(rng.float(1.2, 4.5), 6) },
      null,
    );
  }
  for (const t of sampleTimes(rng, rng.int(10, 18), start, end)) {
    apiLine(t, 40, "idempotency key reused with different payload", { key: `idem_${rng.alnum(16)}` }, null);
  }
  for (const t of sampleTimes(rng, rng.int(4, 8), start, end)) {
    story.add(
      t,
      null,
      kubeEvent(
        t,
        "Normal",
        "SuccessfulCreate",
        `Created pod: payouts-cron-${rng.int(28000000, 28999999)}-${rng.alnum(5)}`,
        { kind: "Job", name: `payouts-cron-${rng.int(28000000, 28999999)}`, namespace: ns },
        { component: "job-controller" },
      ),
    );
  }

  // ---------------------------------------------------------------- the change, the rollout, the rollback
  audit(
    secretEdit,
    "j.hartmann@acme.example",
    "patch",
    `/api/v1/namespaces/${ns}/secrets/ledger-db?fieldManager=kubectl-edit`,
    "secrets",
    "ledger-db",
    "kubectl/v1.29.2 (darwin/arm64) kubernetes/4b8e819",
    "pattern",
  );
  audit(
    rollout - 2 * SEC,
    "system:serviceaccount:argocd:argocd-application-controller",
    "patch",
    `/apis/apps/v1/namespaces/${ns}/deployments/ledger`,
    "deployments",
    "ledger",
    "argocd-controller/v2.10.4",
    "pattern",
  );
  story.add(
    rollout,
    "pattern",
    kubeEvent(rollout, "Normal", "ScalingReplicaSet", `Scaled up replica set ledger-${newHash} to 1`, dep, { component: "deployment-controller" }),
  );
  for (const [k, l] of lives.entries()) {
    const restart = k + 1;
    story.add(
      l.from - 1500,
      "pattern",
      kubeEvent(
        l.from - 1500,
        "Normal",
        k === 0 ? "Pulled" : "Pulled",
        k === 0 ? `Successfully pulled image "${newImage}" in 4.212s` : `Container image "${newImage}" already present on machine`,
        podObj,
        { component: "kubelet", host: ledgerNew.node },
        restart,
      ),
    );
    story.add(
      l.from - 200,
      "pattern",
      kubeEvent(l.from - 200, "Normal", "Started", "Started container ledger", podObj, { component: "kubelet", host: ledgerNew.node }, restart),
    );
    ledgerLine(l.from, ledgerNew, "info", "cmd/ledger/main.go:44", "starting ledger", { version: "2.14.0", commit: newCommit }, "pattern");
    ledgerLine(l.from + 30, ledgerNew, "warn", "config/load.go:112", "unknown config key ignored", { key: "LEDGER_ROUNDING_MODE" }, "pattern");
    ledgerLine(l.from + 45, ledgerNew, "warn", "config/load.go:97", "env DB_PASSWORD_V2 not set, falling back to empty password", {}, "error");
    ledgerLine(l.from + 5 * SEC, ledgerNew, "info", "cmd/ledger/main.go:71", "http server listening", { addr: ":8080" }, null);
    // Liveness checks the database; three failures and the container is killed.
    const firstFail = l.from + rng.int(20, 30) * SEC;
    for (let t = firstFail; t < l.to - 2 * SEC; t += 10 * SEC) {
      story.add(
        t,
        "error",
        klog(t, "prober/prober.go:107", "Probe failed", {
          probeType: "Liveness",
          pod: { name: ledgerNew.pod, namespace: ns },
          containerName: "ledger",
          probeResult: "failure",
          output: "HTTP probe failed with statuscode: 503",
        }),
      );
      story.add(
        t + 2,
        "error",
        kubeEvent(
          t + 2,
          "Warning",
          "Unhealthy",
          "Liveness probe failed: HTTP probe failed with statuscode: 503",
          podObj,
          { component: "kubelet", host: ledgerNew.node },
          restart,
        ),
      );
    }
    if (l.to < rollback) {
      story.add(
        l.to,
        "pattern",
        kubeEvent(
          l.to,
          "Normal",
          "Killing",
          "Container ledger failed liveness probe, will be restarted",
          podObj,
          { component: "kubelet", host: ledgerNew.node },
          restart,
        ),
      );
      if (k >= 1)
        story.add(
          l.to + 1000,
          "error",
          kubeEvent(
            l.to + 1000,
            "Warning",
            "BackOff",
            `Back-off restarting failed container ledger in pod ${ledgerNew.pod}`,
            podObj,
            { component: "kubelet", host: ledgerNew.node },
            k,
          ),
        );
    }
  }
  story.add(
    deadline,
    "error",
    kubeEvent(deadline, "Warning", "ProgressDeadlineExceeded", `ReplicaSet "ledger-${newHash}" has timed out progressing.`, dep, {
      component: "deployment-controller",
    }),
  );
  audit(
    rollback - 3 * SEC,
    "m.osei@acme.example",
    "patch",
    `/apis/apps/v1/namespaces/${ns}/deployments/ledger?fieldManager=kubectl-rollout`,
    "deployments",
    "ledger",
    "kubectl/v1.29.1 (linux/amd64) kubernetes/bc401b9",
    "pattern",
  );
  story.add(
    rollback,
    "pattern",
    kubeEvent(rollback, "Normal", "ScalingReplicaSet", `Scaled down replica set ledger-${newHash} to 0 from 1`, dep, { component: "deployment-controller" }),
  );
  story.add(
    rollback + 800,
    "pattern",
    kubeEvent(rollback + 800, "Normal", "Killing", "Stopping container ledger", podObj, { component: "kubelet", host: ledgerNew.node }),
  );

  return story.build(
    "ledger-rollout-secret",
    "A hand-edited Secret breaks the ledger v2.14.0 rollout: the surge pod serves 'password authentication failed' errors, fails liveness and crash-loops, the api retries or returns 502s, the rollout exceeds its progress deadline and is rolled back.",
  );
}
