/**
 * rbac-granted-principal-none: a Kubernetes cluster whose admission webhook (change-audit) logs
 * every change with the identity that made it, people and controllers alike, and whose Argo CD
 * controller says `actor=unknown` on each automated sync, on its clock. Mid-window a request
 * the webhook cannot attribute grants cluster-admin to an outside group (`principal=<none>`),
 * then a secret is updated and a network policy opened, each without an actor. Separately a
 * node runs low on memory: pods are evicted, the kernel kills one orders JVM and the other is
 * evicted, so the ingress has no endpoint for orders for a few minutes. sshd's and PAM's "user unknown" logins are everyday noise.
 */
import { kubeEvent, logrusK8s, nginx, rsyslog, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "rbac-granted-principal-none";

export function rbacGrantedPrincipalNone(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-01-19", 10);
  const end = start + 3 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  const grantAt = tl.at(rng.float(0.3, 0.38));
  const secretAt = grantAt + rng.int(2, 5) * MINUTE;
  const netpolAt = secretAt + rng.int(3, 9) * MINUTE;
  const pressureAt = tl.at(rng.float(0.6, 0.7));
  const pressureEnd = pressureAt + rng.int(6, 9) * MINUTE;

  const nodes = ["ip-10-0-3-17", "ip-10-0-5-142", "ip-10-0-7-88", "ip-10-0-9-203"].map((n) => `${n}.eu-west-1.compute.internal`);
  const hot = nodes[0]!;
  const uid = (): string => rng.uuid();

  // ── change-audit (Go admission webhook, zap) ───────────────────────────────────────────────
  const audit = (t: number, msg: string, fields: Record<string, unknown>, label: AnomalyType | null = null): void => {
    tl.add(t, zap(t, "info", "change-audit", "webhook/audit.go:64", msg, { request_uid: uid(), ...fields }), label);
  };
  const services = ["orders", "cart", "catalog", "checkout", "search"];
  const replicas = new Map(services.map((s) => [s, rng.int(3, 6)]));
  for (const t of arrivals(rng, start, end, 0.3)) {
    const svc = rng.pick(services);
    const n = Math.max(2, replicas.get(svc)! + rng.pick([-1, 1]));
    replicas.set(svc, n);
    audit(t, `Deployment shop/${svc} scale set to ${n} replicas by system:serviceaccount:kube-system:horizontal-pod-autoscaler`, {
      operation: "UPDATE",
      subresource: "scale",
    });
  }
  const secrets = ["shop/orders-db", "shop/cart-redis", "shop/stripe-keys", "shop/smtp-relay", "shop/search-api-key"];
  for (let t = start + rng.int(0, 59) * MINUTE; t < end; t += HOUR) {
    for (const [i, sec] of secrets.entries()) {
      audit(t + i * rng.int(200, 900), `Secret ${sec} updated by system:serviceaccount:external-secrets:external-secrets (refresh)`, { operation: "UPDATE" });
    }
  }
  const people = ["alice.moreau@corp.example", "m.okoro@corp.example", "t.lindqvist@corp.example", "deploy-bot@ci.corp.example"];
  const humanChanges = [
    () => `ConfigMap shop/${rng.pick(services)}-config updated by ${rng.pick(people)} via kubectl`,
    () => `RoleBinding shop/dev-readonly granted view to group developers by ${rng.pick(people)} via kubectl`,
    () => `Deployment shop/${rng.pick(services)} updated by system:serviceaccount:argocd:argocd-application-controller (image tag ${rng.hex(7)})`,
    () => `Certificate shop/api-tls updated by system:serviceaccount:cert-manager:cert-manager`,
    () => `HorizontalPodAutoscaler shop/${rng.pick(services)} applied by ${rng.pick(people)} via kubectl (maxReplicas ${rng.int(8, 16)})`,
  ];
  for (let i = rng.int(8, 12); i > 0; i--) {
    const t = tl.at(rng.float(0.02, 0.98));
    audit(t, rng.pick(humanChanges)(), { operation: rng.pick(["UPDATE", "PATCH"]) });
  }
  // The changes nobody can name.
  audit(
    grantAt,
    "ClusterRoleBinding breakglass-contractors granted cluster-admin to group contractors-ext, principal=<none>",
    { operation: "CREATE" },
    "pattern",
  );
  audit(secretAt, "Secret payments/partner-bank-mtls updated, actor=unknown", { operation: "UPDATE" }, "pattern");
  audit(netpolAt, "NetworkPolicy shop/default-deny-ingress updated by an unidentified user (ingress: [] -> [{}])", { operation: "UPDATE" }, "pattern");

  // ── Argo CD application controller (logrus via Fluent Bit) ─────────────────────────────────
  const argo = {
    pod: "argocd-application-controller-0",
    namespace: "argocd",
    container: "argocd-application-controller",
    app: "argocd-application-controller",
    host: nodes[2]!,
  };
  for (const app of ["shop-orders", "shop-storefront", "platform-ingress"]) {
    for (let t = start + rng.int(0, 179) * SECOND; t < end; t += 3 * MINUTE + rng.int(-1500, 1500)) {
      tl.add(
        t,
        logrusK8s(
          t,
          "info",
          `Applied sync operation to '${rng.hex(7)}' (${rng.int(9, 31)} resources, selfHeal), initiatedBy=automated actor=unknown`,
          { application: `argocd/${app}` },
          argo,
        ),
      );
      const r = t + rng.int(400, 2400);
      tl.add(r, logrusK8s(r, "info", "Reconciliation completed", { application: `argocd/${app}`, dedup_ms: 0, diff_ms: rng.int(2, 40), time_ms: r - t }, argo));
    }
  }

  // ── the nodes' syslog: sshd on the bastion, PAM, chrony, the kernel ────────────────────────
  const bastion = "bastion-1";
  for (const t of arrivals(rng, start, end, 0.9)) {
    const ip = rng.publicIp();
    const pid = rng.int(20000, 60000);
    const user = rng.pick(["admin", "ubnt", "test", "oracle", "postgres", "user", "git", "pi"]);
    const port = rng.int(30000, 65000);
    tl.add(t, rsyslog(t, bastion, "auth", "info", "sshd", pid, `Invalid user ${user} from ${ip} port ${port}`));
    tl.add(t + 3, rsyslog(t + 3, bastion, "authpriv", "info", "sshd", pid, "pam_unix(sshd:auth): check pass; user unknown"));
    const closed = t + rng.int(800, 2500);
    tl.add(closed, rsyslog(closed, bastion, "auth", "info", "sshd", pid, `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`));
  }
  for (const t of arrivals(rng, start, end, 0.05)) {
    const pid = rng.int(20000, 60000);
    tl.add(
      t,
      rsyslog(
        t,
        bastion,
        "auth",
        "info",
        "sshd",
        pid,
        `Accepted publickey for ec2-user from 10.0.0.${rng.int(5, 40)} port ${rng.int(30000, 65000)} ssh2: ED25519 SHA256:${rng.alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
      ),
    );
    tl.add(t + 40, rsyslog(t + 40, bastion, "authpriv", "info", "sshd", pid, "pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by (uid=0)"));
  }
  for (const node of nodes) {
    for (let t = start + rng.int(0, 1023) * SECOND; t < end; t += 1024 * SECOND + rng.int(-5000, 5000)) {
      tl.add(
        t,
        rsyslog(
          t,
          node,
          "daemon",
          "info",
          "chronyd",
          rng.int(500, 900),
          `Selected source 169.254.169.123 (offset ${(rng.float(-0.4, 0.4) / 1000).toFixed(6)} seconds)`,
        ),
      );
    }
  }

  // ── memory pressure on one node: kubelet events, evictions, the kernel ─────────────────────
  const evictable = [
    { pod: rng.pod("orders-service"), container: "orders-service", usingKi: rng.int(1700000, 1900000) },
    { pod: rng.pod("search-indexer"), container: "search-indexer", usingKi: rng.int(2100000, 2500000) },
    { pod: rng.pod("catalog-service"), container: "catalog-service", usingKi: rng.int(900000, 1200000) },
  ];
  const kubelet = { component: "kubelet", host: hot };
  tl.add(
    pressureAt,
    kubeEvent(
      pressureAt,
      "Normal",
      "NodeHasInsufficientMemory",
      `Node ${hot} status is now: NodeHasInsufficientMemory`,
      { kind: "Node", name: hot, namespace: "default" },
      kubelet,
      uid(),
    ),
    "memory",
  );
  const reclaim = pressureAt + rng.int(5, 20) * SECOND;
  tl.add(
    reclaim,
    kubeEvent(reclaim, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", { kind: "Node", name: hot, namespace: "default" }, kubelet, uid()),
    "memory",
  );
  const oomPid = rng.int(100000, 400000);
  const oomAt = reclaim + rng.int(10, 40) * SECOND;
  tl.add(
    oomAt,
    rsyslog(
      oomAt,
      hot,
      "kern",
      "warning",
      "kernel",
      undefined,
      `Out of memory: Killed process ${oomPid} (java) total-vm:${rng.int(6000000, 7000000)}kB, anon-rss:${evictable[0]!.usingKi}kB, file-rss:${rng.int(20000, 40000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(4000, 6000)}kB oom_score_adj:936`,
    ),
    "memory",
  );
  const ordersA = rng.pod("orders-service");
  const restartA = oomAt + rng.int(3, 8) * SECOND;
  tl.add(
    restartA,
    kubeEvent(
      restartA,
      "Normal",
      "Pulled",
      `Container image "registry.corp.example/shop/orders-service:${rng.hex(7)}" already present on machine`,
      { kind: "Pod", name: ordersA, namespace: "shop" },
      kubelet,
      uid(),
    ),
  );
  tl.add(
    restartA + 600,
    kubeEvent(restartA + 600, "Normal", "Started", "Started container orders-service", { kind: "Pod", name: ordersA, namespace: "shop" }, kubelet, uid()),
  );
  const evictedAt: number[] = [];
  for (const [i, p] of evictable.entries()) {
    const t = reclaim + (i + 1) * rng.int(20, 45) * SECOND;
    evictedAt.push(t);
    tl.add(
      t,
      kubeEvent(
        t,
        "Warning",
        "Evicted",
        `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${rng.int(60000, 98000)}Ki. Container ${p.container} was using ${p.usingKi}Ki, request is 1Gi, has larger consumption of memory.`,
        { kind: "Pod", name: p.pod, namespace: "shop" },
        kubelet,
        uid(),
      ),
      "memory",
    );
    const k = t + rng.int(200, 900);
    tl.add(k, kubeEvent(k, "Normal", "Killing", `Stopping container ${p.container}`, { kind: "Pod", name: p.pod, namespace: "shop" }, kubelet, uid()));
    // The replacement is scheduled elsewhere: routine.
    const other = rng.pick(nodes.slice(1));
    const repl = rng.pod(p.container);
    const s = k + rng.int(2, 6) * SECOND;
    tl.add(
      s,
      kubeEvent(
        s,
        "Normal",
        "Scheduled",
        `Successfully assigned shop/${repl} to ${other}`,
        { kind: "Pod", name: repl, namespace: "shop" },
        { component: "default-scheduler" },
        uid(),
      ),
    );
    tl.add(
      s + 1500,
      kubeEvent(
        s + 1500,
        "Normal",
        "Pulled",
        `Container image "registry.corp.example/shop/${p.container}:${rng.hex(7)}" already present on machine`,
        { kind: "Pod", name: repl, namespace: "shop" },
        { component: "kubelet", host: other },
        uid(),
      ),
    );
    tl.add(
      s + 1900,
      kubeEvent(
        s + 1900,
        "Normal",
        "Started",
        `Started container ${p.container}`,
        { kind: "Pod", name: repl, namespace: "shop" },
        { component: "kubelet", host: other },
        uid(),
      ),
    );
  }
  tl.add(
    pressureEnd,
    kubeEvent(
      pressureEnd,
      "Normal",
      "NodeHasSufficientMemory",
      `Node ${hot} status is now: NodeHasSufficientMemory`,
      { kind: "Node", name: hot, namespace: "default" },
      kubelet,
      uid(),
    ),
  );
  // Routine HPA and rollout events all window.
  for (const t of arrivals(rng, start, end, 0.12)) {
    const svc = rng.pick(services);
    tl.add(
      t,
      kubeEvent(
        t,
        "Normal",
        "SuccessfulRescale",
        `New size: ${rng.int(3, 8)}; reason: cpu resource utilization (percentage of request) above target`,
        { kind: "HorizontalPodAutoscaler", name: svc, namespace: "shop" },
        { component: "horizontal-pod-autoscaler" },
        uid(),
      ),
    );
  }

  // ── ingress-nginx: the shop's traffic; orders answers 503 while its pods are replaced ──────
  const routes = [
    ["GET /api/catalog/<id>", 35],
    ["GET /api/orders/<id>", 18],
    ["POST /api/orders", 8],
    ["GET /api/cart", 20],
    ["GET /api/search", 19],
  ] as const;
  const shape = swell(start, end, 0.2, rng.float(0, 6));
  const podIps = Array.from({ length: 8 }, () => rng.privateIp("10.2"));
  // Both orders replicas were on the node: one OOM-killed, one evicted. No endpoint until the
  // restarted JVM passes its readiness probe.
  const down = { from: Math.max(oomAt, evictedAt[0]!) + rng.int(1, 3) * SECOND, to: 0 };
  down.to = down.from + rng.int(120, 180) * SECOND;
  const ctl = { pod: rng.pod("ingress-nginx-controller"), namespace: "ingress-nginx", container: "controller", app: "ingress-nginx", host: nodes[1]! };
  for (let t = down.from + rng.int(1000, 4000); t < down.to; t += rng.int(9, 16) * SECOND) {
    const d = new Date(t).toISOString();
    tl.add(
      t,
      {
        log: `W${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11, 23)}${rng.int(100, 999)}       7 controller.go:1214] Service "shop/orders-service" does not have any active Endpoint.\n`,
        stream: "stderr",
        time: d.replace("Z", `${rng.int(100000, 999999)}Z`),
        kubernetes: {
          pod_name: ctl.pod,
          namespace_name: ctl.namespace,
          container_name: ctl.container,
          host: ctl.host,
          labels: { "app.kubernetes.io/name": ctl.app },
        },
      },
      "error",
    );
  }
  for (const s of arrivals(rng, start, end, 8, shape, 1.2)) {
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    let uri = path.replace("<id>", String(rng.int(100000, 999999)));
    if (path === "/api/search") uri = `/api/search?q=${rng.pick(["boots", "scarf", "kettle", "mug", "jacket"])}`;
    let took = rng.logNormal(path === "/api/search" ? 70 : 25, 0.45);
    let status = path === "/api/orders" ? 201 : 200;
    let label: AnomalyType | null = null;
    if (path.startsWith("/api/orders") && s >= down.from && s < down.to) {
      status = 503;
      took = rng.float(0.5, 3);
      label = "error";
    }
    const e = s + Math.round(took);
    tl.add(
      e,
      nginx(e, "ingress-nginx", {
        remote: rng.publicIp(),
        method,
        uri,
        status,
        bytes: status < 300 ? rng.int(300, 20000) : 190,
        requestTime: took / 1000,
        upstream: status === 503 ? undefined : `${rng.pick(podIps)}:8080`,
        upstreamTime: status === 503 ? undefined : took / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: rng.hex(32),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "an unattributed request grants cluster-admin (principal=<none>), updates a secret and opens a network policy; a node runs out of memory; Argo's actor=unknown syncs are routine",
  );
}
