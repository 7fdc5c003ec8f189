// s07: a university learning-management system on .NET with Serilog's compact JSON (CLEF:
// @t, @m or @mt, @l only when not Information, properties alongside). Nothing fails loudly.
// Four kinds of unusual INFO line recur about a dozen times each: a grade-recalculation
// snapshot dumped into a 600-1,500 character message, an EF Core command with 100+ literal
// student ids, the SSO signing certificate expiring in 0 days, and feature flags flipped by
// an actor nobody knows. The bulk recalculation also makes a few gradebook requests slow.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, every, iso, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function lmsUnusualInfo(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s07-lms-unusual-info"));
  const tl = new Timeline();
  const start = baseTime(r, 7, 15);
  const end = start + r.int(170, 240) * MIN;
  const vol = r.float(0.85, 1.15);
  const tUnknown = start + (end - start) * r.float(0.2, 0.4);
  const courses = Array.from({ length: 30 }, () => `${r.pick(["CS", "MATH", "PHYS", "HIST", "ECON", "BIO", "LAW", "MED"])}${r.int(101, 499)}`);
  const courseIds = courses.map(() => r.int(1000, 9999));
  const unknownActor = `${r.pick(["svc-legacy-sync", "integration-temp", "lti-bridge-old"])}@${r.pick(["campus-ext.example", "contractor.example"])}`;
  const knownActors = ["m.okafor@campus.example", "release-pipeline", "s.lindgren@campus.example"];

  // Serilog CLEF: .NET writes 7 fractional digits.
  const clefTime = (t: number) => iso(t).replace("Z", `${String(Math.floor((t % 1) * 10000)).padStart(4, "0")}Z`);
  const rendered = (t: number, app: string, ctx: string, m: string, props: Record<string, unknown>, level?: string) => {
    const rec: Record<string, unknown> = { "@t": clefTime(t), "@m": m, "@i": r.hex(8) };
    if (level) rec["@l"] = level;
    return { ...rec, ...props, SourceContext: ctx, Application: app, MachineName: `lms-${app.split(".")[1]?.toLowerCase()}-${r.int(1, 3)}` };
  };
  const compact = (t: number, app: string, ctx: string, mt: string, props: Record<string, unknown>, level?: string) => {
    const rec: Record<string, unknown> = { "@t": clefTime(t), "@mt": mt };
    if (level) rec["@l"] = level;
    return { ...rec, ...props, SourceContext: ctx, Application: app };
  };
  const clean = (o: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out;
  };
  const add = (t: number, rec: Record<string, unknown>, label: Label = null) => tl.add(t, clean(rec), label);
  const connId = () => `0HN${r.upper(10)}`;
  const el = (ms: number) => Number(ms.toFixed(4));

  // The unknown actor flips flags again and again; each "on" starts a bulk recalculation.
  const nUnknown = r.int(10, 14);
  const gap = (end - tUnknown - 6 * MIN) / nUnknown;
  const flips: [number, string, boolean][] = [];
  const recalcBursts: number[] = [];
  for (let i = 0; i < nUnknown; i++) {
    const t = tUnknown + i * gap + r.float(0, gap * 0.4);
    const on = i % 2 === 0;
    flips.push([t, i % 3 === 2 ? "Grades.ShowProvisional" : "Grades.BulkRecalculation", on]);
    if (on) recalcBursts.push(t);
  }

  // ---------- Campus.Grades.Api (rendered messages) ----------
  const gradesReq = (t: number, method: string, path: string, status: number, ms: number, label: Label = null) => {
    const cid = connId();
    add(
      t,
      rendered(
        t,
        "Campus.Grades.Api",
        "Serilog.AspNetCore.RequestLoggingMiddleware",
        `HTTP ${method} ${path} responded ${status} in ${ms.toFixed(4)} ms`,
        { RequestMethod: method, RequestPath: path, StatusCode: status, Elapsed: el(ms), RequestId: `${cid}:0000000${r.int(1, 9)}`, ConnectionId: cid },
        status >= 500 ? "Error" : status >= 400 ? "Warning" : undefined,
      ),
      label,
    );
  };
  const dbCmd = (t: number, ms: number, sql: string, params: string, label: Label = null) =>
    add(
      t,
      rendered(
        t,
        "Campus.Grades.Api",
        "Microsoft.EntityFrameworkCore.Database.Command",
        `Executed DbCommand (${Math.round(ms)}ms) [Parameters=[${params}], CommandType='Text', CommandTimeout='30']\n${sql}`,
        {
          elapsed: String(Math.round(ms)),
          commandType: "Text",
          commandTimeout: 30,
          EventId: { Id: 20101, Name: "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" },
        },
      ),
      label,
    );
  // Recalculation bursts make the gradebook slow for a while.
  for (const t of arrivals(r, start, end, 5000 / vol)) {
    const i = r.int(0, courses.length - 1);
    const cid = courseIds[i] as number;
    const k = r.next();
    if (k < 0.35) {
      const inBurst = recalcBursts.some((b) => t >= b && t < b + 2.5 * MIN);
      const slow = inBurst && r.chance(0.5);
      const ms = slow ? r.float(3200, 9500) : r.logNormal(95, 0.3);
      gradesReq(t, "GET", `/api/courses/${cid}/gradebook`, 200, ms, slow ? "performance" : null);
      if (r.chance(0.5))
        dbCmd(
          t - ms + 5,
          slow ? r.float(2800, ms - 100) : r.logNormal(18, 0.4),
          `SELECT [g].[Id], [g].[StudentId], [g].[AssessmentId], [g].[Score] FROM [Grades] AS [g] WHERE [g].[CourseId] = @__courseId_0`,
          "@__courseId_0='?' (DbType = Int32)",
          slow ? "performance" : null,
        );
    } else if (k < 0.6) {
      gradesReq(t, "GET", `/api/students/${r.int(100000, 199999)}/grades`, 200, r.logNormal(42, 0.3));
    } else if (k < 0.75) {
      const ms = r.logNormal(65, 0.3);
      gradesReq(t, "PUT", `/api/assessments/${r.int(20000, 89999)}/scores/${r.int(100000, 199999)}`, r.chance(0.04) ? 409 : 204, ms);
    } else if (k < 0.92) {
      const n = r.int(1, 8);
      const ids = Array.from({ length: n }, () => r.int(100000, 199999)).join(", ");
      dbCmd(t, r.logNormal(9, 0.6), `SELECT [s].[Id], [s].[DisplayName], [s].[Email] FROM [Students] AS [s] WHERE [s].[Id] IN (${ids})`, "");
    } else {
      gradesReq(t, "GET", `/api/courses/${cid}/gradebook/export`, r.chance(0.05) ? 401 : 200, r.logNormal(380, 0.35));
    }
  }
  for (const t of arrivals(r, start, end, 24 * MIN)) {
    add(
      t,
      rendered(
        t,
        "Campus.Grades.Api",
        "Microsoft.AspNetCore.Server.Kestrel",
        `Connection id "${connId()}", Request id "${connId()}:00000003": An unhandled exception was thrown by the application.`,
        {
          "@x": "System.Threading.Tasks.TaskCanceledException: A task was canceled.\n   at Campus.Grades.Api.Controllers.GradebookController.ExportAsync(Int32 courseId, CancellationToken ct)",
        },
        "Error",
      ),
    );
  }

  // ---------- Campus.Enrollment.Api (templates only: CompactJsonFormatter) ----------
  for (const t of arrivals(r, start, end, 10000 / vol)) {
    const i = r.int(0, courses.length - 1);
    const k = r.next();
    if (k < 0.6) {
      const path = `/api/enrollments/${courses[i]}`;
      add(
        t,
        compact(
          t,
          "Campus.Enrollment.Api",
          "Serilog.AspNetCore.RequestLoggingMiddleware",
          "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
          { RequestMethod: "GET", RequestPath: path, StatusCode: 200, Elapsed: el(r.logNormal(28, 0.3)), RequestId: `${connId()}:00000001` },
        ),
      );
    } else if (k < 0.85) {
      add(
        t,
        compact(
          t,
          "Campus.Enrollment.Api",
          "Campus.Enrollment.Services.EnrollmentService",
          "Enrollment {EnrollmentId} created for student {StudentId} in course {CourseCode}",
          { EnrollmentId: r.uuid(), StudentId: r.int(100000, 199999), CourseCode: courses[i] },
        ),
      );
    } else {
      add(
        t,
        compact(
          t,
          "Campus.Enrollment.Api",
          "Campus.Enrollment.Services.WaitlistService",
          "Student {StudentId} moved from waitlist to enrolled in {CourseCode} (position {Position})",
          { StudentId: r.int(100000, 199999), CourseCode: courses[i], Position: r.int(1, 30) },
        ),
      );
    }
  }
  for (const t of arrivals(r, start, end, 18 * MIN)) {
    add(
      t,
      compact(
        t,
        "Campus.Enrollment.Api",
        "Campus.Enrollment.Sis.RosterSync",
        "Failed to sync roster from SIS for course {CourseCode}: {StatusCode} {Reason}",
        { CourseCode: r.pick(courses), StatusCode: 404, Reason: "Not Found" },
        "Error",
      ),
    );
  }

  // ---------- Campus.Identity ----------
  for (const t of arrivals(r, start, end, 15000 / vol)) {
    const bad = r.chance(0.07);
    add(
      t,
      rendered(
        t,
        "Campus.Identity",
        "Campus.Identity.SignIn",
        bad
          ? `Sign-in failed for ${r.alnum(7)}@campus.example: invalid credentials`
          : `User ${r.int(100000, 199999)} signed in via ${r.pick(["saml", "saml", "oidc", "password"])}`,
        {},
        bad ? "Warning" : undefined,
      ),
    );
  }
  const certs: [string, number][] = [
    ["CN=lms.campus.example", r.int(40, 80)],
    ["CN=api.campus.example", r.int(90, 200)],
    ["CN=mail-relay.campus.example", r.int(20, 35)],
    ["CN=sis-bridge.campus.example", r.int(200, 360)],
  ];
  const ssoThumb = r.hex(40).toUpperCase();
  const certPeriod = Math.floor((end - start) / r.int(11, 13));
  for (const t of every(r, start, end, certPeriod, 10 * SEC)) {
    for (const [subj, days] of certs) {
      const tc = t + r.int(5, 400);
      add(
        tc,
        rendered(
          tc,
          "Campus.Identity",
          "Campus.Identity.CertificateMonitor",
          `Certificate ${subj} (thumbprint ${r.hex(40).toUpperCase()}) expires in ${days} days`,
          { Subject: subj, Days: days },
        ),
      );
    }
    const ts = t + r.int(400, 600);
    add(
      ts,
      rendered(
        ts,
        "Campus.Identity",
        "Campus.Identity.CertificateMonitor",
        `Certificate CN=sso-signing.campus.example (thumbprint ${ssoThumb}) expires in 0 days`,
        { Subject: "CN=sso-signing.campus.example", Days: 0 },
      ),
      "pattern",
    );
  }

  // ---------- Campus.Notifications.Worker ----------
  for (const t of arrivals(r, start, end, 20000 / vol)) {
    add(
      t,
      compact(t, "Campus.Notifications.Worker", "Campus.Notifications.Mail", "Sent {Template} to {RecipientCount} recipients in {ElapsedMs} ms", {
        Template: r.pick(["grade-posted", "assignment-due", "course-announcement", "enrollment-confirmed"]),
        RecipientCount: r.int(1, 240),
        ElapsedMs: r.int(90, 900),
      }),
    );
  }
  for (const t of arrivals(r, start, end, 9 * MIN)) {
    add(
      t,
      compact(
        t,
        "Campus.Notifications.Worker",
        "Campus.Notifications.Mail",
        "SMTP send to {Recipient} deferred: {Reply}",
        { Recipient: `${r.alnum(6)}@${r.pick(["gmail.com", "outlook.com", "yahoo.com"])}`, Reply: "451 4.7.1 Try again later" },
        "Warning",
      ),
    );
  }

  // ---------- feature flags ----------
  const flags = ["Grades.ShowProvisional", "Enrollment.WaitlistAutoPromote", "Notifications.Digest", "Grades.RubricV2", "Identity.PasskeyPilot"];
  for (const t of arrivals(r, start, end, 50 * MIN)) {
    const f = r.pick(flags);
    const on = r.chance(0.5);
    add(t, rendered(t, "Campus.Admin", "Campus.Admin.FeatureFlags", `Feature flag ${f} changed from ${!on} to ${on} by ${r.pick(knownActors)}`, { Flag: f }));
  }
  for (const [t, f, on] of flips) {
    add(
      t,
      rendered(t, "Campus.Admin", "Campus.Admin.FeatureFlags", `Feature flag ${f} changed from ${!on} to ${on} by ${unknownActor}`, {
        Flag: f,
        Actor: unknownActor,
      }),
      "pattern",
    );
  }
  // Bulk recalculation: huge SQL and snapshot dumps, about a dozen of each.
  const nBulk = r.int(10, 14);
  for (let i = 0; i < nBulk; i++) {
    const t0 = (flips[0] as [number, string, boolean])[0];
    const t = t0 + 40 * SEC + (i / nBulk) * (end - t0 - 3 * MIN) + r.float(0, 60) * SEC;
    const ci = r.int(0, courses.length - 1);
    const n = r.int(110, 320);
    const base = r.int(100000, 180000);
    const ids: number[] = [];
    for (let k = 0; k < n; k++) ids.push(base + k * r.int(1, 9));
    dbCmd(
      t,
      r.float(60, 320),
      `SELECT [g].[StudentId], [g].[AssessmentId], [g].[Score], [g].[Weight] FROM [Grades] AS [g] WHERE [g].[CourseId] = ${courseIds[ci]} AND [g].[StudentId] IN (${ids.join(", ")})`,
      "",
      "pattern",
    );
    const snapshot: Record<string, unknown> = {
      course: courses[ci],
      term: "2025-S2",
      trigger: "Grades.BulkRecalculation",
      students: n,
      assessments: Array.from({ length: r.int(5, 12) }, () => ({
        id: r.int(20000, 89999),
        kind: r.pick(["quiz", "lab", "midterm", "essay", "project"]),
        weight: Number(r.float(0.03, 0.25).toFixed(3)),
        mean: Number(r.float(48, 88).toFixed(2)),
        missing: r.int(0, 40),
      })),
      gradeScale: "A>=85;B>=70;C>=55;D>=45",
    };
    const text = JSON.stringify(snapshot);
    const ts = t + r.float(2, 12) * SEC;
    add(
      ts,
      rendered(ts, "Campus.Grades.Worker", "Campus.Grades.Recalculation", `Grade recalculation snapshot for ${courses[ci]}: ${text}`, {
        CourseCode: courses[ci],
        Students: n,
      }),
      "pattern",
    );
  }

  return tl.build(
    "lms-unusual-info-lines",
    "University LMS on Serilog CLEF: an unknown actor flips grading flags; huge IN-list SQL, 1,000-character snapshot messages and a certificate expiring in 0 days recur about a dozen times each, with a few slow gradebook requests.",
  );
}
