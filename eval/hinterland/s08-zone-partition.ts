// 8) A network partition between eu-west-1a and eu-west-1b: cart-svc (zone a)
// times out and retries against the inventory pods in zone b; those pods cannot
// reach their database in zone a, fail liveness and are restarted into a crash
// loop, so when the link heals cart-svc gets "connection refused" until they are
// back. Consul gossip marks the other zone's nodes failed. Middle to late.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, ipPublic, isoOff, BROWSER_UAS, type Label } from "./lib.js";
import { ecsDotnet, zap, hclog, pgJson, k8sEvent, structlog, rsyslog, type F } from "./producers.js";

export function s08ZonePartition(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(56, 66) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const partStart = T0 + W * r.float(0.48, 0.58);
  const healT = partStart + r.int(11, 16) * MIN;
  const parted = (t: number): boolean => t >= partStart && t < healT;

  const dbIp = ipIn(r, "10.20.1");
  const invRs = r.rsHash();
  const inv = [0, 1, 2].map((i) => ({
    pod: `inventory-svc-${invRs}-${r.podSuffix()}`,
    zone: i === 0 ? "eu-west-1a" : "eu-west-1b",
    ip: i === 0 ? ipIn(r, "10.20.1") : ipIn(r, "10.20.2"),
    node: i === 0 ? `ip-10-20-1-${r.int(2, 254)}.eu-west-1.compute.internal` : `ip-10-20-2-${r.int(2, 254)}.eu-west-1.compute.internal`,
    killAt: Infinity,
    upAt: -Infinity,
  }));
  // zone-b pods fail liveness a few minutes into the partition and come back after the heal
  for (const p of inv.slice(1)) {
    p.killAt = partStart + r.int(150, 260) * 1000;
    p.upAt = healT + r.int(70, 200) * 1000;
  }
  const down = (i: number, t: number): boolean => {
    const p = inv[i];
    return !!p && t >= p.killAt && t < p.upAt;
  };
  /** outcome of one gRPC attempt from zone a */
  const attempt = (i: number, t: number): "ok" | "timeout" | "refused" => {
    if (i === 0) return "ok";
    if (parted(t)) return "timeout";
    if (down(i, t)) return "refused";
    return "ok";
  };

  // ------------------------------------------------------------ inventory-svc (zap)
  const grpcLine = (t: number, i: number, method: string, code: string, ms: number, lbl: Label, peer: string): void => {
    const lv = code === "OK" || code === "NotFound" ? "info" : code === "DeadlineExceeded" ? "warn" : "error";
    sink.add(
      t,
      zap(t, lv, `finished unary call with code ${code}`, {
        logger: "grpc",
        caller: "zap/options.go:212",
        fields: {
          "grpc.start_time": isoOff(t - ms, 9, 0).replace("+00:00", "Z"),
          system: "grpc",
          "span.kind": "server",
          "grpc.service": "inventory.v1.Inventory",
          "grpc.method": method,
          "peer.address": peer,
          "grpc.code": code,
          "grpc.time_ms": round(ms, 3),
          pod: inv[i]?.pod,
          zone: inv[i]?.zone,
        },
      }),
      lbl,
    );
  };
  // callers inside each zone (order-svc and friends, not in this extract)
  inv.forEach((p, i) => {
    for (const t of arrivals(r, T0, T1, 2.6)) {
      if (down(i, t)) continue;
      const method = r.pick(["GetStock", "GetStock", "Reserve", "Release"]);
      const peer = `${ipIn(r, i === 0 ? "10.20.1" : "10.20.2")}:${r.int(30000, 60000)}`;
      if (i > 0 && parted(t)) {
        // the database is in the other zone
        const te = t + 2000;
        sink.add(
          te - 1,
          zap(te - 1, "error", "query stock levels", {
            logger: "store",
            caller: "store/postgres.go:77",
            fields: {
              pod: p.pod,
              error: `failed to connect to \`host=${dbIp} user=inventory database=inventory\`: dial error (dial tcp ${dbIp}:5432: i/o timeout)`,
            },
          }),
          "performance",
        );
        grpcLine(te, i, method, "DeadlineExceeded", 2000 + r.float(0, 3), "performance", peer);
        continue;
      }
      grpcLine(t, i, method, method === "GetStock" && r.chance(0.03) ? "NotFound" : "OK", r.logn(method === "GetStock" ? 1.8 : 4.5, 0.4), null, peer);
    }
    // health/liveness from the pod's own perspective
    if (i > 0) {
      for (const t of ticks(r, partStart + 5000, p.killAt, 10000, 200)) {
        sink.add(
          t,
          zap(t, "warn", "health check failed", {
            logger: "health",
            caller: "health/handler.go:41",
            fields: { pod: p.pod, check: "postgres", error: `dial tcp ${dbIp}:5432: i/o timeout` },
          }),
          "performance",
        );
      }
    }
  });
  // liveness kills and crash loop of zone-b pods
  inv.slice(1).forEach((p) => {
    const ev = (t: number, type: "Normal" | "Warning", reason: string, msg: string, count: number, lbl: Label): void => {
      sink.add(
        t,
        k8sEvent(t, {
          type,
          reason,
          message: msg,
          kind: "Pod",
          name: p.pod,
          ns: "commerce",
          component: "kubelet",
          host: p.node,
          uidSeed: r.uuid(),
          fieldPath: "spec.containers{inventory-svc}",
          count,
          firstT: p.killAt - 30000,
        }),
        lbl,
      );
    };
    for (let k = 0; k < 3; k++)
      ev(p.killAt - 30000 + k * 10000, "Warning", "Unhealthy", `Liveness probe failed: HTTP probe failed with statuscode: 503`, k + 1, "error");
    ev(p.killAt, "Normal", "Killing", "Container inventory-svc failed liveness probe, will be restarted", 1, "error");
    // restarts: each start fails to reach the db until the heal, with back-off
    let t = p.killAt + r.int(2, 5) * 1000;
    let n = 1;
    let backoff = 10000;
    while (t < Math.min(healT - 12000, p.upAt - 15000)) {
      ev(t, "Normal", "Pulled", 'Container image "registry.acme.internal/commerce/inventory-svc:5.2.0" already present on machine', n, null);
      ev(t + 300, "Normal", "Started", "Started container inventory-svc", n, null);
      sink.add(
        t + 900,
        zap(t + 900, "info", "starting inventory-svc", {
          logger: "main",
          caller: "cmd/inventory/main.go:48",
          fields: { pod: p.pod, version: "5.2.0", zone: p.zone },
        }),
      );
      sink.add(
        t + 10950,
        zap(t + 10950, "fatal", "cannot connect to database", {
          logger: "main",
          caller: "cmd/inventory/main.go:71",
          fields: {
            pod: p.pod,
            error: `failed to connect to \`host=${dbIp} user=inventory database=inventory\`: dial error (dial tcp ${dbIp}:5432: i/o timeout)`,
          },
        }),
        "error",
      );
      t += 11000;
      ev(t + 200, "Warning", "BackOff", `Back-off restarting failed container inventory-svc in pod ${p.pod}_commerce(${r.uuid()})`, n, "error");
      t += backoff;
      backoff = Math.min(backoff * 2, 160000);
      n++;
    }
    const tu = p.upAt;
    ev(tu - 1500, "Normal", "Pulled", 'Container image "registry.acme.internal/commerce/inventory-svc:5.2.0" already present on machine', n, null);
    ev(tu - 1200, "Normal", "Started", "Started container inventory-svc", n, null);
    sink.add(
      tu - 600,
      zap(tu - 600, "info", "starting inventory-svc", {
        logger: "main",
        caller: "cmd/inventory/main.go:48",
        fields: { pod: p.pod, version: "5.2.0", zone: p.zone },
      }),
    );
    sink.add(
      tu - 200,
      zap(tu - 200, "info", "connected to database", { logger: "store", caller: "store/postgres.go:40", fields: { pod: p.pod, host: dbIp, pool_max: 20 } }),
    );
    sink.add(tu, zap(tu, "info", "grpc server listening", { logger: "main", caller: "cmd/inventory/main.go:102", fields: { pod: p.pod, addr: ":7443" } }));
  });

  // ------------------------------------------------------------ cart-svc (.NET, ECS) + gateway (nginx JSON), zone a
  const cartRs = r.rsHash();
  const carts = [0, 1].map(() => `cart-svc-${cartRs}-${r.podSuffix()}`);
  const cartIp = new Map(carts.map((c) => [c, ipIn(r, "10.20.1")]));
  const cartLog = (
    t: number,
    lv: "info" | "warn" | "error",
    host: string,
    logger: string,
    msg: string,
    extra?: F,
    err?: { type: string; message: string; stack: string },
  ): F => ecsDotnet(t, lv, "cart-svc", host, logger, msg, extra, err);
  const rpcErr = (kind: "timeout" | "refused", ip: string): { type: string; message: string; stack: string } =>
    kind === "timeout"
      ? {
          type: "Grpc.Core.RpcException",
          message: 'Status(StatusCode="DeadlineExceeded", Detail="")',
          stack:
            'Grpc.Core.RpcException: Status(StatusCode="DeadlineExceeded", Detail="")\n   at Grpc.Net.Client.Internal.HttpClientCallInvoker.BlockingUnaryCall[TRequest,TResponse](Method`2 method, String host, CallOptions options, TRequest request)\n   at Inventory.V1.Inventory.InventoryClient.ReserveAsync(ReserveRequest request, CallOptions options)\n   at Cart.Api.Services.InventoryGateway.ReserveAsync(CartLine line, CancellationToken ct) in /src/Cart.Api/Services/InventoryGateway.cs:line 57',
        }
      : {
          type: "Grpc.Core.RpcException",
          message: `Status(StatusCode="Unavailable", Detail="Error connecting to subchannel.", DebugException="System.Net.Sockets.SocketException (111): Connection refused")`,
          stack: `Grpc.Core.RpcException: Status(StatusCode="Unavailable", Detail="Error connecting to subchannel.", DebugException="System.Net.Sockets.SocketException (111): Connection refused")\n ---> System.Net.Sockets.SocketException (111): Connection refused\n   at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error, CancellationToken cancellationToken)\n   at Grpc.Net.Client.Balancer.Internal.SocketConnectivitySubchannelTransport.TryConnectAsync(ConnectContext context) [${ip}:7443]\n   at Cart.Api.Services.InventoryGateway.ReserveAsync(CartLine line, CancellationToken ct) in /src/Cart.Api/Services/InventoryGateway.cs:line 57`,
        };

  for (const t of arrivals(r, T0, T1, 12.5)) {
    const host = r.pick(carts);
    const kind = r.weighted([
      ["add", 35],
      ["get", 45],
      ["remove", 10],
      ["promo", 10],
    ] as const);
    const method = kind === "get" ? "GET" : kind === "remove" ? "DELETE" : "POST";
    const cartId = r.uuid();
    const path =
      kind === "get"
        ? `/api/cart/${cartId}`
        : kind === "add"
          ? `/api/cart/${cartId}/items`
          : kind === "remove"
            ? `/api/cart/${cartId}/items/${r.int(1, 9)}`
            : `/api/cart/${cartId}/promo`;
    let ms = r.logn(kind === "get" ? 9 : 18, 0.4);
    let status = kind === "promo" && r.chance(0.15) ? 422 : 200;
    let lbl: Label = null;
    const calls = kind === "add" || kind === "get";
    if (calls) {
      const rpc = kind === "add" ? "Reserve" : "GetStock";
      let outcome: "ok" | "timeout" | "refused" = "ok";
      let sawTimeout = false;
      let sawRefused = false;
      let tt = t + 2;
      for (let a = 0; a < 3; a++) {
        const i = r.int(0, 2);
        outcome = attempt(i, tt);
        if (outcome === "ok") {
          const sm = r.logn(rpc === "GetStock" ? 1.8 : 4.5, 0.4);
          grpcLine(tt + sm, i, rpc, "OK", sm, null, `${ipIn(r, "10.20.1")}:${r.int(30000, 60000)}`);
          tt += sm + 1;
          break;
        }
        const ip = inv[i]?.ip ?? "";
        if (outcome === "timeout") {
          sawTimeout = true;
          tt += 2000;
        } else {
          sawRefused = true;
          tt += r.float(0.5, 2);
        }
        if (a < 2) {
          const wait = 200 * 2 ** a;
          sink.add(
            tt,
            cartLog(
              tt,
              "warn",
              host,
              "Polly",
              `Execution attempt. Source: 'InventoryClient/Inventory-Retry/Retry', Operation Key: '${rpc}', Result: '${outcome === "timeout" ? "DeadlineExceeded" : "Unavailable"}', Handled: 'True', Attempt: '${a}', Execution Time: ${outcome === "timeout" ? "2000.4" : round(r.float(0.6, 2.5), 4)}ms`,
              { labels: { RetryDelayMs: String(wait), Upstream: `${ip}:7443` } },
            ),
            outcome === "timeout" ? "performance" : "error",
          );
          tt += wait;
        }
      }
      ms += tt - t;
      if (outcome !== "ok") {
        const e = rpcErr(outcome, inv[r.int(1, 2)]?.ip ?? "");
        const isT = outcome === "timeout";
        status = isT ? 504 : 503;
        lbl = isT ? "performance" : "error";
        sink.add(
          tt,
          cartLog(
            tt,
            "error",
            host,
            "Cart.Api.Services.InventoryGateway",
            `Inventory ${rpc} failed for cart ${cartId} after 3 attempts`,
            { labels: { CartId: cartId } },
            e,
          ),
          lbl,
        );
      } else if (sawTimeout) lbl = "performance";
      else if (sawRefused) lbl = null;
    }
    const end = t + ms;
    sink.add(
      end,
      cartLog(
        end,
        status >= 500 ? "error" : "info",
        host,
        "Serilog.AspNetCore.RequestLoggingMiddleware",
        `HTTP ${method} ${path} responded ${status} in ${ms.toFixed(4)} ms`,
        { http: { request: { method }, response: { status_code: status } }, url: { path }, event: { duration: Math.round(ms * 1e6) } },
      ),
      lbl,
    );
    sink.add(
      end + 1,
      {
        time: isoOff(end + 1, 0, 0),
        remote_addr: ipPublic(r),
        request: `${method} ${path} HTTP/1.1`,
        status: status,
        body_bytes_sent: status === 200 ? r.int(300, 4000) : r.int(50, 200),
        request_time: round((ms + 1) / 1000, 3),
        upstream_response_time: String(round(ms / 1000, 3)),
        upstream_addr: `${cartIp.get(host) ?? ""}:8080`,
        http_user_agent: r.pick(BROWSER_UAS),
        host: "api.shop.example.com",
        zone: "eu-west-1a",
      },
      lbl,
    );
  }
  // routine .NET noise: clients going away mid-request
  for (const t of arrivals(r, T0, T1, 0.12)) {
    const host = r.pick(carts);
    sink.add(
      t,
      cartLog(
        t,
        "warn",
        host,
        "Microsoft.AspNetCore.Server.Kestrel",
        `Connection id "0HN${r.b62(10).toUpperCase()}", Request id "0HN${r.b62(10).toUpperCase()}:00000002": An unhandled exception was thrown by the application. The client has disconnected`,
        {},
        {
          type: "System.Threading.Tasks.TaskCanceledException",
          message: "A task was canceled.",
          stack:
            "System.Threading.Tasks.TaskCanceledException: A task was canceled.\n   at Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.Http1OutputProducer.FlushAsync()",
        },
      ),
    );
  }

  // ------------------------------------------------------------ consul (hclog JSON) on six nodes, three per zone
  const cnodes = [0, 1, 2, 3, 4, 5].map((i) => ({ name: `ip-10-20-${i < 3 ? 1 : 2}-${r.int(2, 254)}`, zone: i < 3 ? "a" : "b" }));
  const cl = (t: number, lv: "info" | "warn" | "error", node: string, module: string, msg: string, lbl: Label): void => {
    sink.add(t, { ...hclog(t, lv, module, msg), node }, lbl);
  };
  for (const n of cnodes) {
    for (const t of ticks(r, T0, T1, r.int(12, 18) * MIN, 60000)) cl(t, "info", n.name, "agent", "Synced node info", null);
  }
  const legacy = cnodes[0];
  if (legacy)
    for (const t of ticks(r, T0, T1, 5 * MIN, 2000))
      cl(t, "warn", legacy.name, "agent", `Check is now critical: check=service:legacy-reports-${r.int(1, 2)}:1`, null);
  for (const n of cnodes) {
    const others = cnodes.filter((o) => o.zone !== n.zone);
    for (const o of others) {
      const ts = partStart + r.int(4, 30) * 1000;
      cl(ts, "info", n.name, "agent.client.memberlist.lan", `memberlist: Suspect ${o.name} has failed, no acks received`, "error");
      if (r.chance(0.5)) {
        const tm = ts + r.int(6, 20) * 1000;
        cl(
          tm,
          "info",
          n.name,
          "agent.client.memberlist.lan",
          `memberlist: Marking ${o.name} as failed, suspect timeout reached (0 peer confirmations)`,
          "error",
        );
      }
      const tf = ts + r.int(20, 40) * 1000;
      cl(tf, "info", n.name, "agent.client.serf.lan", `serf: EventMemberFailed: ${o.name} ${o.name.replace("ip-", "").replace(/-/g, ".")}`, "error");
      const tj = healT + r.int(5, 40) * 1000;
      cl(tj, "info", n.name, "agent.client.serf.lan", `serf: EventMemberJoin: ${o.name} ${o.name.replace("ip-", "").replace(/-/g, ".")}`, null);
    }
    for (const t of arrivals(r, partStart + 30000, healT, 0.6)) {
      cl(
        t,
        "error",
        n.name,
        "agent.client.memberlist.lan",
        `memberlist: Failed to send indirect UDP ping to ${r.pick(others).name}: i/o timeout`,
        "performance",
      );
    }
  }

  // ------------------------------------------------------------ postgres (zone a)
  for (const t of ticks(r, T0, T1, 5 * MIN, 0)) {
    sink.add(t, pgJson(t, "LOG", "checkpoint starting: time", { pid: 71, backend: "checkpointer" }));
    sink.add(
      t + 60000,
      pgJson(
        t + 60000,
        "LOG",
        `checkpoint complete: wrote ${r.int(300, 2000)} buffers (${round(r.float(0.2, 1.5), 1)}%); 0 WAL file(s) added, 0 removed, 0 recycled; write=${round(r.float(50, 60), 3)} s, sync=0.00${r.int(1, 9)} s, total=${round(r.float(60, 61), 3)} s; sync files=${r.int(10, 40)}, longest=0.001 s, average=0.001 s; distance=${r.int(2000, 9000)} kB, estimate=${r.int(5000, 9000)} kB`,
        { pid: 71, backend: "checkpointer" },
      ),
    );
  }
  for (const t of arrivals(r, T0, T1, 0.1)) {
    sink.add(
      t,
      pgJson(t, "LOG", "could not receive data from client: Connection reset by peer", {
        pid: r.int(20000, 40000),
        backend: "client backend",
        user: "cart",
        db: "cart",
        remote: ipIn(r, "10.20.1"),
        app: "cart-svc",
      }),
    );
  }
  for (const p of inv.slice(1)) {
    for (let k = 0; k < r.int(3, 6); k++) {
      const t = partStart + r.int(125, 400) * 1000;
      sink.add(
        t,
        pgJson(t, "LOG", "could not receive data from client: Connection timed out", {
          pid: r.int(20000, 40000),
          backend: "client backend",
          user: "inventory",
          db: "inventory",
          remote: p.ip,
          app: "inventory-svc",
        }),
        "performance",
      );
    }
  }

  // ------------------------------------------------------------ wms-poller (zone b, external WMS; unaffected)
  for (const t of ticks(r, T0, T1, 30000, 1500)) {
    sink.add(
      t,
      structlog(t, "info", "polled wms", { skus_changed: r.int(0, 40), page_count: 1, elapsed_ms: r.int(80, 300), zone: "eu-west-1b" }, "wms_poller"),
    );
  }

  // ------------------------------------------------------------ node syslog, both zones
  for (const n of cnodes) {
    for (const t of arrivals(r, T0, T1, 0.15)) {
      sink.add(t, rsyslog(t, n.name, "info", "daemon", "chronyd", String(r.int(500, 900)), `Selected source 169.254.169.123`));
    }
  }

  return sink.build(
    "zone-partition-inventory-timeouts",
    "A partition between two availability zones: cart-svc's calls to inventory pods in the other zone time out and retry, those pods lose their database and crash-loop, then calls are refused until they recover; Consul marks the other zone failed.",
  );
}
