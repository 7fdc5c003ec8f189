// s11: an ISP's subscriber DNS resolvers (CoreDNS on Kubernetes, query logging on), shipped by
// Fluent Bit with Kubernetes metadata; each entry's `log` is CoreDNS's text line. A Corefile
// change points `forward` at new upstream resolvers the pods cannot reach: every query that
// misses the cache waits 2 s and answers SERVFAIL, then the forwarder gives up on its proxies
// and fails fast, until the change is rolled back. Most of the window is the outage, and most
// lines report it: more than half the log is labelled.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, isoNano, progress, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function dnsResolverOutage(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s11-dns-resolver-outage"));
  const tl = new Timeline();
  const start = baseTime(r, 16, 21);
  const end = start + r.int(80, 110) * MIN;
  const vol = r.float(0.85, 1.15);
  const tChange = start + (end - start) * r.float(0.08, 0.14);
  const tNoHealthy = tChange + r.int(4, 9) * MIN;
  const tRollback = start + (end - start) * r.float(0.86, 0.92);
  const outage = (t: number) => between(t, tChange + 3 * SEC, tRollback);
  const hash = r.hex(10);
  const pods = Array.from({ length: 3 }, () => `coredns-${hash}-${r.alnum(5)}`);
  const podIp = new Map(pods.map((p) => [p, `10.244.${r.int(1, 9)}.${r.int(2, 250)}`]));
  const nodeOf = new Map(pods.map((p) => [p, `dns-edge-${r.int(1, 6)}`]));
  const podId = new Map(pods.map((p) => [p, r.uuid()]));
  const oldUp = ["192.0.2.53", "192.0.2.54"];
  const newUp = [`10.20.${r.int(0, 9)}.53`, `10.20.${r.int(0, 9)}.54`];
  const names = [
    "www.google.com",
    "www.youtube.com",
    "i.ytimg.com",
    "graph.facebook.com",
    "www.netflix.com",
    "api.spotify.com",
    "outlook.office365.com",
    "www.bbc.co.uk",
    "en.wikipedia.org",
    "www.amazon.co.uk",
    "cdn.jsdelivr.net",
    "fonts.gstatic.com",
    "time.apple.com",
    "api.twitch.tv",
    "connectivitycheck.gstatic.com",
    "www.reddit.com",
    "pbs.twimg.com",
    "dns.msftncsi.com",
    "steamcdn-a.akamaihd.net",
    "weather.service.example",
    "mail.proton.me",
    "zoom.us",
    "web.whatsapp.com",
    "firmware.router-vendor.example",
    "ntp.ubuntu.com",
    "play.googleapis.com",
  ];
  const types = [
    ["A", 0.55],
    ["AAAA", 0.35],
    ["HTTPS", 0.07],
    ["TXT", 0.03],
  ] as const;
  const client = () => `${r.pick(["81.2", "81.3", "86.140", "86.141", "92.18"])}.${r.int(0, 255)}.${r.int(1, 254)}`;

  const fb = (t: number, pod: string, line: string, label: Label, stream = "stdout") =>
    tl.add(
      t,
      {
        time: isoNano(t),
        stream,
        _p: "F",
        log: line,
        kubernetes: {
          pod_name: pod,
          namespace_name: "dns-edge",
          pod_id: podId.get(pod),
          labels: { "k8s-app": "subscriber-dns", "pod-template-hash": hash },
          host: nodeOf.get(pod),
          container_name: "coredns",
          container_image: "registry.k8s.io/coredns/coredns:v1.11.3",
        },
      },
      label,
    );
  const query = (t: number, pod: string, name: string, qtype: string, rcode: string, flags: string, dur: number, label: Label) => {
    const size = r.int(28, 60);
    const proto = r.chance(0.92) ? "udp" : "tcp";
    fb(
      t + dur * 1000,
      pod,
      `[INFO] ${client()}:${r.int(1024, 65535)} - ${r.int(1, 65535)} "${qtype} IN ${name}. ${proto} ${size} ${r.chance(0.3)} ${r.pick([512, 1232, 4096])}" ${rcode} ${flags} ${rcode === "NOERROR" ? r.int(60, 480) : size + 11} ${dur.toFixed(9)}s`,
      label,
    );
  };

  // Start-up banner of a pod is not in the window; config reloads are.
  const reload = (t: number, upstreams: string[]) => {
    for (const pod of pods) {
      const tp = t + r.int(0, 20) * SEC;
      fb(tp, pod, "[INFO] Reloading", "pattern");
      fb(tp + 40, pod, `[INFO] plugin/reload: Running configuration SHA512 = ${r.hex(128)}`, "pattern");
      fb(tp + 60, pod, `[INFO] plugin/forward: upstreams ${upstreams.map((u) => `${u}:53`).join(" ")}`, "pattern");
      fb(tp + 90, pod, "[INFO] Reloading complete", "pattern");
    }
  };
  reload(tChange, newUp);
  reload(tRollback, oldUp);

  // Queries. During the outage clients retry, so there are more of them.
  const rate = (t: number) => (outage(t) ? 1.6 : 1);
  for (const t of arrivals(r, start, end, 3800 / vol, rate, 1.6)) {
    const pod = r.pick(pods);
    const name = r.pick(names);
    const qtype = r.weighted(types);
    // Cache hit ratio: ~55 % normally, falling as TTLs expire during the outage.
    const hitP = outage(t) ? Math.max(0.25, 0.55 - 0.3 * progress(t, tChange, tChange + 12 * MIN)) : 0.55;
    if (r.chance(hitP)) {
      query(t, pod, name, qtype, "NOERROR", "qr,rd,ra", r.float(0.00003, 0.0003), null);
      continue;
    }
    if (!outage(t)) {
      const nx = name.includes("example") && r.chance(0.3);
      query(t, pod, name, qtype, nx ? "NXDOMAIN" : "NOERROR", "qr,rd,ra", r.logNormal(0.018, 0.6), null);
      continue;
    }
    const up = r.pick(newUp);
    if (t < tNoHealthy || r.chance(0.15)) {
      // Waits for the unreachable upstream, then SERVFAIL after 2 s.
      fb(t + 2000, pod, `[ERROR] plugin/errors: 2 ${name}. ${qtype}: read udp ${podIp.get(pod)}:${r.int(30000, 60999)}->${up}:53: i/o timeout`, "performance");
      query(t, pod, name, qtype, "SERVFAIL", "qr,rd", 2 + r.float(0.0001, 0.004), "performance");
    } else {
      // The forwarder has marked every proxy down: fails immediately.
      fb(t + 1, pod, `[ERROR] plugin/errors: 2 ${name}. ${qtype}: no healthy proxies`, "error");
      query(t, pod, name, qtype, "SERVFAIL", "qr,rd", r.float(0.00005, 0.0004), "error");
    }
  }
  // The health plugin notices the overloaded pods.
  for (const t of arrivals(r, tChange + 2 * MIN, tRollback, 2 * MIN)) {
    fb(
      t,
      r.pick(pods),
      `[WARNING] plugin/health: Local health request to "http://:8080/health" took more than 1s: ${r.float(1.02, 2.4).toFixed(6)}s`,
      "performance",
    );
  }
  // Normal background: an occasional truncated response retried over TCP, a lame upstream answer.
  for (const t of arrivals(r, start, end, 9 * MIN)) {
    if (outage(t)) continue;
    const pod = r.pick(pods);
    const lame = r.pick(["_dmarc.mail.example.net", "lame.broken-dns.example", "old-cdn.example.org"]);
    fb(t + 2000, pod, `[ERROR] plugin/errors: 2 ${lame}. A: read udp ${podIp.get(pod)}:${r.int(30000, 60999)}->${r.pick(oldUp)}:53: i/o timeout`, null);
    query(t, pod, lame, "A", "SERVFAIL", "qr,rd", 2 + r.float(0.0001, 0.004), null);
  }

  return tl.build(
    "subscriber-dns-unreachable-upstreams",
    "ISP subscriber DNS (CoreDNS query log via Fluent Bit): a Corefile change forwards to unreachable upstreams; uncached queries time out then SERVFAIL fast for most of the window until rollback.",
  );
}
