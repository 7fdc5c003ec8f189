/**
 * helm-debug: cart-api (Go, zap, behind ingress-nginx) is deployed by a GitHub Actions
 * workflow that runs `helm upgrade --install --debug`, which prints the rendered manifests:
 * a PrometheusRule whose annotations are Prometheus templates (`{{ $labels.pod }}`), a Fluent
 * Bit sidecar config that reads `${ELASTICSEARCH_HOST}` from the environment, the chart's NOTES.
 * The repository's test workflow runs alongside. All routine. A third in, cart-api 2.14.0 ships
 * with `database.pool.maxConns: 4` (meant to be 40): under normal traffic requests queue for a
 * connection, take seconds, and some fail with `pgxpool: acquire: context deadline exceeded`
 * (503), until someone runs the rollback workflow (`helm rollback`).
 */
import { openWindow } from "./common.js";
import { type GhaJob, ghaLine, nginxJson, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "helm-debug";

export function helmDebug(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-17", 10, 3);
  const deployAt = tl.at(rng.float(0.3, 0.36));
  const rollbackAt = tl.at(rng.float(0.66, 0.74));
  const badFrom = deployAt + 95 * SECOND;
  const badTo = rollbackAt + 60 * SECOND;
  let runId = 8_400_000_000 + rng.int(0, 9_000_000);

  const gha = (t0: number, workflow: string, job: string, steps: [string, string[]][]) => {
    const j: GhaJob = { repo: "northwind/cart-api", workflow, runId: runId++, job, runner: `GitHub Actions ${rng.int(2, 40)}` };
    let t = t0;
    for (const [step, lines] of steps) {
      for (const l of lines) {
        t += rng.int(2, 120);
        tl.add(t, ghaLine(t, j, step, l));
      }
      t += rng.int(1000, 9000);
    }
    return t;
  };
  const setup = (): [string, string[]][] => [
    [
      "Set up job",
      [
        "Current runner version: '2.316.1'",
        "Operating System",
        "  Ubuntu",
        "  22.04.4",
        "  LTS",
        `Runner Image Provisioner`,
        `  ${rng.int(2, 3)}.0.${rng.int(350, 380)}.1`,
        "GITHUB_TOKEN Permissions",
        "  Contents: read",
        "Prepare workflow directory",
        "Prepare all required actions",
        "Getting action download info",
        `Download action repository 'actions/checkout@v4' (SHA:${rng.hex(40)})`,
        "Complete job name: " + "build",
      ],
    ],
    [
      "Run actions/checkout@v4",
      [
        "##[group]Run actions/checkout@v4",
        "with:",
        "  repository: northwind/cart-api",
        "  fetch-depth: 1",
        "##[endgroup]",
        "Syncing repository: northwind/cart-api",
        `HEAD is now at ${rng.hex(7)} ${rng.pick(["fix(cart): round totals", "chore: bump pgx to v5.6.0", "feat(cart): saved carts"])}`,
      ],
    ],
  ];

  const testRun = (t0: number) => {
    const pkgs = ["internal/cart", "internal/pricing", "internal/store", "internal/httpapi", "internal/promo", "internal/auth", "cmd/cart-api"];
    gha(t0, "ci", "test", [
      ...setup(),
      [
        "Run actions/setup-go@v5",
        [
          "##[group]Run actions/setup-go@v5",
          "with:",
          "  go-version-file: go.mod",
          "##[endgroup]",
          "Setup go version spec 1.22.3",
          "Found in cache @ /opt/hostedtoolcache/go/1.22.3/x64",
          "go version go1.22.3 linux/amd64",
        ],
      ],
      [
        "Run go test ./...",
        [
          "##[group]Run go test -race -count=1 ./...",
          "go test -race -count=1 ./...",
          "shell: /usr/bin/bash -e {0}",
          "##[endgroup]",
          ...pkgs.map((p) => `ok  \tgithub.com/northwind/cart-api/${p}\t${rng.float(0.5, 9).toFixed(3)}s`),
        ],
      ],
      [
        "Run golangci/golangci-lint-action@v6",
        [
          "##[group]Run golangci/golangci-lint-action@v6",
          "with:",
          "  version: v1.58",
          "##[endgroup]",
          `Running [/home/runner/golangci-lint-1.58.1-linux-amd64/golangci-lint run] in [/home/runner/work/cart-api/cart-api] ...`,
          `golangci-lint found no issues`,
        ],
      ],
      ["Complete job", ["Cleaning up orphan processes"]],
    ]);
  };
  for (const t of arrivals(rng, start, end - 10 * MINUTE, 0.12)) testRun(t);

  const deploy = (t0: number, version: string, revision: number, maxConns: number) =>
    gha(t0, "deploy", "deploy-production", [
      ...setup(),
      [
        "Run helm upgrade",
        [
          "##[group]Run helm upgrade --install cart-api charts/cart-api \\",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow's shell script as GitHub prints it
          '  --namespace shop --set image.tag="${IMAGE_TAG}" \\',
          "  -f values/production.yaml --debug --wait --timeout 5m",
          "shell: /usr/bin/bash -e {0}",
          "env:",
          `  IMAGE_TAG: ${version}`,
          "  KUBECONFIG: /home/runner/work/_temp/kubeconfig",
          "##[endgroup]",
          "history.go:56: [debug] getting history for release cart-api",
          "upgrade.go:164: [debug] preparing upgrade for cart-api",
          "upgrade.go:172: [debug] performing update for cart-api",
          "upgrade.go:375: [debug] creating upgraded release for cart-api",
          "client.go:338: [debug] checking 6 resources for changes",
          'client.go:617: [debug] Patch Deployment "cart-api" in namespace shop',
          'client.go:617: [debug] Patch ConfigMap "cart-api-fluent-bit" in namespace shop',
          'client.go:617: [debug] Patch PrometheusRule "cart-api" in namespace shop',
          "upgrade.go:440: [debug] waiting for release cart-api resources (created: 0 updated: 6  deleted: 0)",
          "wait.go:48: [debug] beginning wait for 6 resources with timeout of 5m0s",
          `ready.go:297: [debug] Deployment is not ready: shop/cart-api. 1 out of 3 expected pods are ready`,
          `ready.go:297: [debug] Deployment is not ready: shop/cart-api. 2 out of 3 expected pods are ready`,
          "upgrade.go:248: [debug] updating status for upgraded release for cart-api",
          'Release "cart-api" has been upgraded. Happy Helming!',
          "NAME: cart-api",
          `LAST DEPLOYED: ${new Date(t0).toUTCString()}`,
          "NAMESPACE: shop",
          "STATUS: deployed",
          `REVISION: ${revision}`,
          "USER-SUPPLIED VALUES:",
          "database:",
          "  pool:",
          `    maxConns: ${maxConns}`,
          "image:",
          `  tag: ${version}`,
          "replicaCount: 3",
          "MANIFEST:",
          "---",
          "# Source: cart-api/templates/configmap-fluent-bit.yaml",
          "apiVersion: v1",
          "kind: ConfigMap",
          "data:",
          "  fluent-bit.conf: |",
          "    [OUTPUT]",
          "        Name  es",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Fluent Bit's own env syntax, printed in the manifest
          "        Host  ${ELASTICSEARCH_HOST}",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Fluent Bit's own env syntax, printed in the manifest
          "        Port  ${ELASTICSEARCH_PORT}",
          "---",
          "# Source: cart-api/templates/prometheusrule.yaml",
          "apiVersion: monitoring.coreos.com/v1",
          "kind: PrometheusRule",
          "spec:",
          "  groups:",
          "  - name: cart-api",
          "    rules:",
          "    - alert: CartApiPodRestarting",
          '      expr: increase(kube_pod_container_status_restarts_total{namespace="shop",container="cart-api"}[15m]) > 2',
          "      annotations:",
          '        summary: "cart-api pod {{ $labels.pod }} is restarting"',
          '        description: "{{ $labels.pod }} restarted {{ $value }} times in 15 minutes"',
          "    - alert: CartApiHighLatency",
          '      expr: histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service="cart-api"}[5m])) by (le)) > 1',
          "---",
          "# Source: cart-api/templates/deployment.yaml",
          "apiVersion: apps/v1",
          "kind: Deployment",
          "spec:",
          "  replicas: 3",
          "      containers:",
          "      - name: cart-api",
          `        image: ghcr.io/northwind/cart-api:${version}`,
          "        env:",
          "        - name: DB_POOL_MAX_CONNS",
          `          value: "${maxConns}"`,
          "NOTES:",
          "1. Get the application URL by running these commands:",
          '  export POD_NAME=$(kubectl get pods --namespace shop -l "app.kubernetes.io/name=cart-api" -o jsonpath="{.items[0].metadata.name}")',
        ],
      ],
      ["Complete job", ["Cleaning up orphan processes"]],
    ]);
  const prev = `2.13.${rng.int(2, 6)}`;
  deploy(tl.at(rng.float(0.05, 0.12)), prev, 41, 40);
  deploy(deployAt, "2.14.0", 42, 4);
  gha(rollbackAt - rng.int(20, 40) * SECOND, "rollback", "rollback", [
    [
      "Run helm rollback",
      [
        "##[group]Run helm rollback cart-api 41 --namespace shop --wait",
        "helm rollback cart-api 41 --namespace shop --wait",
        "shell: /usr/bin/bash -e {0}",
        "##[endgroup]",
        "Rollback was a success! Happy Helming!",
      ],
    ],
  ]);

  // ── cart-api traffic ───────────────────────────────────────────────────────────────────────
  const pods = Array.from({ length: 3 }, () => ({ pod: rng.pod("cart-api"), ip: rng.privateIp("10.42") }));
  const routes = [
    ["GET", "/v1/carts/{id}", 5, 18],
    ["POST", "/v1/carts/{id}/items", 2, 30],
    ["DELETE", "/v1/carts/{id}/items/{sku}", 0.6, 25],
    ["POST", "/v1/carts/{id}/checkout", 0.8, 60],
  ] as const;
  for (const t0 of arrivals(rng, start, end, 7, shape, 1.2)) {
    const [method, route, , base] = rng.weighted(routes.map((r) => [r, r[2]] as const));
    const path = route.replace("{id}", rng.uuid()).replace("{sku}", `SKU-${rng.int(10000, 99999)}`);
    const p = rng.pick(pods);
    const reqId = rng.hex(32);
    let ms = rng.logNormal(base, 0.35);
    let status = 200;
    let label: AnomalyType | null = null;
    if (t0 >= badFrom && t0 < badTo) {
      ms += rng.logNormal(2400, 0.6);
      label = "performance";
      if (ms > 5000) {
        ms = 5000 + rng.int(0, 30);
        status = 503;
        label = "error";
      }
    } else if (rng.chance(0.004)) status = 404;
    const d = t0 + Math.round(ms);
    if (status === 503) {
      tl.add(
        d - 1,
        zap(
          d - 1,
          "error",
          "store",
          "store/cart.go:112",
          "load cart failed",
          { request_id: reqId, error: "pgxpool: acquire: context deadline exceeded", waited: Number((ms / 1000).toFixed(3)) },
          "github.com/northwind/cart-api/internal/store.(*Store).LoadCart\n\t/src/internal/store/cart.go:112",
        ),
        "error",
      );
    }
    tl.add(
      d,
      zap(d, status >= 500 ? "error" : "info", "http", "httpapi/middleware.go:41", "request", {
        method,
        route,
        path,
        status,
        duration: Number((ms / 1000).toFixed(6)),
        request_id: reqId,
        pod: p.pod,
      }),
      label,
    );
    tl.add(
      d + 1,
      nginxJson(d + 1, {
        remoteAddr: rng.clientIp(),
        requestId: reqId,
        method,
        uri: path,
        status,
        requestTimeMs: ms + 1,
        bytesSent: status === 200 ? rng.int(400, 3000) : rng.int(80, 160),
        userAgent: rng.pick([
          "Northwind/6.2.0 (iPhone; iOS 17.4)",
          "Northwind/6.2.0 (Android 14)",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0.0.0",
        ]),
        host: "api.northwind.example",
        upstreamAddr: `${p.ip}:8080`,
        upstreamStatus: String(status),
        upstreamTimeMs: ms,
        proxyUpstreamName: "shop-cart-api-8080",
      }),
      label,
    );
  }
  return tl.build(
    NAME,
    "cart-api 2.14.0 ships a DB pool of 4 connections and requests queue for seconds or fail until rollback, among Helm debug deploy output full of Prometheus and Fluent Bit templates",
  );
}
