// Quiet incidents: a handful of lines that matter among thousands that do not.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, nginxLine, podName, Rng, userAgent, windowStart, Lines } from "./kit.js";

const COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "NL", "FR", "PL"];

/**
 * An identity stack on a normal afternoon of logins, refreshes and mistyped passwords; among
 * about four thousand lines only a few say something is wrong: refresh-token reuse, an MFA-less
 * login by a service account, a bulk user export, JWTs signed with a retired key, one slow read.
 */
export function quietIdentityOddities(seed: number): Scenario {
  const r = new Rng(seed, "quiet-identity-oddities");
  const start = windowStart(r, 14);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const authPod = podName(r, "auth");
  const accountsPods = [podName(r, "accounts"), podName(r, "accounts")];
  const gw = "api-gw-1";
  const auth = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], f: Record<string, unknown>): Ln => ({
    t,
    svc: "auth",
    lvl,
    msg,
    label,
    fmt: "structlog",
    host: authPod,
    logger: "auth.flows",
    f,
  });

  for (const t of r.times(r.int(900, 1050), start, end)) {
    const k = r.weighted([
      ["ok", 60],
      ["refresh", 25],
      ["badpw", 10],
      ["logout", 5],
    ] as const);
    const user = `u_${r.int(100000, 999999)}`;
    if (k === "ok")
      lines.push(
        auth(t, "INFO", "login succeeded", null, {
          user_id: user,
          method: r.pick(["password", "sso"]),
          mfa: r.pick(["totp", "webauthn", "push"]),
          country: r.pick(COUNTRIES),
          ip: r.publicIp(),
        }),
      );
    else if (k === "refresh") lines.push(auth(t, "INFO", "access token refreshed", null, { user_id: user, client_id: r.pick(["web", "ios", "android"]) }));
    else if (k === "badpw")
      lines.push(
        auth(t, "WARNING", "login failed: invalid credentials", null, { user_id: user, attempt: r.int(1, 3), country: r.pick(COUNTRIES), ip: r.publicIp() }),
      );
    else lines.push(auth(t, "INFO", "logout", null, { user_id: user }));
  }
  for (const t of r.times(r.int(1200, 1400), start, end)) {
    const ms = Math.max(2, Math.round(r.logn(15, 0.35)));
    lines.push({
      t,
      svc: "accounts",
      lvl: "INFO",
      msg: r.chance(0.85) ? "account fetched" : "profile updated",
      label: null,
      fmt: "pino",
      host: r.pick(accountsPods),
      f: { accountId: r.int(100000, 999999), duration_ms: ms },
    });
  }
  for (const t of r.times(r.int(1400, 1600), start, end)) {
    const path = r
      .pick(["/api/v1/me", "/api/v1/accounts/{id}", "/api/v1/orders", "/oauth/token", "/api/v1/users/{id}"])
      .replace("{id}", String(r.int(100000, 999999)));
    const status = r.weighted([
      [200, 92],
      [401, 4],
      [404, 3],
      [429, 1],
    ] as const);
    lines.push(
      nginxLine(
        t,
        "api-gateway",
        {
          ip: r.publicIp(),
          method: path === "/oauth/token" ? "POST" : "GET",
          path,
          status,
          bytes: r.int(200, 6000),
          rt: r.logn(0.028, 0.4),
          ua: userAgent(r),
          upstream: `${r.privateIp("10.0")}:8080`,
        },
        null,
        gw,
      ),
    );
  }
  for (const t of r.every(start, end, 15 * MIN, MIN)) lines.push(auth(t, "INFO", "JWKS cache refreshed", null, { keys: 2, kids: ["k-2025-09", "k-2025-06"] }));

  // ---- the few lines that matter ----
  const when = (n: number) => r.times(n, start + 10 * MIN, end);
  for (const t of when(r.int(1, 3)))
    lines.push(
      auth(t, "WARNING", "refresh token reuse detected; revoking token family", "pattern", {
        user_id: `u_${r.int(100000, 999999)}`,
        family_id: r.uuid(),
        ip: r.publicIp(),
        country: r.pick(["VN", "BR", "NG"]),
      }),
    );
  for (const t of when(1))
    lines.push(
      auth(t, "INFO", "login succeeded", "pattern", {
        user_id: "svc-backup",
        method: "password",
        mfa: "skipped",
        mfa_skip_reason: "legacy_client_allowlist",
        country: "RO",
        ip: r.publicIp(),
      }),
    );
  for (const t of when(r.int(0, 1)))
    lines.push(auth(t, "INFO", "bulk password reset issued by operator", "pattern", { operator: `ops-${r.int(10, 40)}`, accounts: r.int(12, 30), ticket: "" }));
  for (const t of when(r.int(1, 3)))
    lines.push(
      nginxLine(
        t,
        "api-gateway",
        {
          ip: r.publicIp(),
          method: "GET",
          path: "/api/v1/users/export?limit=100000&fields=email,phone,address",
          status: 200,
          bytes: r.int(40_000_000, 60_000_000),
          rt: r.float(9, 16),
          ua: "python-requests/2.32.3",
          upstream: "10.0.3.21:8080",
        },
        "pattern",
        gw,
      ),
    );
  for (const t of when(r.int(2, 4)))
    lines.push({
      t,
      svc: "accounts",
      lvl: "ERROR",
      msg: "JWT verification failed: kid 'k-2019-legacy' not found in JWKS",
      label: "error",
      fmt: "pino",
      host: r.pick(accountsPods),
      f: { issuer: "https://auth.acme.example", aud: "accounts" },
    });
  for (const t of when(1))
    lines.push(auth(t, "ERROR", "JWKS rotation failed: KMS returned AccessDeniedException for key alias/jwt-signing", "error", { retry_in_s: 900 }));
  for (const t of when(r.int(1, 2)))
    lines.push({
      t,
      svc: "accounts",
      lvl: "INFO",
      msg: "account fetched",
      label: "performance",
      fmt: "pino",
      host: r.pick(accountsPods),
      f: { accountId: r.int(100000, 999999), duration_ms: r.int(6000, 9500) },
    });

  return finish(
    "quiet-identity-oddities",
    "A normal afternoon of logins and API calls with only a handful of lines that matter: token reuse, an MFA-less service login, a bulk user export, retired-key JWTs, one slow read",
    lines,
  );
}

/**
 * A Kubernetes control plane where DNS queries, scheduling and controller chatter fill the
 * window, and a few etcd warnings (slow fdatasync, applies far over their budget, a late leader
 * heartbeat) plus an API server trace are the only sign of a failing disk.
 */
export function quietEtcdSlowDisk(seed: number): Scenario {
  const r = new Rng(seed, "quiet-etcd-slow-disk");
  const start = windowStart(r, 2);
  const end = start + 2 * HOUR;
  const lines = new Lines();
  const cp = `cp-${r.int(1, 3)}`;
  const etcd = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], caller: string, f: Record<string, unknown>): Ln => ({
    t,
    svc: "etcd",
    lvl,
    msg,
    label,
    fmt: "zapiso",
    host: `etcd-${cp}`,
    sk: "component",
    meta: { caller },
    f: { ...f },
  });
  const corePods = [podName(r, "coredns"), podName(r, "coredns")];
  for (const t of r.times(r.int(1900, 2200), start, end)) {
    const name = r.pick([
      "api.orders.svc.cluster.local.",
      "redis-master.cache.svc.cluster.local.",
      "kubernetes.default.svc.cluster.local.",
      "sqs.eu-west-1.amazonaws.com.",
      "postgres-rw.db.svc.cluster.local.",
    ]);
    const qtype = r.chance(0.8) ? "A" : "AAAA";
    const rcode = name.endsWith("amazonaws.com.") || r.chance(0.9) ? "NOERROR" : "NXDOMAIN";
    lines.push({
      t,
      svc: "coredns",
      lvl: "INFO",
      msg: `[INFO] ${r.privateIp("10.244")}:${r.int(30000, 60000)} - ${r.int(1, 65535)} "${qtype} IN ${name} udp ${r.int(40, 80)} false 512" ${rcode} qr,aa,rd ${r.int(90, 200)} ${r.logn(0.00015, 0.5).toFixed(6)}s`,
      label: null,
      fmt: "k8s",
      host: r.pick(corePods),
      meta: { namespace: "kube-system" },
    });
  }
  for (const t of r.times(r.int(450, 550), start, end)) {
    const pod = podName(r, r.pick(["orders", "web", "worker", "billing", "search"]));
    lines.push({
      t,
      svc: "kube-scheduler",
      lvl: "INFO",
      msg: "Successfully bound pod to node",
      label: null,
      fmt: "klog",
      host: `kube-scheduler-${cp}`,
      meta: { caller: "schedule_one.go:314", v: 2 },
      f: { pod: `prod/${pod}`, node: `node-${r.int(1, 24)}`, evaluatedNodes: 24, feasibleNodes: r.int(3, 24) },
    });
  }
  for (const t of r.times(r.int(350, 450), start, end)) {
    const what = r.pick([
      ["Event occurred", { object: `prod/${podName(r, "worker")}`, kind: "Pod", reason: "SuccessfulCreate" }],
      ["Too few replicas", { replicaSet: `prod/${podName(r, "web").replace(/-[a-z0-9]{5}$/, "")}`, need: r.int(3, 6), creating: 1 }],
      ["syncing endpoint slices", { service: `prod/${r.pick(["orders", "web", "billing"])}` }],
    ] as const);
    lines.push({
      t,
      svc: "kube-controller-manager",
      lvl: "INFO",
      msg: what[0],
      label: null,
      fmt: "klog",
      host: `kube-controller-manager-${cp}`,
      meta: { caller: "replica_set.go:577", v: 4 },
      f: { ...what[1] },
    });
  }
  for (const t of r.every(start, end, 5 * MIN, 2000)) {
    const rev = r.int(40_000_000, 50_000_000);
    lines.push(etcd(t, "INFO", "compact tree index", null, "mvcc/index.go:214", { revision: rev }));
    lines.push(
      etcd(t + r.int(8, 30), "INFO", "finished scheduled compaction", null, "mvcc/kvstore_compaction.go:66", {
        "compact-revision": rev,
        took: `${r.float(9, 40).toFixed(6)}ms`,
        hash: r.int(1e8, 4e9),
      }),
    );
  }
  for (const t of r.every(start, end, 30 * MIN, MIN))
    lines.push(
      etcd(t, "INFO", "triggering snapshot", null, "etcdserver/server.go:1337", {
        "local-member-id": "8e9e05c52164694d",
        "local-member-applied-index": r.int(9e7, 1e8),
        "local-member-snapshot-count": 10000,
      }),
    );

  // ---- the few lines that matter, late in the window as the disk degrades ----
  const degrade = start + Math.floor(r.float(0.3, 0.6) * 2 * HOUR);
  const when = (n: number) => r.times(n, degrade, end);
  for (const t of when(r.int(2, 4)))
    lines.push(etcd(t, "WARNING", "slow fdatasync", "performance", "wal/wal.go:805", { took: `${r.float(1.1, 3.4).toFixed(9)}s`, "expected-duration": "1s" }));
  for (const t of when(r.int(3, 5)))
    lines.push(
      etcd(t, "WARNING", "apply request took too long", "performance", "etcdserver/util.go:170", {
        took: `${r.float(400, 2600).toFixed(6)}ms`,
        "expected-duration": "100ms",
        prefix: "read-only range ",
        request: `key:"/registry/leases/kube-node-lease/node-${r.int(1, 24)}" `,
        response: "range_response_count:1 size:548",
      }),
    );
  for (const t of when(r.int(1, 2)))
    lines.push(
      etcd(
        t,
        "WARNING",
        "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
        "performance",
        "etcdserver/raft.go:369",
        { "to-member-id": r.hex(16), "heartbeat-interval": "100ms", "expected-duration": "200ms", "exceeded-duration": `${r.float(300, 1400).toFixed(6)}ms` },
      ),
    );
  for (const t of when(r.int(1, 2))) {
    const id = r.int(100000000, 999999999);
    const total = r.int(1500, 4200);
    lines.push({
      t,
      svc: "kube-apiserver",
      lvl: "INFO",
      msg: `Trace[${id}]: "Update" accept:application/vnd.kubernetes.protobuf, */*,audit-id:${r.uuid()},client:10.0.1.${r.int(10, 60)},api-group:coordination.k8s.io,api-version:v1,name:node-${r.int(1, 24)},subresource:,namespace:kube-node-lease,protocol:HTTP/2.0,resource:leases,scope:resource,url:/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-${r.int(1, 24)},user-agent:kubelet/v1.29.4 (linux/amd64) kubernetes/55019c8,verb:PUT (total time: ${total}ms):\nTrace[${id}]: ["GuaranteedUpdate etcd3" audit-id:,key:/leases/kube-node-lease,type:*coordination.Lease,resource:leases.coordination.k8s.io ${(total - 2) / 1000}s (${r.int(10, 59)}.${r.int(100, 999)})]\nTrace[${id}]: [${total / 1000}s] [${total / 1000}s] END`,
      label: "performance",
      fmt: "klog",
      host: `kube-apiserver-${cp}`,
      meta: { caller: "trace/trace.go:236" },
    });
  }

  return finish(
    "quiet-etcd-slow-disk",
    "A control plane full of DNS, scheduling and controller chatter where a few etcd slow-disk warnings and one API server trace are the only sign of trouble",
    lines,
  );
}
