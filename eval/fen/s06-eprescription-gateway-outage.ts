// Pharmacy chain's e-prescription gateway: an Envoy egress proxy (JSON access log through
// Fluent Bit) and the .NET submission service (JSON console). Outage under way since before
// the window: the client certificate used for mutual TLS to the national registry expired, so
// every submission is refused at the handshake (503, upstream failure). Every such line is
// labelled, with the submission failures and the growing outbox it causes.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function erxOutage(seed: number): Scenario {
  const rng = new Rng(seed, "s06-erx-gateway");
  const start = windowStart(rng);
  const end = start + rng.int(45, 75) * MIN;
  const tl = new Timeline(rng, start, end);
  const registry = rng.pick(["erx.national-registry.example", "api.rx-hub.health.example", "eprescribe.gov.example"]);
  const podE = `erx-egress-${rng.int(5, 8)}${rng.hex(8)}-${rng.hex(5)}`;
  const podS = `rx-submission-${rng.int(5, 8)}${rng.hex(8)}-${rng.hex(5)}`;
  const k8s = (pod: string, container: string, app: string) => ({ pod_name: pod, namespace_name: "pharmacy", container_name: container, labels: { app } });
  const envoy = (t: number, method: string, path: string, authority: string, cluster: string, code: number, dur: number, label: Label = null, fail?: string) =>
    tl.add(
      t,
      {
        start_time: iso(t),
        method,
        path,
        protocol: "HTTP/1.1",
        response_code: code,
        response_flags: fail ? "UF" : "-",
        bytes_received: method === "POST" ? rng.int(900, 4200) : 0,
        bytes_sent: fail ? 91 : rng.int(300, 12000),
        duration: Math.round(dur),
        upstream_service_time: fail ? null : String(Math.max(1, Math.round(dur - 2))),
        x_forwarded_for: rng.ip("10.60.3"),
        user_agent: "erx-client/4.2 (.NET 8.0)",
        request_id: rng.uuid(),
        authority,
        upstream_host: fail ? null : `${rng.ip("52.18.33")}:443`,
        upstream_cluster: cluster,
        upstream_transport_failure_reason: fail ?? null,
        kubernetes: k8s(podE, "envoy", "erx-egress"),
      },
      label,
    );
  const net = (t: number, level: string, category: string, fmt: string, state: Record<string, unknown>, label: Label = null) => {
    const message = fmt.replace(/\{(\w+)\}/g, (_, k: string) => String(state[k]));
    const line = JSON.stringify({
      Timestamp: iso(t),
      EventId: 0,
      LogLevel: level,
      Category: category,
      Message: message,
      State: { Message: message, ...state, "{OriginalFormat}": fmt },
    });
    tl.add(t, { log: `${line}\n`, stream: "stdout", time: iso(t), kubernetes: k8s(podS, "rx-submission", "rx-submission") }, label);
  };
  const rx = () => `RX-${rng.int(10, 99)}-${rng.int(1000000, 9999999)}`;

  // Healthy egress: drug database lookups and insurer eligibility checks.
  tl.every(rng.float(5, 8) * 1000, (t) => {
    if (rng.chance(0.6)) {
      const d = rng.around(70);
      envoy(t, "GET", `/fhir/R4/Medication?code=${rng.int(100000, 999999)}`, "drugdb.vendor.example", "drug-database", 200, d);
      net(t + d + 3, "Information", "Rx.Clinical.InteractionChecker", "Interaction check for {RxId} found {Count} interactions in {ElapsedMs} ms", {
        RxId: rx(),
        Count: rng.pick([0, 0, 0, 1, 2]),
        ElapsedMs: Math.round(d + rng.around(8)),
      });
    } else {
      const d = rng.around(240);
      envoy(t, "POST", "/eligibility/v1/check", "claims.insurer-switch.example", "insurer-switch", 200, d);
      net(t + d + 3, "Information", "Rx.Billing.EligibilityClient", "Eligibility check for member {MemberRef} returned {Result} in {ElapsedMs} ms", {
        MemberRef: `M${rng.int(1000000, 9999999)}`,
        Result: rng.pick(["covered", "covered", "covered", "prior-auth-required"]),
        ElapsedMs: Math.round(d + 4),
      });
    }
  });
  tl.every(rng.float(20, 35) * 1000, (t) => envoy(t, "GET", "/ready", "localhost:9901", "admin", 200, rng.around(1)));

  // Consequences: outbox of unsent prescriptions grows every minute; stores see blocked dispenses.
  const pending0 = rng.int(600, 1400),
    oldest0 = rng.int(180, 420);
  tl.spread(Math.round((end - start) / MIN), (t, i) =>
    net(
      t,
      "Warning",
      "Rx.Submission.OutboxWorker",
      "Outbox has {Pending} pending registry submissions, oldest {OldestAgeMinutes} min",
      { Pending: pending0 + i * rng.int(14, 30), OldestAgeMinutes: oldest0 + i },
      "performance",
    ),
  );
  tl.every(rng.float(1.5, 3) * MIN, (t) =>
    net(
      t,
      "Error",
      "Rx.Dispense.Gate",
      "Dispense of {RxId} at store {Store} blocked: registry confirmation missing",
      { RxId: rx(), Store: rng.int(100, 480) },
      "error",
    ),
  );
  tl.every(10 * MIN, (t) =>
    net(
      t,
      "Warning",
      "Rx.Security.CertificateMonitor",
      "Client certificate {Subject} expired {DaysAgo} day(s) ago (NotAfter {NotAfter})",
      { Subject: "CN=erx-client.pharmacy.example", DaysAgo: 1, NotAfter: iso(start - rng.int(6, 20) * 60 * MIN).slice(0, 10) },
      "error",
    ),
  );

  // The flood: every submission attempt fails the TLS handshake; after 3 tries the service gives up for now.
  const reason = "TLS_error:|268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED:TLS_error_end:TLS_error_end";
  const groups = Math.round(tl.floodCount(rng.float(0.3, 0.45), 1 / 3) / 3);
  tl.spread(groups, (t) => {
    const id = rx();
    let u = t;
    for (let a = 1; a <= 3; a++) {
      envoy(u, "POST", "/erx/v3/prescriptions", registry, "national-registry", 503, rng.around(24, 0.3), "error", reason);
      u += a * 400 + rng.int(0, 200);
    }
    net(
      u,
      "Error",
      "Rx.Submission.RegistryClient",
      "Submission of {RxId} to the national registry failed with {StatusCode} after {Attempts} attempts; kept in outbox",
      { RxId: id, StatusCode: 503, Attempts: 3 },
      "error",
    );
  });
  return tl.build(
    "s06-eprescription-gateway-outage",
    "E-prescription gateway: expired mTLS client certificate, every registry submission refused at the handshake, outbox growing",
  );
}
