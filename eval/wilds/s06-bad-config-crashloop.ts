// Argo CD syncs pricing-api 1.42.0 together with a ConfigMap that lacks Pricing:CurrencyServiceUrl. The new pods fail
// options validation at startup and crash-loop; the rollout (maxUnavailable 50%) has already halved the old replica
// set, so the two remaining pods saturate. The quote service retries through its Istio sidecar, gets 503 overflow,
// and fails quotes until the rollback.

import { Build, type Label, mkPod, type Pod, restarted, vector } from "./build.js";
import { logfmt } from "./fmt.js";
import type { WildScenario } from "./types.js";

export function s06BadConfigCrashloop(seed: number): WildScenario {
  const b = new Build(seed, "s06-bad-config-crashloop");
  const { rng, f } = b;
  const start = b.start([9, 10, 11, 13, 14, 15, 16]);
  const dur = rng.int(34, 52) * 60000;
  const end = start + dur;
  const tDeploy = start + Math.round(dur * rng.float(0.3, 0.4));
  const tRollback = tDeploy + rng.int(12, 19) * 60000;
  const tRecovered = tRollback + rng.int(50, 80) * 1000;
  const degraded = (t: number): boolean => t > tDeploy + 15000 && t < tRecovered;

  const nodes = [0, 1, 2, 3].map(() => `ip-10-20-${rng.int(1, 60)}-${rng.int(10, 250)}.eu-west-1.compute.internal`);
  const oldHash = rng.k8s(10);
  const newHash = rng.k8s(10);
  const oldImg = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pricing-api:1.41.3";
  const newImg = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/pricing-api:1.42.0";
  const oldPods = nodes.map((n) => mkPod(rng, "shop", "pricing-api", n, oldImg, { rsHash: oldHash }));
  const newPods = [0, 1].map((i) => mkPod(rng, "shop", "pricing-api", nodes[i + 2] ?? "", newImg, { rsHash: newHash }));
  const rbPods = [0, 1].map((i) => mkPod(rng, "shop", "pricing-api", nodes[i] ?? "", oldImg, { rsHash: oldHash }));
  const quote = mkPod(rng, "shop", "quote-service", nodes[1] ?? "", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/quote-service:3.8.1");
  const commitNew = rng.hex(40);
  const commitOld = rng.hex(40);
  const livePricing = (t: number): Pod[] => (t < tDeploy + 8000 ? oldPods : t < tRollback + 40000 ? oldPods.slice(0, 2) : [...oldPods.slice(0, 2), ...rbPods]);

  // ---------------------------------------------------------------- pricing-api: .NET JSON console, shipped by Vector
  const dotnet = (
    t: number,
    p: Pod,
    level: string,
    category: string,
    eventId: number,
    message: string,
    state: Record<string, unknown>,
    l: Label,
    exception?: string,
  ): void => {
    const rec: Record<string, unknown> = { Timestamp: f.isoD(t, 3, "Z"), EventId: eventId, LogLevel: level, Category: category, Message: message };
    if (exception) rec.Exception = exception;
    rec.State = { Message: message, ...state };
    b.add(t + rng.int(0, 2), vector(b, t, p, "stdout", JSON.stringify(rec)), l);
  };
  b.flow(start, end, 0.6, (t) => {
    const ps = livePricing(t);
    const p = rng.pick(ps);
    const sku = `SKU-${rng.int(10000, 99999)}`;
    const cur = rng.pick(["EUR", "EUR", "GBP", "USD", "SEK"]);
    let ms = rng.logn(9, 0.5);
    let l: Label = null;
    if (degraded(t) && ps.length === 2 && rng.chance(0.25)) {
      ms = rng.logn(1600, 0.45);
      l = ms > 1000 ? "performance" : null;
    }
    const url = `http://pricing-api.shop.svc.cluster.local:8080/api/v1/prices/${sku}?currency=${cur}`;
    const done = t + Math.round(ms);
    const el = ms.toFixed(4);
    dotnet(
      done,
      p,
      "Information",
      "Microsoft.AspNetCore.Hosting.Diagnostics",
      2,
      `Request finished HTTP/1.1 GET ${url} - 200 null application/json; charset=utf-8 ${el}ms`,
      {
        ElapsedMilliseconds: Number(el),
        StatusCode: 200,
        ContentType: "application/json; charset=utf-8",
        ContentLength: null,
        Protocol: "HTTP/1.1",
        Method: "GET",
        Scheme: "http",
        Host: "pricing-api.shop.svc.cluster.local:8080",
        PathBase: "",
        Path: `/api/v1/prices/${sku}`,
        QueryString: `?currency=${cur}`,
        "{OriginalFormat}":
          "Request finished {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {StatusCode} {ContentLength} {ContentType} {ElapsedMilliseconds}ms",
      },
      l,
    );
  });
  b.every(start + rng.int(0, 60000), end, 60000, 2000, (t) => {
    for (const p of livePricing(t))
      dotnet(
        t + rng.int(0, 3000),
        p,
        "Information",
        "Pricing.Api.Rates.FxRateRefresher",
        0,
        `FX rates refreshed from currency-service: ${rng.int(30, 34)} pairs, age ${rng.int(1, 59)}s`,
        { Pairs: 32, "{OriginalFormat}": "FX rates refreshed from currency-service: {Pairs} pairs, age {Age}s" },
        null,
      );
  });
  // crash loop of the two new pods: back-off 10s, 20s, 40s ... capped at 300s
  const exc = [
    "Microsoft.Extensions.Options.OptionsValidationException: DataAnnotation validation failed for 'PricingOptions' members: 'CurrencyServiceUrl' with the error: 'The CurrencyServiceUrl field is required.'.",
    "   at Microsoft.Extensions.Options.OptionsFactory`1.Create(String name)",
    "   at Microsoft.Extensions.Options.UnnamedOptionsManager`1.get_Value()",
    "   at Microsoft.Extensions.Options.StartupValidator.Validate()",
    "   at Microsoft.Extensions.Hosting.Internal.Host.StartAsync(CancellationToken cancellationToken)",
    "   at Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(IHost host, CancellationToken token)",
    "   at Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(IHost host, CancellationToken token)",
    "   at Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.Run(IHost host)",
    "   at Program.<Main>$(String[] args) in /src/Pricing.Api/Program.cs:line 87",
  ];
  const kubeletPid = rng.int(2000, 4000);
  const kl = (t: number, sev: "I" | "W" | "E", file: string, msg: string, l: Label): void => b.add(t, f.klog(t, sev, kubeletPid, file, msg), l);
  let evN = rng.int(1000, 9000);
  const event = (
    t: number,
    obj: { kind: string; name: string; uid: string; fieldPath?: string },
    type: string,
    reason: string,
    message: string,
    count: number,
    first: number,
    component: string,
    host: string,
    l: Label,
  ): void => {
    b.add(
      t,
      {
        metadata: {
          name: `${obj.name}.${(first * 1e6 + evN++).toString(16).slice(-16)}`,
          namespace: "shop",
          uid: rng.uuid(),
          resourceVersion: String(rng.int(100000000, 999999999)),
          creationTimestamp: f.isoD(first, 0),
        },
        reason,
        message,
        source: { component, host },
        firstTimestamp: f.isoD(first, 0),
        lastTimestamp: f.isoD(t, 0),
        count,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: host,
        involvedObject: {
          kind: obj.kind,
          namespace: "shop",
          name: obj.name,
          uid: obj.uid,
          apiVersion: obj.kind === "Pod" ? "v1" : "apps/v1",
          resourceVersion: String(rng.int(100000000, 999999999)),
          ...(obj.fieldPath ? { fieldPath: obj.fieldPath } : {}),
        },
      },
      l,
    );
  };
  const deployUid = rng.uuid();
  event(
    tDeploy + 300,
    { kind: "Deployment", name: "pricing-api", uid: deployUid },
    "Normal",
    "ScalingReplicaSet",
    `Scaled up replica set pricing-api-${newHash} to 2`,
    1,
    tDeploy + 300,
    "deployment-controller",
    "",
    null,
  );
  event(
    tDeploy + 500,
    { kind: "Deployment", name: "pricing-api", uid: deployUid },
    "Normal",
    "ScalingReplicaSet",
    `Scaled down replica set pricing-api-${oldHash} to 2 from 4`,
    1,
    tDeploy + 500,
    "deployment-controller",
    "",
    null,
  );
  for (const old of oldPods.slice(2))
    dotnet(
      tDeploy + rng.int(600, 1200),
      old,
      "Information",
      "Microsoft.Hosting.Lifetime",
      0,
      "Application is shutting down...",
      { "{OriginalFormat}": "Application is shutting down..." },
      null,
    );
  for (const np0 of newPods) {
    let p = np0;
    let t = tDeploy + rng.int(4000, 9000);
    let restarts = 0;
    const fp = { kind: "Pod", name: p.name, uid: p.uid, fieldPath: "spec.containers{pricing-api}" };
    let backoffCount = 0;
    let firstBackoff = 0;
    event(
      t - 2500,
      { kind: "Pod", name: p.name, uid: p.uid },
      "Normal",
      "Scheduled",
      `Successfully assigned shop/${p.name} to ${p.node}`,
      1,
      t - 2500,
      "default-scheduler",
      "",
      null,
    );
    event(t - 2000, fp, "Normal", "Pulling", `Pulling image "${newImg}"`, 1, t - 2000, "kubelet", p.node, null);
    event(
      t - 400,
      fp,
      "Normal",
      "Pulled",
      `Successfully pulled image "${newImg}" in 1.523s (1.523s including waiting). Image size: 98234112 bytes.`,
      1,
      t - 400,
      "kubelet",
      p.node,
      null,
    );
    const firstStart = t;
    while (t < tRollback) {
      const lab: Label = restarts === 0 ? null : "pattern";
      event(t - 50, fp, "Normal", "Created", "Created container pricing-api", restarts + 1, firstStart - 50, "kubelet", p.node, lab);
      event(t, fp, "Normal", "Started", "Started container pricing-api", restarts + 1, firstStart, "kubelet", p.node, lab);
      kl(
        t + rng.int(100, 400),
        "I",
        "kubelet.go:2453",
        `"SyncLoop (PLEG): event for pod" pod="shop/${p.name}" event={"ID":"${p.uid}","Type":"ContainerStarted","Data":"${p.cid}"}`,
        lab,
      );
      const t1 = t + rng.int(700, 1100);
      dotnet(
        t1,
        p,
        "Information",
        "Pricing.Api.Program",
        0,
        `Starting pricing-api 1.42.0 (commit ${commitNew.slice(0, 7)}) in Production`,
        { Version: "1.42.0", "{OriginalFormat}": "Starting pricing-api {Version} (commit {Commit}) in {Environment}" },
        lab,
      );
      dotnet(
        t1 + rng.int(30, 90),
        p,
        "Information",
        "Pricing.Api.Program",
        0,
        "Configuration sources: appsettings.json, appsettings.Production.json, /config/pricing.json, environment",
        { "{OriginalFormat}": "Configuration sources: {Sources}" },
        lab,
      );
      const t2 = t1 + rng.int(600, 1200);
      dotnet(
        t2,
        p,
        "Critical",
        "Microsoft.Extensions.Hosting.Internal.Host",
        11,
        "Hosting failed to start",
        { "{OriginalFormat}": "Hosting failed to start" },
        "error",
        exc.join("\n"),
      );
      b.add(t2 + 5, vector(b, t2 + 5, p, "stderr", `Unhandled exception. ${exc[0]}`), "error");
      for (const ln of exc.slice(1)) b.add(t2 + 5, vector(b, t2 + 5, p, "stderr", ln), "error");
      const tDied = t2 + rng.int(200, 600);
      kl(
        tDied + rng.int(400, 900),
        "I",
        "generic.go:334",
        `"Generic (PLEG): container finished" podID="${p.uid}" containerID="${p.cid}" exitCode=134`,
        "error",
      );
      kl(
        tDied + rng.int(1000, 1300),
        "I",
        "kubelet.go:2453",
        `"SyncLoop (PLEG): event for pod" pod="shop/${p.name}" event={"ID":"${p.uid}","Type":"ContainerDied","Data":"${p.cid}"}`,
        "error",
      );
      restarts++;
      const backoff = Math.min(300, 10 * 2 ** (restarts - 1));
      // while backing off the kubelet re-syncs the pod and logs the CrashLoopBackOff each time
      for (let s = tDied + rng.int(1500, 3000); s < tDied + backoff * 1000 && s < tRollback; s += rng.int(20000, 40000)) {
        kl(
          s,
          "E",
          "pod_workers.go:1301",
          `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"pricing-api\\" with CrashLoopBackOff: \\"back-off ${backoff}s restarting failed container=pricing-api pod=${p.name}_shop(${p.uid})\\"" pod="shop/${p.name}" podUID="${p.uid}"`,
          "pattern",
        );
        if (firstBackoff === 0) firstBackoff = s;
        backoffCount++;
        if (backoffCount < 3 || rng.chance(0.5))
          event(
            s + rng.int(5, 50),
            fp,
            "Warning",
            "BackOff",
            `Back-off restarting failed container pricing-api in pod ${p.name}_shop(${p.uid})`,
            backoffCount,
            firstBackoff,
            "kubelet",
            p.node,
            "pattern",
          );
      }
      t = tDied + backoff * 1000 + rng.int(500, 3000);
      if (t < tRollback) {
        event(
          t - 300,
          fp,
          "Normal",
          "Pulled",
          `Container image "${newImg}" already present on machine`,
          restarts,
          firstStart - 400,
          "kubelet",
          p.node,
          "pattern",
        );
        p = restarted(rng, p);
      }
    }
    event(tRollback + rng.int(2000, 5000), fp, "Normal", "Killing", "Stopping container pricing-api", 1, tRollback + 2000, "kubelet", p.node, null);
  }
  event(
    tRollback + 1500,
    { kind: "Deployment", name: "pricing-api", uid: deployUid },
    "Normal",
    "ScalingReplicaSet",
    `Scaled up replica set pricing-api-${oldHash} to 4 from 2`,
    1,
    tRollback + 1500,
    "deployment-controller",
    "",
    null,
  );
  event(
    tRollback + 1700,
    { kind: "Deployment", name: "pricing-api", uid: deployUid },
    "Normal",
    "ScalingReplicaSet",
    `Scaled down replica set pricing-api-${newHash} to 0 from 2`,
    1,
    tRollback + 1700,
    "deployment-controller",
    "",
    null,
  );
  for (const p of rbPods) {
    const t = tRollback + rng.int(20000, 35000);
    dotnet(
      t,
      p,
      "Information",
      "Pricing.Api.Program",
      0,
      `Starting pricing-api 1.41.3 (commit ${commitOld.slice(0, 7)}) in Production`,
      { Version: "1.41.3", "{OriginalFormat}": "Starting pricing-api {Version} (commit {Commit}) in {Environment}" },
      null,
    );
    dotnet(
      t + rng.int(1500, 2500),
      p,
      "Information",
      "Microsoft.Hosting.Lifetime",
      14,
      "Now listening on: http://[::]:8080",
      { address: "http://[::]:8080", "{OriginalFormat}": "Now listening on: {address}" },
      null,
    );
    dotnet(
      t + rng.int(2600, 2700),
      p,
      "Information",
      "Microsoft.Hosting.Lifetime",
      0,
      "Application started. Press Ctrl+C to shut down.",
      { "{OriginalFormat}": "Application started. Press Ctrl+C to shut down." },
      null,
    );
  }
  // background events and kubelet noise
  b.flow(start, end, 1 / 120, (t) => {
    const job = `inventory-sync-${29000000 + rng.int(0, 999999)}`;
    const pod = `${job}-${rng.k8s(5)}`;
    const k = rng.int(0, 2);
    if (k === 0) event(t, { kind: "Job", name: job, uid: rng.uuid() }, "Normal", "SuccessfulCreate", `Created pod: ${pod}`, 1, t, "job-controller", "", null);
    else if (k === 1) event(t, { kind: "Job", name: job, uid: rng.uuid() }, "Normal", "Completed", "Job completed", 1, t, "job-controller", "", null);
    else
      event(
        t,
        { kind: "Pod", name: `search-indexer-${rng.k8s(10)}-${rng.k8s(5)}`, uid: rng.uuid(), fieldPath: "spec.containers{indexer}" },
        "Warning",
        "Unhealthy",
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
        rng.int(2, 40),
        t - rng.int(60000, 3600000),
        "kubelet",
        rng.pick(nodes),
        null,
      );
  });
  b.flow(start, end, 1 / 150, (t) =>
    kl(
      t,
      "E",
      "log_metrics.go:66",
      `"Failed to get pod log stats" err="open /var/log/pods/shop_inventory-sync-${29000000 + rng.int(0, 999999)}-${rng.k8s(5)}_${rng.uuid()}: no such file or directory" pod="shop/inventory-sync-${29000000 + rng.int(0, 999999)}-${rng.k8s(5)}"`,
      null,
    ),
  );

  // ---------------------------------------------------------------- Argo CD application controller (logrus text)
  const argo = (t: number, level: string, msg: string, app: string, extra: [string, unknown][], l: Label): void =>
    b.add(t, logfmt([["time", f.isoD(t, 0)], ["level", level], ["msg", msg], ["application", `argocd/${app}`], ...extra]), l);
  const apps = ["pricing-api", "quote-service", "cart-api", "search-indexer", "payments", "ingress-nginx", "kube-prometheus-stack"];
  b.flow(start, end, 0.12, (t) => {
    const app = rng.pick(apps);
    const ms = rng.int(5, 90);
    argo(
      t,
      "info",
      "Reconciliation completed",
      app,
      [
        ["dedup_ms", 0],
        ["dest-name", ""],
        ["dest-namespace", app === "kube-prometheus-stack" ? "monitoring" : "shop"],
        ["dest-server", "https://kubernetes.default.svc"],
        ["diff_ms", rng.int(1, 30)],
        ["fields.level", rng.int(0, 2)],
        ["git_ms", rng.int(0, 20)],
        ["health_ms", rng.int(0, 5)],
        ["live_ms", rng.int(0, 5)],
        ["patch_ms", 0],
        ["setop_ms", 0],
        ["settings_ms", 0],
        ["sync_ms", rng.int(0, 3)],
        ["time_ms", ms],
      ],
      null,
    );
  });
  const a0 = tDeploy - rng.int(2000, 6000);
  argo(
    a0,
    "info",
    `Initiated automated sync to '${commitNew}'`,
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "OperationStarted"],
      ["type", "Normal"],
    ],
    null,
  );
  argo(
    tDeploy + 200,
    "info",
    `Sync operation to ${commitNew} succeeded`,
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "OperationCompleted"],
      ["type", "Normal"],
    ],
    null,
  );
  argo(
    tDeploy + rng.int(1000, 3000),
    "info",
    "Updated health status: Healthy -> Progressing",
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "ResourceUpdated"],
      ["type", "Normal"],
    ],
    null,
  );
  const tDeg = tDeploy + 600000 + rng.int(0, 20000);
  if (tDeg < tRollback)
    argo(
      tDeg,
      "info",
      "Updated health status: Progressing -> Degraded",
      "pricing-api",
      [
        ["dest-namespace", "shop"],
        ["dest-server", "https://kubernetes.default.svc"],
        ["reason", "ResourceUpdated"],
        ["type", "Normal"],
      ],
      "error",
    );
  argo(
    tRollback - rng.int(500, 2000),
    "info",
    `Initiated rollback to '${commitOld}'`,
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "OperationStarted"],
      ["type", "Normal"],
      ["user", "oncall@acme.io"],
    ],
    null,
  );
  argo(
    tRollback + rng.int(500, 1500),
    "info",
    `Sync operation to ${commitOld} succeeded`,
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "OperationCompleted"],
      ["type", "Normal"],
    ],
    null,
  );
  argo(
    tRecovered,
    "info",
    `Updated health status: ${tDeg < tRollback ? "Degraded" : "Progressing"} -> Healthy`,
    "pricing-api",
    [
      ["dest-namespace", "shop"],
      ["dest-server", "https://kubernetes.default.svc"],
      ["reason", "ResourceUpdated"],
      ["type", "Normal"],
    ],
    null,
  );

  // ---------------------------------------------------------------- quote-service: Serilog compact JSON (file sink), with its Istio sidecar
  const clef = (t: number, mt: string, props: Record<string, unknown>, l: Label, level?: string, x?: string, r?: string[]): void => {
    const e: Record<string, unknown> = { "@t": f.isoD(t, 7) };
    e["@mt"] = mt;
    if (r) e["@r"] = r;
    if (level) e["@l"] = level;
    if (x) e["@x"] = x;
    b.add(t, { ...e, ...props, SourceContext: props.SourceContext ?? "Quote.Api.Pricing.PricingClient", Application: "quote-service" }, l);
  };
  const envoy = (t: number, code: number, flags: string, details: string, dur: number, up: string, l: Label): void => {
    const line = `[${f.iso(t)}] "GET /api/v1/prices/SKU-${rng.int(10000, 99999)}?currency=EUR HTTP/1.1" ${code} ${flags} ${details} - "-" 0 ${code === 200 ? rng.int(180, 260) : 81} ${dur} ${code === 200 ? dur - 1 : "-"} "-" "Quote.Api/3.8.1" "${rng.uuid()}" "pricing-api.shop.svc.cluster.local:8080" "${up}" outbound|8080||pricing-api.shop.svc.cluster.local ${quote.ip}:${rng.int(32768, 60999)} 172.20.${rng.int(0, 255)}.${rng.int(1, 254)}:8080 ${quote.ip}:${rng.int(32768, 60999)} - default`;
    b.add(t + dur, f.cri(t + dur, "stdout", line), l);
  };
  let qid = rng.int(100000, 900000);
  b.flow(start, end, 0.25, (t) => {
    const id = qid++;
    const reqId = `0HN${rng.alnum(9).toUpperCase()}:0000000${rng.int(1, 9)}`;
    const ps = livePricing(t);
    if (degraded(t) && rng.chance(0.16)) {
      // pool overflow at the sidecar, Polly retries twice, then the quote fails
      let tt = t;
      for (let a = 1; a <= 3; a++) {
        envoy(tt, 503, "UO", "upstream_reset_before_response_started{overflow}", rng.int(0, 2), "-", "error");
        if (a < 3) {
          const delay = 200 * 2 ** (a - 1);
          clef(
            tt + 3,
            "Retrying pricing call {Attempt}/{MaxAttempts} after {Delay}: {Reason}",
            {
              Attempt: a,
              MaxAttempts: 3,
              Delay: `00:00:00.${String(delay * 10000).padStart(7, "0")}`,
              Reason: "503 ServiceUnavailable",
              QuoteId: id,
              RequestId: reqId,
            },
            "pattern",
            "Warning",
          );
          tt += delay + 3;
        }
      }
      clef(
        tt + 4,
        "Quote {QuoteId} failed: pricing unavailable",
        { QuoteId: id, RequestId: reqId },
        "error",
        "Error",
        "System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).\r\n   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\r\n   at Quote.Api.Pricing.PricingClient.GetPriceAsync(String sku, String currency, CancellationToken ct) in /src/Quote.Api/Pricing/PricingClient.cs:line 52\r\n   at Quote.Api.Quotes.QuoteService.BuildAsync(QuoteRequest request, CancellationToken ct) in /src/Quote.Api/Quotes/QuoteService.cs:line 97",
      );
      const el = Number((tt + 6 - t + rng.float(0, 1)).toFixed(4));
      clef(
        tt + 6,
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        {
          RequestMethod: "POST",
          RequestPath: "/api/quotes",
          StatusCode: 502,
          Elapsed: el,
          SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          RequestId: reqId,
        },
        "error",
        "Error",
        undefined,
        [el.toFixed(4)],
      );
      return;
    }
    let dur = Math.round(rng.logn(10, 0.5));
    let l: Label = null;
    if (degraded(t) && ps.length === 2 && rng.chance(0.25)) {
      dur = Math.round(rng.logn(1600, 0.45));
      l = dur > 1000 ? "performance" : null;
    }
    envoy(t, 200, "-", "via_upstream", dur, `${rng.pick(ps).ip}:8080`, l);
    const el = dur + rng.float(3, 9);
    clef(
      t + dur + 5,
      "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
      {
        RequestMethod: "POST",
        RequestPath: "/api/quotes",
        StatusCode: 200,
        Elapsed: Number(el.toFixed(4)),
        SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
        RequestId: reqId,
      },
      l,
      undefined,
      undefined,
      [el.toFixed(4)],
    );
  });
  b.flow(start, end, 1 / 200, (t) =>
    clef(t, "Quote {QuoteId} expired without checkout", { QuoteId: rng.int(100000, 900000), SourceContext: "Quote.Api.Quotes.ExpiryJob" }, null),
  );

  return b.finish(
    "s06-bad-config-crashloop",
    "A GitOps rollout of pricing-api ships a ConfigMap missing a required option: new .NET pods crash-loop on options validation, the halved old replica set saturates, the quote service's sidecar overflows and Polly retries fail quotes until rollback.",
  );
}
