// s10 (the small incident, 300-600 lines): a monthly payroll run in a .NET worker logging through
// Serilog's CompactJsonFormatter (CLEF: @t with 7 fractional digits, @mt template, @l omitted for
// Information, @x exception, @r renderings of formatted properties, @tr/@sp trace and span ids).
// Incident: shortly after the run starts, the fiscal-year rollover invalidates the cached tax tables;
// the new year's PAYE table is missing on the tax-table service (404), every fetch is slow or fails,
// Polly retries, and almost every remaining employee fails: most of the window is anomalous.
// Healthy medians: tax-table fetch 15 ms, net-pay calculation 11 ms, health checks 4 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { MIN, SEC, Rng, Timeline, every, hashSeed, healthy, iso, round, slow, startTime } from "./rng.js";

export function s10PayrollRunTaxTableCollapse(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s10-payroll"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 3, 5, 22, 0));
  const end = start + 60 * MIN;
  const runStart = start + rng.float(8, 14) * MIN;
  const runId = `PR-2025-04-${rng.int(100, 999)}`;
  const batchId = `LB-${rng.digits(7)}`;
  const period = "2025-04";
  const regions = ["ENG", "SCO", "WAL", "NIR"] as const;

  const clef = (
    t: number,
    mt: string,
    props: Record<string, unknown>,
    opts: { l?: string; x?: string; r?: string[]; trace?: boolean },
    label: AnomalyType | null,
  ) => {
    const o: Record<string, unknown> = { "@t": iso(t, 6).replace("Z", `${rng.int(0, 9)}Z`), "@mt": mt };
    if (opts.l) o["@l"] = opts.l;
    if (opts.x) o["@x"] = opts.x;
    if (opts.r) o["@r"] = opts.r;
    if (opts.trace) {
      o["@tr"] = rng.hex(32);
      o["@sp"] = rng.hex(16);
    }
    Object.assign(o, props, { MachineName: "PAYROLL-WRK-02", Application: "payroll-engine", Environment: "Production" });
    tl.add(t, o, label);
  };

  // host lifetime lines and health checks over the whole hour
  clef(start + rng.float(1, 5) * SEC, "Application started. Press Ctrl+C to shut down.", { SourceContext: "Microsoft.Hosting.Lifetime" }, {}, null);
  clef(start + rng.float(6, 9) * SEC, "Hosting environment: {EnvName}", { EnvName: "Production", SourceContext: "Microsoft.Hosting.Lifetime" }, {}, null);
  const checks = ["payroll-db", "taxtables", "ledger-api"] as const;
  let brokenAt = Number.POSITIVE_INFINITY;
  every(rng, start, end, MIN, 2 * SEC, (t, i) => {
    const name = checks[i % checks.length] ?? "payroll-db";
    if (name === "taxtables" && t > brokenAt) {
      clef(
        t,
        "Health check {HealthCheckName} completed after {ElapsedMilliseconds}ms with status {HealthStatus} and description '{HealthCheckDescription}'",
        {
          HealthCheckName: name,
          ElapsedMilliseconds: round(healthy(rng, 4), 4),
          HealthStatus: "Unhealthy",
          HealthCheckDescription: "GET /api/v2/paye/2025-26/ENG returned 404",
          EventId: { Id: 103, Name: "HealthCheckEnd" },
          SourceContext: "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService",
        },
        { l: "Error" },
        "error",
      );
      return;
    }
    clef(
      t,
      "Health check {HealthCheckName} completed after {ElapsedMilliseconds}ms with status {HealthStatus} and description '{HealthCheckDescription}'",
      {
        HealthCheckName: name,
        ElapsedMilliseconds: round(healthy(rng, 4), 4),
        HealthStatus: "Healthy",
        HealthCheckDescription: "(null)",
        EventId: { Id: 103, Name: "HealthCheckEnd" },
        SourceContext: "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService",
      },
      {},
      null,
    );
  });

  // the run
  const employees: string[] = [];
  const n = rng.int(185, 225);
  for (let i = 0; i < n; i++) employees.push(`E${rng.int(10000, 99999)}`);
  let t = runStart;
  clef(
    t,
    "Payroll run {RunId} started for period {Period} ({EmployeeCount} employees)",
    { RunId: runId, Period: period, EmployeeCount: n, SourceContext: "Payroll.Engine.RunCoordinator" },
    { trace: true },
    null,
  );
  t += rng.float(1, 2) * SEC;
  const loadMs = healthy(rng, 420);
  clef(
    t,
    "Loaded {Count} employees from {Source} in {Elapsed:0.00} ms",
    { Count: n, Source: "HRIS snapshot 2025-04-04T23:00Z", Elapsed: loadMs, RunId: runId, SourceContext: "Payroll.Engine.EmployeeLoader" },
    { r: [loadMs.toFixed(2)], trace: true },
    null,
  );
  for (const reg of regions) {
    t += rng.float(0.05, 0.2) * SEC;
    const uri = `https://taxtables.internal/api/v2/paye/2024-25/${reg}`;
    clef(
      t,
      "Start processing HTTP request {HttpMethod} {Uri}",
      {
        HttpMethod: "GET",
        Uri: uri,
        EventId: { Id: 100, Name: "RequestPipelineStart" },
        SourceContext: "System.Net.Http.HttpClient.TaxTables.LogicalHandler",
        RunId: runId,
      },
      { trace: true },
      null,
    );
    const e = healthy(rng, 15);
    t += e;
    clef(
      t,
      "End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}",
      {
        ElapsedMilliseconds: round(e, 4),
        StatusCode: 200,
        EventId: { Id: 101, Name: "RequestPipelineEnd" },
        SourceContext: "System.Net.Http.HttpClient.TaxTables.LogicalHandler",
        RunId: runId,
      },
      { trace: true },
      null,
    );
  }
  t += rng.float(0.5, 1) * SEC;
  clef(
    t,
    "Opened ledger batch {BatchId} for run {RunId}",
    { BatchId: batchId, RunId: runId, SourceContext: "Payroll.Ledger.LedgerClient" },
    { trace: true },
    null,
  );

  const breakIdx = Math.floor(n * rng.float(0.15, 0.25));
  let failed = 0;
  employees.forEach((emp, idx) => {
    t += rng.float(2, 7) * SEC;
    const region = rng.weighted([
      ["ENG", 80],
      ["SCO", 10],
      ["WAL", 7],
      ["NIR", 3],
    ] as const);
    if (idx === breakIdx) {
      brokenAt = t;
      clef(
        t,
        "Tax table cache invalidated: fiscal year rollover detected ({OldYear} -> {NewYear}) for pay date {PayDate}",
        { OldYear: "2024-25", NewYear: "2025-26", PayDate: "2025-04-25", RunId: runId, SourceContext: "Payroll.Tax.TaxTableCache" },
        { l: "Warning", trace: true },
        "pattern",
      );
      t += rng.float(0.2, 1) * SEC;
    }
    if (idx < breakIdx) {
      if (rng.chance(0.08)) {
        clef(
          t,
          "Employee {EmployeeId} has no approved timesheet for {Period}; using contracted hours",
          { EmployeeId: emp, Period: period, RunId: runId, SourceContext: "Payroll.Engine.TimesheetResolver" },
          { l: "Warning", trace: true },
          null,
        );
        t += rng.float(10, 60);
      }
      const gross = rng.float(1800, 7200);
      const net = gross * rng.float(0.68, 0.8);
      const el = healthy(rng, 11);
      clef(
        t,
        "Calculated net pay for {EmployeeId}: gross {Gross:0.00}, net {Net:0.00} in {Elapsed:0.00} ms",
        { EmployeeId: emp, Gross: gross, Net: net, Elapsed: el, Region: region, RunId: runId, SourceContext: "Payroll.Engine.NetPayCalculator" },
        { r: [gross.toFixed(2), net.toFixed(2), el.toFixed(2)], trace: true },
        null,
      );
      return;
    }
    // after the break: every employee needs the 2025-26 table and the fetch fails
    const slowOne = rng.chance(0.6);
    const e = slowOne ? slow(rng, 15, 60, 500) : healthy(rng, 15);
    t += e;
    clef(
      t,
      "End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}",
      {
        ElapsedMilliseconds: round(e, 4),
        StatusCode: 404,
        EventId: { Id: 101, Name: "RequestPipelineEnd" },
        SourceContext: "System.Net.Http.HttpClient.TaxTables.LogicalHandler",
        RunId: runId,
        EmployeeId: emp,
      },
      { trace: true },
      slowOne ? "performance" : "error",
    );
    if (rng.chance(0.3)) {
      t += rng.float(200, 600);
      const ex = healthy(rng, 15);
      clef(
        t,
        "Execution attempt. Source: '{PipelineName}/{PipelineInstance}/{StrategyName}', Operation Key: '{OperationKey}', Result: '{Result}', Handled: '{Handled}', Attempt: '{NumberOfAttempts}', Execution Time: {ExecutionTimeMs}ms",
        {
          PipelineName: "TaxTables-standard",
          PipelineInstance: "",
          StrategyName: "Standard-Retry",
          OperationKey: "",
          Result: "404",
          Handled: true,
          NumberOfAttempts: 1,
          ExecutionTimeMs: round(ex, 4),
          EventId: { Id: 3, Name: "ExecutionAttempt" },
          SourceContext: "Polly",
          RunId: runId,
        },
        { l: "Warning", trace: true },
        "error",
      );
    }
    failed++;
    t += rng.float(5, 40);
    clef(
      t,
      "Failed to calculate net pay for {EmployeeId} in run {RunId}",
      { EmployeeId: emp, RunId: runId, Region: region, SourceContext: "Payroll.Engine.NetPayCalculator" },
      {
        l: "Error",
        x: `Payroll.Tax.TaxTableNotFoundException: No PAYE table for tax year 2025-26 (region ${region})\n   at Payroll.Tax.TaxTableCache.GetAsync(String taxYear, String region, CancellationToken ct) in /src/Payroll.Tax/TaxTableCache.cs:line 88\n   at Payroll.Engine.NetPayCalculator.CalculateAsync(Employee employee, PayPeriod period, CancellationToken ct) in /src/Payroll.Engine/NetPayCalculator.cs:line 141\n   at Payroll.Engine.RunCoordinator.ProcessEmployeeAsync(Employee employee, CancellationToken ct) in /src/Payroll.Engine/RunCoordinator.cs:line 203`,
        trace: true,
      },
      "error",
    );
    if (failed === 10) {
      t += rng.float(100, 400);
      clef(
        t,
        "Run {RunId} switched to continue-on-error mode after {FailedCount} consecutive failures; ledger posting deferred",
        { RunId: runId, FailedCount: failed, SourceContext: "Payroll.Engine.RunCoordinator" },
        { l: "Warning", trace: true },
        "pattern",
      );
    }
  });
  t += rng.float(2, 5) * SEC;
  clef(
    t,
    "Payroll run {RunId} finished: {SucceededCount} succeeded, {FailedCount} failed of {EmployeeCount}; ledger batch {BatchId} not posted",
    { RunId: runId, SucceededCount: n - failed, FailedCount: failed, EmployeeCount: n, BatchId: batchId, SourceContext: "Payroll.Engine.RunCoordinator" },
    { l: "Error", trace: true },
    "error",
  );
  clef(
    t + rng.float(50, 200),
    "Run {RunId} status changed from {FromStatus} to {ToStatus}",
    { RunId: runId, FromStatus: "Running", ToStatus: "NeedsReview", SourceContext: "Payroll.Engine.RunStateStore" },
    { trace: true },
    "pattern",
  );
  clef(
    t + rng.float(300, 900),
    "Notified {Recipients} about run {RunId}",
    { Recipients: "payroll-ops@harbourmutual.example", RunId: runId, SourceContext: "Payroll.Notifications.Mailer" },
    { trace: true },
    null,
  );

  return tl.build(
    "payroll-run-tax-table-rollover-collapse",
    "Payroll run (.NET, Serilog CLEF): a fiscal-year rollover invalidates cached tax tables, the new table 404s, fetches crawl or fail and nearly every employee's calculation fails.",
  );
}
