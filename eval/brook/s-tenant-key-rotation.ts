/**
 * tenant-key-rotation: partner-api (ASP.NET Core 8, Serilog's compact JSON, behind
 * ingress-nginx) validates each partner's bearer token against the signing keys configured per
 * tenant. Other tenants' integrations now and then send an expired token and get a 401 with
 * `Token for tenant {TenantId} rejected as invalid: IDX10223: Lifetime validation failed…` at
 * Error: routine. At 02:00 this morning one tenant, Northwind Freight, rotated its signing key as
 * its IdP schedules; the new key was never added to partner-api's tenant configuration. Since
 * then every one of that tenant's calls is rejected with the same template (`IDX10516: Signature
 * validation failed. Unable to match key: kid: '…'`) and answered 401 (their integration does not
 * retry a 401; it queues the shipment and goes on with the next): from before the window to its
 * end, at a steady rate, a tenth of the API's calls. Nothing else is wrong; no shipment from that
 * partner has been booked since 02:00, and their rejections are what the on-call must see.
 */
import { openWindow } from "./common.js";
import { clef, dotnetException, nginxJson } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "tenant-key-rotation";
const APP = "PartnerApi";
const TEMPLATE = "Token for tenant {TenantId} rejected as invalid: {Reason}";

const TENANTS: readonly (readonly [string, number])[] = [
  ["acme-logistics", 16],
  ["baltic-cargo", 12],
  ["contoso-retail", 14],
  ["fabrikam-parts", 9],
  ["globex-trading", 8],
  ["initech-supply", 7],
  ["lakeside-wholesale", 6],
  ["umbrella-pharma", 6],
  ["wayfarer-home", 5],
  ["zephyr-sports", 4],
  ["tailspin-toys", 4],
];
const BROKEN = "northwind-freight";

export function tenantKeyRotation(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-27", 9, 2);

  const kid = `nwf-${new Date(start).toISOString().slice(0, 7)}-${rng.hex(4)}`;
  const brokenShare = rng.float(0.075, 0.095);
  const pods = Array.from({ length: 3 }, () => ({
    name: rng.pod("partner-api"),
    ip: `${rng.privateIp("10.52")}:8080`,
    conn: `0HN${rng.alnum(8).toUpperCase()}`,
  }));
  const vhost = "partners.api.nordfreight.example";
  const agents: Record<string, string> = {};
  for (const [tenant] of TENANTS)
    agents[tenant] = rng.pick(["okhttp/4.12.0", "python-requests/2.31.0", "Apache-HttpClient/5.2.1 (Java/17.0.9)", "Go-http-client/2.0", "axios/1.6.8"]);
  agents[BROKEN] = "NorthwindTMS/5.4 (+https://tms.northwind.example)";
  const tenantIps: Record<string, string> = {};
  for (const t of [...TENANTS.map(([n]) => n), BROKEN]) tenantIps[t] = rng.clientIp();

  let reqSeq = rng.int(100, 900);
  const call = (s: number, tenant: string) => {
    const pod = rng.pick(pods);
    const route = rng.weighted([
      ["POST /api/v2/shipments", 30],
      ["GET /api/v2/shipments/{id}", 35],
      ["GET /api/v2/shipments/{id}/events", 20],
      ["POST /api/v2/rates", 15],
    ] as const);
    const [method, pattern] = route.split(" ") as [string, string];
    const path = pattern.replace("{id}", `shp_${rng.alnum(10)}`);
    const requestId = `${pod.conn}:${String(++reqSeq).padStart(8, "0")}`;
    const traceId = rng.hex(32);
    const spanId = rng.hex(16);
    const broken = tenant === BROKEN;
    const expired = !broken && rng.chance(0.015);
    const label: AnomalyType | null = broken ? "error" : null;
    let status: number;
    let elapsed: number;
    let t = s;
    const common = { RequestId: requestId, RequestPath: path, ConnectionId: pod.conn, Application: APP, Pod: pod.name };
    if (broken || expired) {
      t += rng.int(1, 4);
      const reason = broken
        ? `IDX10516: Signature validation failed. Unable to match key: kid: '${kid}'. Number of keys in TokenValidationParameters: '2'. Number of keys in Configuration: '0'. Exceptions caught: ''. token: '[PII of type 'System.IdentityModel.Tokens.Jwt.JwtSecurityToken' is hidden]'.`
        : `IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '${new Date(s - rng.int(1, 90) * MINUTE).toISOString().slice(0, 19).replace("T", " ")}', Current time (UTC): '${new Date(s).toISOString().slice(0, 19).replace("T", " ")}'.`;
      const exType = broken
        ? "Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException"
        : "Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException";
      tl.add(
        t,
        clef(
          t,
          "Error",
          TEMPLATE,
          { TenantId: tenant, Reason: reason, SourceContext: "PartnerApi.Auth.TenantTokenValidator", ...common },
          {
            exception: dotnetException(exType, reason, [
              broken
                ? "Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateSignature(JsonWebToken jwtToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)"
                : "Microsoft.IdentityModel.Tokens.Validators.ValidateLifetime(Nullable`1 notBefore, Nullable`1 expires, SecurityToken securityToken, TokenValidationParameters validationParameters)",
              "Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateTokenAsync(String token, TokenValidationParameters validationParameters)",
              "PartnerApi.Auth.TenantTokenValidator.ValidateAsync(String tenantId, String token, CancellationToken ct) in /src/PartnerApi/Auth/TenantTokenValidator.cs:line 64",
            ]),
            traceId,
            spanId,
          },
        ),
        label,
      );
      status = 401;
      elapsed = rng.logNormal(2.8, 0.35);
    } else {
      status = method === "POST" && pattern === "/api/v2/shipments" ? (rng.chance(0.02) ? 422 : 201) : rng.chance(0.015) ? 404 : 200;
      elapsed = rng.logNormal(pattern.endsWith("/rates") ? 140 : method === "POST" ? 85 : 24, 0.4);
      if (status === 201)
        tl.add(
          s + Math.round(elapsed) - 1,
          clef(
            s + Math.round(elapsed) - 1,
            "Information",
            "Shipment {ShipmentId} booked for tenant {TenantId} ({Parcels} parcels)",
            {
              ShipmentId: `shp_${rng.alnum(10)}`,
              TenantId: tenant,
              Parcels: rng.int(1, 12),
              SourceContext: "PartnerApi.Shipments.ShipmentService",
              ...common,
            },
            { traceId, spanId },
          ),
        );
    }
    t = Math.max(t + 1, s + Math.round(elapsed));
    tl.add(
      t,
      clef(
        t,
        "Information",
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        {
          RequestMethod: method,
          StatusCode: status,
          Elapsed: Number(elapsed.toFixed(4)),
          TenantId: tenant,
          SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          ...common,
        },
        { renderings: [elapsed.toFixed(4)], traceId, spanId },
      ),
      label,
    );
    tl.add(
      t + 1,
      nginxJson(t + 1, {
        remoteAddr: tenantIps[tenant]!,
        requestId: traceId,
        method,
        uri: path,
        status,
        requestTimeMs: elapsed + 1,
        bytesSent: status === 401 ? 0 : rng.int(200, 3000),
        userAgent: agents[tenant]!,
        host: vhost,
        upstreamAddr: pod.ip,
        upstreamStatus: String(status),
        upstreamTimeMs: elapsed,
        proxyUpstreamName: "partners-partner-api-8080",
        requestLength: method === "POST" ? rng.int(600, 2400) : rng.int(900, 1100),
      }),
      label,
    );
  };

  const rate = rng.float(10, 12);
  for (const s of arrivals(rng, start, end, rate, shape, 1.2)) call(s, rng.chance(brokenShare) ? BROKEN : rng.weighted(TENANTS));

  // the outbox relay and the token-key cache refresh of the same app
  for (const t of ticks(rng, start, end, MINUTE, 5 * SECOND)) {
    const ms = rng.float(3, 40);
    tl.add(
      t,
      clef(
        t,
        "Information",
        "Outbox dispatched {Count} messages in {Elapsed:0.0} ms",
        { Count: rng.int(0, 40), Elapsed: ms, SourceContext: "PartnerApi.Outbox.OutboxDispatcher", Application: APP, Pod: rng.pick(pods).name },
        { renderings: [ms.toFixed(1)] },
      ),
    );
  }
  for (const t of ticks(rng, start, end, 15 * MINUTE, 30 * SECOND)) {
    tl.add(
      t,
      clef(t, "Information", "Tenant signing keys reloaded: {TenantCount} tenants, {KeyCount} keys", {
        TenantCount: TENANTS.length + 1,
        KeyCount: (TENANTS.length + 1) * 2,
        SourceContext: "PartnerApi.Auth.TenantKeyStore",
        Application: APP,
        Pod: rng.pick(pods).name,
      }),
    );
  }

  return tl.build(
    NAME,
    "since one tenant rotated its signing key at 02:00 without partner-api knowing the new one, every one of that tenant's calls (a tenth of the API's) is rejected as invalid with IDX10516 at Error and answered 401, the same template as other tenants' routine expired tokens",
  );
}
