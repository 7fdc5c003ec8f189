// t01: an intranet nginx gateway keeps a location for a reports backend that was retired months
// ago; a lobby kiosk and an old uptime probe still poll it, so every poll logs a resolver
// failure (Vector's parse_nginx_log output with Kubernetes metadata, second resolution). Routine.
// The real incident is elsewhere: after a deploy, payroll-api cannot find its payslip PDF
// template and answers 500 on one route for a few minutes (Serilog compact JSON).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, floorS, iso7, isoNs, isoS, opening, span, steady } from "./util.js";

export default function t01(seed: number): Scenario {
  const k = new Kit(seed, "t01");
  const t0 = opening(seed, "t01");
  const t1 = t0 + 90 * MIN;
  const tl = new Timeline();
  const hash = k.hex(9);
  const gwPods = [0, 1].map(() => `intranet-gw-${hash}-${k.alnum(5)}`);
  const legacy = k.pick(["legacy-reports", "reports-v1", "bi-reports-old"]);
  const host = `${legacy}.intranet.svc.cluster.local`;
  const probes = [
    { ip: k.ip("10.42.7"), path: `/legacy/${k.pick(["reports", "kpi"])}/ping` },
    { ip: k.ip("10.42.0"), path: "/legacy/reports/health" },
  ];
  const kube = (pod: string) => ({
    pod_name: pod,
    pod_namespace: "intranet",
    container_name: "nginx",
    pod_labels: { app: "intranet-gw", "pod-template-hash": hash },
    pod_node_name: `worker-${k.int(1, 9)}`,
  });
  let cid = k.int(20_000, 90_000);
  const nginx = (t: number, severity: string, message: string, client: string, request: string) => {
    const pid = k.int(29, 32);
    return {
      client,
      cid: cid++,
      host: "intranet.corp.example",
      message,
      pid,
      request,
      server: "intranet.corp.example",
      severity,
      source_type: "kubernetes_logs",
      stream: "stderr",
      tid: pid,
      timestamp: isoS(t),
      kubernetes: kube(k.pick(gwPods)),
    };
  };

  // The routine flood: every poll of the retired location fails to resolve (nginx second stamps).
  steady(k, t0, t1, 2.4 * SEC, (t) => {
    const p = k.pick(probes);
    const s = floorS(t);
    tl.add(s, nginx(s, "error", `${host} could not be resolved (3: Host not found)`, p.ip, `GET ${p.path} HTTP/1.1`));
  });
  // Occasional ordinary nginx warning: uploads buffered to disk.
  steady(k, t0, t1, 100 * SEC, (t) => {
    const s = floorS(t);
    const body = `a client request body is buffered to a temporary file /var/cache/nginx/client_temp/${String(k.int(1, 9_999_999)).padStart(10, "0")}`;
    tl.add(s, nginx(s, "warn", body, k.ip("10.42.3"), "POST /expenses/api/receipts HTTP/2.0"));
  });

  // payroll-api: Serilog compact JSON request logging, healthy.
  const routes = [
    { m: "GET", p: () => `/api/payslips/2025-${String(k.int(1, 10)).padStart(2, "0")}`, lo: 18, hi: 90 },
    { m: "GET", p: () => `/api/employees/${k.int(10_000, 99_999)}`, lo: 8, hi: 40 },
    { m: "POST", p: () => "/api/timesheets", lo: 30, hi: 140 },
    { m: "GET", p: () => "/api/leave/balance", lo: 10, hi: 55 },
  ] as const;
  const [b0, b1] = span(k, t0, t1, k.int(6, 9) * MIN);
  const serilogReq = (t: number, method: string, path: string, status: number, elapsed: number) => ({
    "@t": iso7(t),
    "@mt": "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
    "@r": [elapsed.toFixed(4)],
    ...(status >= 500 ? { "@l": "Error" } : {}),
    RequestMethod: method,
    RequestPath: path,
    StatusCode: status,
    Elapsed: elapsed,
    SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
    RequestId: `0HN${k.alnum(9).toUpperCase()}:0000000${k.int(1, 9)}`,
    Application: "payroll-api",
  });
  steady(k, t0, t1, 4 * SEC, (t) => {
    const r = k.pick(routes);
    tl.add(t, serilogReq(t, r.m, r.p(), r.m === "POST" ? 201 : 200, k.num(r.lo, r.hi, 4)));
  });
  // Incident: the payslip PDF route fails after a deploy that dropped the report template.
  const template = `/app/Templates/payslip-${k.pick(["2025", "v7", "de-DE"])}.frx`;
  steady(k, b0, b1, 3 * SEC, (t) => {
    const emp = k.int(10_000, 99_999);
    const path = `/api/payslips/2025-${String(k.int(1, 10)).padStart(2, "0")}/${emp}/pdf`;
    tl.add(
      t,
      {
        "@t": iso7(t),
        "@mt": "Rendering payslip PDF for employee {EmployeeId} failed",
        "@l": "Error",
        "@x": `System.IO.FileNotFoundException: Could not find file '${template}'.\n   at FastReport.Report.Load(String fileName)\n   at Payroll.Api.Pdf.PayslipRenderer.RenderAsync(Payslip slip) in /src/Payroll.Api/Pdf/PayslipRenderer.cs:line 41`,
        EmployeeId: emp,
        SourceContext: "Payroll.Api.Pdf.PayslipRenderer",
        Application: "payroll-api",
      },
      "error",
    );
    const tr = t + k.int(1, 4);
    tl.add(tr, serilogReq(tr, "GET", path, 500, k.num(9, 35, 4)), "error");
  });

  // wiki: Go log/slog JSONHandler (integer duration in nanoseconds), healthy.
  const spaces = ["ENG", "HR", "IT", "FIN", "OPS"];
  steady(k, t0, t1, 6 * SEC, (t) => {
    const view = k.chance(0.85);
    tl.add(t, {
      time: isoNs(t),
      level: "INFO",
      msg: "request",
      service: "wiki",
      method: view ? "GET" : "PUT",
      path: `/wiki/spaces/${k.pick(spaces)}/pages/${k.int(100_000, 999_999)}`,
      status: 200,
      duration: k.int(view ? 14 : 40, view ? 95 : 220) * 1_000_000 + k.int(0, 999_999),
    });
  });

  return tl.build(
    "t01-intranet-legacy-resolver",
    "Kiosk and probe keep polling a retired nginx location (resolver failures, routine); payroll-api's payslip PDF route fails for minutes after a deploy",
  );
}
