// University course registration on Nomad/Consul/Vault (hclog JSON) with applications logging
// GELF. Outage under way since before the window: Vault restarted and cannot auto-unseal (its
// KMS key policy was changed), so every secret read is refused as sealed; database credentials
// lapse and enrolment writes fail. Every refusal is labelled, with what it causes.
import { MIN, Rng, Timeline, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function vaultOutage(seed: number): Scenario {
  const rng = new Rng(seed, "s09-course-registration");
  const start = windowStart(rng);
  const end = start + rng.int(40, 70) * MIN;
  const tl = new Timeline(rng, start, end);
  const hts = (t: number) => `${new Date(t).toISOString().slice(0, 23)}${rng.int(100, 999)}Z`;
  const hc = (t: number, level: string, module: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { "@level": level, "@message": message, "@module": module, "@timestamp": hts(t), ...extra }, label);
  const clients = Array.from({ length: rng.int(5, 9) }, (_, i) => `nomad-client-${String(i + 1).padStart(2, "0")}`);
  const gelf = (t: number, app: string, level: number, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(
      t,
      {
        version: "1.1",
        host: rng.pick(clients),
        short_message: msg,
        timestamp: +(t / 1000).toFixed(3),
        level,
        _app: app,
        _alloc_id: rng.uuid().slice(0, 8),
        ...extra,
      },
      label,
    );
  const term = rng.pick(["autumn", "spring"]);
  const course = () => `${rng.pick(["MATH", "PHYS", "HIST", "CHEM", "CS", "ECON", "LING"])}${rng.int(100, 499)}`;
  const kmsKey = `arn:aws:kms:eu-central-1:${rng.int(100000000000, 999999999999)}:key/${rng.uuid()}`;
  const roles = ["registrar-api", "enrolment-worker", "timetable-api", "waitlist-worker", "fees-api"];

  // Healthy traffic: catalogue reads served from cache, Consul checks, Nomad heartbeats.
  tl.every(rng.float(4, 6) * 1000, (t) => {
    const path = rng.pick(["/api/courses", `/api/courses/${course()}`, `/api/courses/${course()}/sections`, "/api/terms/current"]);
    gelf(t, "catalogue-api", 6, `GET ${path} 200`, { _status: 200, _duration_ms: Math.round(rng.around(24)), _path: path });
  });
  tl.every(rng.float(12, 18) * 1000, (t) =>
    hc(t, "debug", "agent", "Check status updated", { check: `service:${rng.pick(roles)}-${rng.int(1, 3)}`, status: "passing" }),
  );
  tl.every(rng.float(20, 30) * 1000, (t) =>
    hc(t, "debug", "client", "updated allocations", { index: rng.int(900000, 999999), total: rng.int(40, 80), pulled: 0, filtered: rng.int(40, 80) }),
  );
  tl.every(rng.float(0.5, 0.9) * MIN, (t) =>
    gelf(t, "timetable-api", 6, `GET /api/timetable/${term} 200`, { _status: 200, _duration_ms: Math.round(rng.around(60)) }),
  );

  // Vault retrying its auto-unseal; its seal status as the load balancer health check sees it.
  tl.every(rng.float(10, 20) * 1000, (t) =>
    hc(
      t,
      "error",
      "core",
      "failed to unseal core",
      {
        error: `fetching stored unseal keys failed: failed to decrypt keys from storage: error decrypting data encryption key: AccessDeniedException: User: arn:aws:sts::assumed-role/vault-server/i-${rng.hex(17)} is not authorized to perform: kms:Decrypt on resource: ${kmsKey}`,
      },
      "error",
    ),
  );
  tl.every(rng.float(30, 45) * 1000, (t) => hc(t, "warn", "core", "health check: vault is sealed", { http_status: 503, path: "/v1/sys/health" }, "error"));
  // Consequences: dynamic DB credentials lapse, enrolment writes fail, the waitlist worker stops.
  tl.every(rng.float(10, 15) * 1000, (t) => {
    const c = course();
    gelf(
      t,
      "registrar-api",
      3,
      `POST /api/enrolments 500`,
      { _status: 500, _duration_ms: Math.round(rng.around(40)), _course: c, _path: "/api/enrolments" },
      "error",
    );
    gelf(
      t + 20,
      "registrar-api",
      3,
      `enrolment in ${c} failed: pq: password authentication failed for user "v-nomad-registra-${rng.hex(20)}-${Math.round(t / 1000) - 86400}"`,
      { _course: c },
      "error",
    );
  });
  tl.every(rng.float(1, 2) * MIN, (t) =>
    gelf(
      t,
      "waitlist-worker",
      4,
      `waitlist promotion paused: ${rng.int(200, 1200)} students waiting, last successful run ${Math.round((t - start) / MIN) + rng.int(90, 95)} min ago`,
      {},
      "performance",
    ),
  );
  tl.every(rng.float(3, 6) * MIN, (t) =>
    hc(
      t,
      "info",
      "client.alloc_runner.task_runner",
      "restarting task",
      { alloc_id: rng.uuid(), task: rng.pick(roles), reason: "Restart within policy", delay: "15s" },
      "pattern",
    ),
  );

  // The flood: every task's Vault hook retrying to derive its token and getting "sealed".
  tl.spread(tl.floodCount(rng.float(0.3, 0.55)), (t) =>
    hc(
      t,
      "error",
      "client.alloc_runner.task_runner.task_hook.vault",
      "failed to derive Vault token",
      {
        alloc_id: rng.uuid(),
        task: rng.pick(roles),
        node: rng.pick(clients),
        recoverable: true,
        error: `Error making API request.\n\nURL: PUT https://vault.service.consul:8200/v1/auth/token/create/nomad-cluster\nCode: 503. Errors:\n\n* Vault is sealed`,
      },
      "error",
    ),
  );
  return tl.build(
    "s09-course-registration-vault-outage",
    "Course registration on Nomad: Vault cannot auto-unseal, every secret read refused, DB credentials lapse, enrolments fail",
  );
}
