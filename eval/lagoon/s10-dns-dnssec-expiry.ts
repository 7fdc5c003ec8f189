// s10: internal DNS resolver fleet, 65 min. A few minutes in, the RRSIGs of the internal zone
// int.corp-example.net expire (last night's re-signing failed on a key-file permission), and the
// three validating resolvers answer SERVFAIL for every internal name as their caches run out. The
// zone carries most of the traffic (service discovery), so most of the window is the incident: the
// resolvers repeat the same DNSSEC validation failure line ~180 times, the health checker fails its
// internal canary, marks all resolvers unhealthy, on-call retries the signer, fixes the key's owner
// and re-signs; answers recover about 50 minutes in. External names keep resolving (with their
// everyday NXDOMAINs and a lame-delegation SERVFAIL).
//
// Producers: resolverd (Rust, tracing-subscriber JSON: fields, target, span/spans), dns-healthcheck
// (Go log/slog JSONHandler, latency in ns), signer-01 (journald JSON export: systemd, zone-resign,
// sudo, named).
// Healthy medians: cache hit 150 us, internal miss 3 ms, external recursion 24 ms; probes 2 ms
// (internal) and 20 ms (external). No memory readings.
import { arrivals, epochUsStr, isoNs, isoSec, isoUs, MIN, Rng, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const NODES = ["rsv-fra-1", "rsv-fra-2", "rsv-ams-1"] as const;
const INTERNAL = [
  "orders",
  "payments",
  "inventory",
  "auth",
  "search",
  "kafka-0.kafka",
  "kafka-1.kafka",
  "redis-main",
  "pg-primary",
  "pg-replica",
  "grafana",
  "vault",
  "ldap",
  "jenkins",
  "artifacts",
  "mail-relay",
  "billing",
  "catalog",
  "ledger",
  "sso",
] as const;
const EXTERNAL = [
  "github.com.",
  "api.stripe.com.",
  "s3.eu-central-1.amazonaws.com.",
  "registry.npmjs.org.",
  "login.microsoftonline.com.",
  "sentry.io.",
  "pypi.org.",
  "api.twilio.com.",
] as const;
const VALIDATION = "DNSSEC validation failed: RRSIG over DNSKEY for int.corp-example.net. has expired";

export function dnsDnssecExpiry(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s10");
  const tl = new Timeline();
  const from = startTime(r, 7, 9);
  const to = from + 65 * MIN;
  const tExp = us(from + r.float(2, 4) * MIN);
  const tSigned = us(from + r.float(46, 50) * MIN);
  const tFixed = us(tSigned + r.float(40, 70) * SEC);
  const failShare = (t: number): number => (t < tExp || t >= tFixed ? 0 : Math.min(1, (t - tExp) / (2 * MIN)));

  // ---- producers ------------------------------------------------------------------------------------------
  const rust = (t: number, level: string, target: string, node: string, fields: Record<string, unknown>, label: Label = null): void => {
    const span = { node, proto: "udp", name: "listener" };
    tl.add(t, "us", { timestamp: isoUs(t), level, fields, target, span, spans: [span], threadId: `ThreadId(${r.int(2, 9)})` }, label);
  };
  const slog = (t: number, level: string, msg: string, attrs: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { time: isoNs(t), level, msg, service: "dns-healthcheck", ...attrs }, label);
  };
  const boot = r.hex(32);
  const machine = r.hex(32);
  const seq0 = r.int(0x100000, 0x200000);
  const journal = (t: number, ident: string, prio: number, message: string, extra: Record<string, string>, label: Label = null): void => {
    const seq = seq0 + Math.floor((t - from) / 37); // journal entries are numbered in time order
    tl.add(
      t,
      "us",
      {
        __CURSOR: `s=${r.hex(32)};i=${seq.toString(16)};b=${boot};m=${r.hex(9)};t=${Math.floor(t * 1000).toString(16)};x=${r.hex(16)}`,
        __REALTIME_TIMESTAMP: epochUsStr(t),
        __MONOTONIC_TIMESTAMP: String(Math.floor((t - from + 41 * 86_400_000) * 1000)),
        _BOOT_ID: boot,
        _MACHINE_ID: machine,
        _HOSTNAME: "signer-01",
        PRIORITY: String(prio),
        SYSLOG_FACILITY: ident === "sudo" ? "10" : "3",
        SYSLOG_IDENTIFIER: ident,
        ...extra,
        MESSAGE: message,
      },
      label,
    );
  };
  const systemd = (t: number, prio: number, message: string, unit: string, label: Label = null): void => {
    journal(
      t,
      "systemd",
      prio,
      message,
      { _PID: "1", _COMM: "systemd", _EXE: "/usr/lib/systemd/systemd", _TRANSPORT: "journal", UNIT: unit, CODE_FILE: "src/core/unit.c" },
      label,
    );
  };

  // ---- resolverd: the query log and the validator -----------------------------------------------------------
  const lastValidation = new Map<string, number>();
  for (const t of arrivals(r, from, to, 36)) {
    const node = r.pick(NODES);
    const internal = r.chance(0.83);
    const client = `10.${r.int(8, 11)}.${r.int(0, 40)}.${r.int(2, 250)}:${r.port()}`;
    const qtype = r.weighted<string>([
      ["A", 70],
      ["AAAA", 25],
      ["SRV", 5],
    ]);
    let qname: string;
    let rcode = "NOERROR";
    let cache = r.chance(0.8) ? "hit" : "miss";
    let dur = cache === "hit" ? r.healthy(150, 0.3) : r.healthy(internal ? 3000 : 24_000, 0.3);
    let label: Label = null;
    if (internal) {
      qname = `${r.pick(INTERNAL)}.int.corp-example.net.`;
      if (r.chance(0.04)) {
        qname = `${r.pick(INTERNAL)}.int.corp-example.net.svc.cluster.local.`; // search-path junk
        rcode = "NXDOMAIN";
      } else if (r.chance(failShare(t))) {
        rcode = "SERVFAIL";
        label = "error";
        const last = lastValidation.get(node) ?? 0;
        if (t - last >= 40 * SEC) {
          // the bogus answer is cached for 40 s; after that the validator runs (and logs) again
          lastValidation.set(node, t);
          cache = "miss";
          dur = r.healthy(3000, 0.3);
          rust(
            us(t + dur - 5),
            "WARN",
            "resolverd::dnssec",
            node,
            { message: VALIDATION, zone: "int.corp-example.net.", qname, expired_at: isoSec(tExp), server: r.pick(["10.0.0.53:53", "10.0.0.54:53"]) },
            "error",
          );
        } else {
          cache = "bogus";
          dur = r.healthy(150, 0.3);
        }
      }
    } else {
      qname = r.chance(0.012) ? "portal.legacy-partner.co.uk." : r.pick(EXTERNAL);
      if (qname.startsWith("portal.")) {
        rcode = "SERVFAIL"; // lame delegation, for months
        cache = "miss";
        dur = r.healthy(24_000, 0.3);
      } else if (r.chance(0.03)) {
        qname = `wpad.${qname}`;
        rcode = "NXDOMAIN";
      }
    }
    rust(
      us(t + dur / 1000),
      "INFO",
      "resolverd::query",
      node,
      { message: "query answered", client, qname, qtype, rcode, cache, answers: rcode === "NOERROR" ? r.int(1, 4) : 0, duration_us: Math.round(dur) },
      label,
    );
  }

  // ---- dns-healthcheck ---------------------------------------------------------------------------------------
  const fails = new Map<string, number>();
  const unhealthy = new Set<string>();
  let lastAllDown = 0;
  for (const t of ticks(r, from, to, 30 * SEC, 0)) {
    NODES.forEach((node, k) => {
      const at = us(t + k * 7 + r.float(0, 3));
      if (Math.round((t - from) / (30 * SEC)) % 2 === 0) {
        const ext = r.healthy(20, 0.3); // the external canary runs every minute
        slog(us(at + ext), "INFO", "probe ok", { resolver: node, qname: "example.com.", rcode: "NOERROR", latency: Math.round(ext * 1e6) });
      }
      const bad = at >= tExp + 30 * SEC && at < tFixed;
      if (!bad) {
        const ms = r.healthy(2, 0.3);
        slog(us(at + 1 + ms), "INFO", "probe ok", { resolver: node, qname: "canary.int.corp-example.net.", rcode: "NOERROR", latency: Math.round(ms * 1e6) });
        if (unhealthy.has(node)) {
          unhealthy.delete(node);
          slog(us(at + 2 + ms), "INFO", "resolver marked healthy", { resolver: node }, "pattern");
        }
        fails.set(node, 0);
        return;
      }
      const ms = r.healthy(2, 0.3);
      slog(
        us(at + 1 + ms),
        "ERROR",
        "probe failed",
        { resolver: node, qname: "canary.int.corp-example.net.", rcode: "SERVFAIL", latency: Math.round(ms * 1e6) },
        "error",
      );
      const n = (fails.get(node) ?? 0) + 1;
      fails.set(node, n);
      if (n === 3) {
        unhealthy.add(node);
        slog(us(at + 2 + ms), "WARN", "resolver marked unhealthy", { resolver: node, consecutive_failures: 3 }, "pattern");
      }
    });
    if (unhealthy.size === NODES.length && t - lastAllDown >= 5 * MIN) {
      lastAllDown = t;
      slog(us(t + 40), "WARN", "all resolvers unhealthy; keeping anycast routes announced", { unhealthy: NODES.length, anycast: "10.255.0.53/32" }, "pattern");
    }
  }

  // ---- signer-01 -------------------------------------------------------------------------------------------------
  const unit = "zone-resign.service";
  const attempts = [r.float(9, 13), r.float(17, 22), r.float(27, 33)].map((m) => us(from + m * MIN));
  for (const a of attempts) {
    systemd(a, 6, "Starting zone-resign.service - Re-sign DNSSEC zones...", unit, "pattern");
    journal(
      us(a + 380),
      "zone-resign",
      3,
      "dnssec-signzone: fatal: cannot load private key Kint.corp-example.net.+013+40912.private: permission denied",
      { _PID: String(r.int(20_000, 40_000)), _COMM: "dnssec-signzone", _TRANSPORT: "stdout", _SYSTEMD_UNIT: unit },
      "error",
    );
    systemd(us(a + 420), 4, "zone-resign.service: Main process exited, code=exited, status=1/FAILURE", unit, "error");
    systemd(us(a + 421), 4, "zone-resign.service: Failed with result 'exit-code'.", unit, "error");
    systemd(us(a + 423), 3, "Failed to start zone-resign.service - Re-sign DNSSEC zones.", unit, "error");
  }
  const chown = us(tSigned - r.float(3, 6) * MIN);
  journal(
    chown,
    "sudo",
    5,
    "  oncall : TTY=pts/0 ; PWD=/home/oncall ; USER=root ; COMMAND=/usr/bin/chown bind:bind /etc/bind/keys/Kint.corp-example.net.+013+40912.private",
    { _PID: String(r.int(40_000, 50_000)), _COMM: "sudo", _TRANSPORT: "syslog" },
    "pattern",
  );
  systemd(us(tSigned - 9 * SEC), 6, "Starting zone-resign.service - Re-sign DNSSEC zones...", unit, "pattern");
  journal(
    tSigned,
    "zone-resign",
    6,
    "Zone int.corp-example.net. signed: serial 2026021004, 1423 RRSIGs, valid until +30d",
    { _PID: String(r.int(20_000, 40_000)), _COMM: "zone-resign", _TRANSPORT: "stdout", _SYSTEMD_UNIT: unit },
    "pattern",
  );
  journal(
    us(tSigned + 600),
    "named",
    6,
    "zone int.corp-example.net/IN: sending notifies (serial 2026021004)",
    { _PID: "733", _COMM: "named", _TRANSPORT: "syslog" },
    "pattern",
  );
  systemd(us(tSigned + 700), 6, "zone-resign.service: Deactivated successfully.", unit, "pattern");
  systemd(us(tSigned + 701), 6, "Finished zone-resign.service - Re-sign DNSSEC zones.", unit, "pattern");
  for (const t of ticks(r, from, to, 10 * MIN, 0)) {
    const u = "sysstat-collect.service";
    systemd(t, 6, "Starting sysstat-collect.service - system activity accounting tool...", u);
    systemd(us(t + 90), 6, "sysstat-collect.service: Deactivated successfully.", u);
    systemd(us(t + 91), 6, "Finished sysstat-collect.service - system activity accounting tool.", u);
  }

  return tl.build(
    "dns-resolver-dnssec-expiry-servfail",
    "DNS resolver fleet: the internal zone's DNSSEC signatures expire, so most queries (internal service discovery) get SERVFAIL for ~45 minutes while the same validation failure repeats ~180 times, health checks fail and on-call fixes the signer's key permissions; most of the window is the incident.",
  );
}
