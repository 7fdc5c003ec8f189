// An ASP.NET Core claims portal logging through Serilog's Elasticsearch sink. Everything is at
// Information level; the odd part is four kinds of INFO line that recur about a dozen times each:
// full partner payload dumps, EF Core queries with hundreds of ids, a feature flag flipped again
// and again by an actor nobody knows, and a partner client certificate about to expire.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

const dotnet = (t: number) => isoMicro(t).replace("+00:00", "0+00:00");

export function claimsOddInfoLines(seed: number): Scenario {
  const r = new Rand(seed, "s06-claims");
  const tl = new Timeline();
  const t0 = windowStart(r, 7, 12);
  const t1 = t0 + 8 * HOUR;
  const machines = [`claims-portal-${r.alnum(5)}`, `claims-portal-${r.alnum(5)}`, `claims-portal-${r.alnum(5)}`];

  const log = (t: number, level: string, ctx: string, template: string, message: string, fields: Record<string, unknown>, label: Label) => {
    tl.add(
      t,
      {
        "@timestamp": dotnet(t),
        level,
        messageTemplate: template,
        message,
        fields: {
          SourceContext: ctx,
          Application: "claims-portal",
          EnvironmentName: "Production",
          MachineName: r.pick(machines),
          ...fields,
        },
      },
      label,
    );
  };

  // Normal requests: start, EF query, domain event (sometimes), finish.
  const host = "claims.internal.example";
  for (const t of r.stream(26_000, t0, t1)) {
    const id = r.int(100000, 999999);
    const reqId = `0HN${r.alnum(9).toUpperCase()}:0000000${r.int(1, 9)}`;
    const [method, path] = r.pick([
      ["GET", `/api/claims/${id}`],
      ["GET", `/api/claims/${id}/documents`],
      ["POST", `/api/claims/${id}/notes`],
      ["GET", "/api/policies/search"],
      ["PUT", `/api/claims/${id}/status`],
    ] as const);
    const base = { RequestId: reqId, RequestPath: path.split("?")[0], ConnectionId: reqId.split(":")[0] };
    log(
      t,
      "Information",
      "Microsoft.AspNetCore.Hosting.Diagnostics",
      "Request starting {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {ContentType} {ContentLength}",
      `Request starting HTTP/1.1 ${method} https://${host}${path} - null null`,
      { ...base, Protocol: "HTTP/1.1", Method: method, Scheme: "https", Host: host, Path: path },
      null,
    );
    const q = Math.round(r.logNormal(3, 0.5));
    log(
      t + q + 2,
      "Information",
      "Microsoft.EntityFrameworkCore.Database.Command",
      "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
      `Executed DbCommand (${q}ms) [Parameters=[@__id_0='${id}'], CommandType='Text', CommandTimeout='30']\nSELECT TOP(1) [c].[Id], [c].[PolicyId], [c].[Status], [c].[LossDate], [c].[ReservedAmount]\nFROM [Claims] AS [c]\nWHERE [c].[Id] = @__id_0`,
      { ...base, elapsed: String(q), commandType: "Text", commandTimeout: 30 },
      null,
    );
    if (method === "PUT" || method === "POST") {
      const status = r.pick(["UnderReview", "AwaitingDocuments", "Approved", "Settled"]);
      log(
        t + q + 5,
        "Information",
        "Claims.Domain.ClaimService",
        "Claim {ClaimId} moved to {Status} by {UserId}",
        `Claim ${id} moved to "${status}" by "adj-${r.int(100, 160)}"`,
        { ...base, ClaimId: id, Status: status, UserId: `adj-${r.int(100, 160)}` },
        null,
      );
    }
    const el = round(q + r.logNormal(9, 0.4), 4);
    log(
      t + el,
      "Information",
      "Microsoft.AspNetCore.Hosting.Diagnostics",
      "Request finished {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {StatusCode} {ContentLength} {ContentType} {ElapsedMilliseconds}ms",
      `Request finished HTTP/1.1 ${method} https://${host}${path} - 200 ${r.int(200, 9000)} application/json;+charset=utf-8 ${el}ms`,
      { ...base, StatusCode: 200, ElapsedMilliseconds: el },
      null,
    );
  }
  // Routine warnings.
  for (const t of r.times(r.int(15, 30), t0, t1))
    log(
      t,
      "Warning",
      "Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware",
      "Failed to determine the https port for redirect.",
      "Failed to determine the https port for redirect.",
      {},
      null,
    );
  for (const t of r.times(3, t0, t1)) {
    log(
      t,
      "Warning",
      "Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository",
      "Storing keys in a directory '{path}' that may not be persisted outside of the container. Protected data will be unavailable when container is destroyed.",
      "Storing keys in a directory '\"/root/.aspnet/DataProtection-Keys\"' that may not be persisted outside of the container. Protected data will be unavailable when container is destroyed.",
      { path: "/root/.aspnet/DataProtection-Keys" },
      null,
    );
    log(
      t + 900,
      "Information",
      "Microsoft.Hosting.Lifetime",
      "Application started. Press Ctrl+C to shut down.",
      "Application started. Press Ctrl+C to shut down.",
      {},
      null,
    );
  }
  // Known people change flags now and then: routine.
  for (const t of r.times(r.int(3, 5), t0, t1)) {
    const flag = r.pick(["claims.newUploadWidget", "claims.ocrBeta", "portal.darkMode"]);
    const on = r.chance(0.5);
    log(
      t,
      "Information",
      "Claims.Flags.FlagAuditLogger",
      "Feature flag {Flag} changed from {Old} to {New} by {Actor}",
      `Feature flag "${flag}" changed from ${!on} to ${on} by "${r.pick(["maria.kowalski@insurer.example", "release-bot"])}"`,
      { Flag: flag, Old: !on, New: on, Actor: "release-bot" },
      null,
    );
  }

  // Odd kind 1: full partner payload dumps (pattern).
  const partner = r.pick(["AssessorLink", "RepairNet", "MedReview"]);
  for (const t of r.times(r.int(11, 15), t0, t1)) {
    const claim = r.int(100000, 999999);
    const body = JSON.stringify({
      claimId: claim,
      policy: {
        number: `POL-${r.int(1e7, 9e7)}`,
        holder: {
          name: r.pick(["Joan Whitfield", "Arjun Mehta", "Tomasz Nowak", "Grace Obi"]),
          dob: `19${r.int(50, 99)}-0${r.int(1, 9)}-1${r.int(0, 9)}`,
          address: `${r.int(1, 200)} ${r.pick(["High St", "Station Rd", "Mill Lane"])}`,
        },
      },
      lossItems: Array.from({ length: r.int(20, 45) }, (_, i) => ({
        line: i + 1,
        sku: `ITM-${r.int(1e5, 9e5)}`,
        desc: r.pick(["rear bumper assembly", "headlamp LH", "labour - paint", "windscreen", "sensor bracket"]),
        qty: r.int(1, 4),
        unitCents: r.int(500, 90000),
      })),
      attachments: Array.from({ length: r.int(2, 4) }, () => ({
        name: `photo_${r.alnum(6)}.jpg`,
        contentBase64: `/9j/4AAQSkZJRgABAQEASABIAAD${r.alnum(900)}`,
      })),
    });
    log(
      t,
      "Information",
      "Claims.Integrations.PartnerClient",
      "Outbound request to {Partner} {Url} body: {Body}",
      `Outbound request to "${partner}" "https://api.${partner.toLowerCase()}.example/v2/assessments" body: "${body}"`,
      { Partner: partner, Url: `https://api.${partner.toLowerCase()}.example/v2/assessments`, Body: body, ClaimId: claim },
      "pattern",
    );
  }
  // Odd kind 2: EF Core query with hundreds of ids (pattern).
  for (const t of r.times(r.int(11, 15), t0, t1)) {
    const n = r.int(250, 600);
    const start = r.int(10000, 90000);
    const ids = Array.from({ length: n }, (_, i) => start + i * r.int(1, 3)).join(", ");
    const ms = r.int(700, 2400);
    log(
      t,
      "Information",
      "Microsoft.EntityFrameworkCore.Database.Command",
      "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
      `Executed DbCommand (${ms.toLocaleString("en")}ms) [Parameters=[], CommandType='Text', CommandTimeout='30']\nSELECT [c].[Id], [c].[PolicyId], [c].[Status], [c].[ReservedAmount]\nFROM [Claims] AS [c]\nWHERE [c].[PolicyId] IN (${ids})`,
      { elapsed: ms.toLocaleString("en"), commandType: "Text", commandTimeout: 30, RequestPath: "/api/reports/exposure" },
      "pattern",
    );
  }
  // Odd kind 3: a flag flipped back and forth by an unknown actor (pattern).
  const actor = `svc-${r.hex(4)}-tmp`;
  let on = false;
  for (const t of r.times(r.int(11, 15), t0 + 30 * MIN, t1)) {
    on = !on;
    log(
      t,
      "Information",
      "Claims.Flags.FlagAuditLogger",
      "Feature flag {Flag} changed from {Old} to {New} by {Actor}",
      `Feature flag "claims.autoApproveUnderLimit" changed from ${!on} to ${on} by "${actor}"`,
      { Flag: "claims.autoApproveUnderLimit", Old: !on, New: on, Actor: actor, SourceIp: r.ip("172.31.") },
      "pattern",
    );
  }
  // Odd kind 4: the partner's client certificate is about to expire (pattern).
  const days = r.int(3, 9);
  const thumb = r.hex(40).toUpperCase();
  for (const t of r.times(r.int(11, 15), t0, t1)) {
    log(
      t,
      "Information",
      "Claims.Integrations.CertificateMonitor",
      "Client certificate {Subject} ({Thumbprint}) for {Partner} expires in {Days} days (NotAfter {NotAfter})",
      `Client certificate "CN=claims-portal.${partner.toLowerCase()}.client, O=Insurer Ltd" ("${thumb}") for "${partner}" expires in ${days} days (NotAfter ${new Date(t0 + days * 24 * HOUR).toISOString()})`,
      { Subject: `CN=claims-portal.${partner.toLowerCase()}.client, O=Insurer Ltd`, Thumbprint: thumb, Partner: partner, Days: days },
      "pattern",
    );
  }

  return tl.build(
    "claims-odd-info-lines",
    "Serilog (Elasticsearch sink) JSON from a claims portal where four unusual INFO lines recur about a dozen times each: payload dumps, SQL with hundreds of ids, a flag flipped by an unknown actor, an expiring certificate.",
  );
}
