// Kind 9: nginx JSON access logs; one route's upstream goes bad for 20-35 minutes (504/502/499, slow 200s).
// Kind 10: a healthy rack's syslog (host/program, no levels): cron, sshd, systemd, kernel, chrony. No anomaly.
import { HOUR, iso, isoSec, MIN, Rng, Story, SEC, spread, startTime } from "./lib.js";
import type { AnomalyType, Scenario } from "./types.js";

export function nginxQuoteRoute(seed: number): Scenario {
  const r = new Rng(seed, "nginxquote");
  const t0 = startTime(r);
  const W = 3 * HOUR;
  const end = t0 + W;
  const eS = t0 + r.float(0.35, 0.55) * W;
  const eE = eS + r.int(20, 35) * MIN;
  const st = new Story();
  const ups = {
    quotes: [0, 1, 2].map(() => `${r.ip("10.60")}:8081`),
    shop: [0, 1, 2, 3].map(() => `${r.ip("10.61")}:3000`),
    static: ["unix:/run/static.sock"],
  };
  const uas = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "okhttp/4.12.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/127.0",
  ];
  const acc = (t: number, method: string, uri: string, status: number, rt: number, up: keyof typeof ups, upStatus: string) => ({
    time_iso8601: isoSec(t),
    msec: (t / 1000).toFixed(3),
    remote_addr: r.ip(r.pick(["81.2", "92.40", "176.9"])),
    request: `${method} ${uri} HTTP/2.0`,
    status,
    body_bytes_sent: status === 200 ? r.int(300, 48000) : status === 499 ? 0 : r.int(150, 600),
    request_time: rt.toFixed(3),
    upstream_response_time: up === "static" ? "-" : status === 499 ? "-" : Math.max(0, rt - 0.001).toFixed(3),
    upstream_status: upStatus,
    upstream_addr: r.pick(ups[up]),
    http_referer: r.chance(0.5) ? "https://www.atoll-outfitters.example/" : "-",
    http_user_agent: r.pick(uas),
    request_id: r.hex(32),
    server_name: "www.atoll-outfitters.example",
  });
  const inEp = (t: number) => t >= eS && t < eE;
  for (const t of spread(r, r.int(3000, 3500), t0, end)) {
    const v = r.next();
    if (v < 0.3)
      st.add(
        t,
        acc(
          t,
          "GET",
          r.pick(["/static/js/app.4f1c.js", "/static/css/site.9a2e.css", `/img/p/${r.int(1000, 9999)}.webp`]),
          200,
          r.around(0.002, 0.5),
          "static",
          "-",
        ),
      );
    else if (v < 0.55) st.add(t, acc(t, "GET", r.pick(["/", "/c/tents", "/c/boots", `/p/${r.int(1000, 9999)}`]), 200, r.around(0.09, 0.35), "shop", "200"));
    else if (v < 0.7) st.add(t, acc(t, r.pick(["GET", "POST"]), "/api/v1/cart", 200, r.around(0.04, 0.35), "shop", "200"));
    else if (v < 0.75) st.add(t, acc(t, "POST", "/api/v1/checkout", r.chance(0.97) ? 200 : 409, r.around(0.3, 0.3), "shop", "200"));
    else if (v < 0.8) st.add(t, acc(t, "GET", "/healthz", 200, 0.001, "shop", "200"));
    else if (v < 0.83) st.add(t, acc(t, "GET", r.pick(["/wp-login.php", "/.env", "/robots.txt"]), 404, 0.001, "static", "-"));
    else if (!inEp(t))
      st.add(t, acc(t, "GET", `/api/v1/quotes/${r.int(100000, 999999)}?zip=${r.int(10000, 99999)}`, 200, r.around(0.12, 0.35), "quotes", "200"));
  }
  // the episode: the quotes upstream stalls; users retry, so the route gets busier
  for (const t of spread(r, Math.round(((eE - eS) / MIN) * r.int(6, 8)), eS, eE)) {
    const uri = `/api/v1/quotes/${r.int(100000, 999999)}?zip=${r.int(10000, 99999)}`;
    const v = r.next();
    let label: AnomalyType | null = "performance";
    if (v < 0.42) st.add(t, acc(t, "GET", uri, 504, 60 + r.float(0, 0.004), "quotes", "504"), label);
    else if (v < 0.62) st.add(t, acc(t, "GET", uri, 502, r.float(0.001, 0.01), "quotes", "502"), "error");
    else if (v < 0.77) st.add(t, acc(t, "GET", uri, 499, r.float(10, 30), "quotes", "-"), label);
    else {
      const rt = r.chance(0.7) ? r.float(4, 25) : r.around(0.12, 0.3);
      label = rt > 2 ? "performance" : null;
      st.add(t, acc(t, "GET", uri, 200, rt, "quotes", "200"), label);
    }
  }
  return st.build(
    "atoll-nginx-quote-route-504",
    "nginx JSON access log of a shop; for 20-35 min /api/v1/quotes/* answers 504 after 60 s, 502, 499 and slow 200s while other routes stay normal",
  );
}

export function quietRackSyslog(seed: number): Scenario {
  const r = new Rng(seed, "quietrack");
  const t0 = startTime(r);
  const end = t0 + 6 * HOUR;
  const st = new Story();
  const rack = r.int(2, 9);
  const hosts = Array.from({ length: 6 }, (_, i) => `r${rack}n${String(i + 1).padStart(2, "0")}`);
  const hostIp = new Map(hosts.map((h) => [h, r.ip("10.0")] as const));
  const sl = (t: number, host: string, program: string, pid: number | null, message: string) => ({
    timestamp: iso(t),
    host,
    program,
    ...(pid === null ? {} : { pid }),
    message,
  });
  let session = r.int(1000, 9000);
  for (const h of hosts) {
    // sysstat every 10 min via cron, hourly run-parts
    for (let t = t0 + r.int(0, 9) * MIN + r.int(0, 900); t < end; t += 10 * MIN) {
      const pid = r.int(10000, 99999);
      st.add(t, sl(t, h, "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
      st.add(t + 3, sl(t + 3, h, "CRON", pid + 1, "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"));
      const tc = t + r.int(200, 900);
      st.add(tc, sl(tc, h, "CRON", pid, "pam_unix(cron:session): session closed for user root"));
      if (r.chance(0.9)) {
        const ts = t + r.int(1, 3) * SEC;
        st.add(ts, sl(ts, h, "systemd", 1, "sysstat-collect.service: Deactivated successfully."));
      }
    }
    for (let t = t0 + r.int(1, 59) * MIN; t < end; t += HOUR) {
      const pid = r.int(10000, 99999);
      st.add(t, sl(t, h, "CRON", pid, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"));
    }
    // DHCP renewals every ~30 min
    for (let t = t0 + r.int(0, 29) * MIN; t < end; t += 30 * MIN + r.int(-20, 20) * SEC) {
      st.add(t, sl(t, h, "systemd-networkd", 612, `eth0: DHCPv4 address ${hostIp.get(h)}/24, gateway 10.0.0.1 acquired from 10.0.0.1`));
    }
    // chrony, occasionally
    for (const t of spread(r, r.int(3, 8), t0, end)) st.add(t, sl(t, h, "chronyd", 701, `Selected source 169.254.169.123 (${r.pick(["ntp", "PHC"])})`));
    // kernel: firewall drops of internet background noise
    for (const t of spread(r, r.int(25, 45), t0, end)) {
      st.add(
        t,
        sl(
          t,
          h,
          "kernel",
          null,
          `[UFW BLOCK] IN=eth0 OUT= MAC=${r.hex(12)} SRC=${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} DST=${hostIp.get(h)} LEN=44 TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65000)} PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick([23, 22, 3389, 8080, 445])} WINDOW=1024 RES=0x00 SYN URGP=0`,
        ),
      );
    }
    // deploy logins (ansible from the bastion), each a full ssh session
    for (const t of spread(r, r.int(18, 30), t0, end - 10 * MIN)) {
      const pid = r.int(20000, 99999);
      const port = r.int(32768, 60999);
      const s = session++;
      const bastion = "10.0.0.5";
      const dur = r.int(3, 240) * SEC;
      const lines: [number, string, number, string][] = [
        [0, "sshd", pid, `Accepted publickey for deploy from ${bastion} port ${port} ssh2: ED25519 SHA256:${r.alnum(43)}`],
        [20, "sshd", pid, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)"],
        [40, "systemd-logind", 588, `New session ${s} of user deploy.`],
        [60, "systemd", 1, `Started Session ${s} of User deploy.`],
        [dur, "sshd", pid, `Received disconnect from ${bastion} port ${port}:11: disconnected by user`],
        [dur + 5, "sshd", pid, `Disconnected from user deploy ${bastion} port ${port}`],
        [dur + 10, "sshd", pid, "pam_unix(sshd:session): session closed for user deploy"],
        [dur + 30, "systemd-logind", 588, `Session ${s} logged out. Waiting for processes to exit.`],
        [dur + 60, "systemd-logind", 588, `Removed session ${s}.`],
      ];
      for (const [dt, prog, p, msg] of lines) st.add(t + dt, sl(t + dt, h, prog, p, msg));
    }
    // daily timers that happen to fall in the window
    const tt = t0 + r.float(0.1, 0.9) * 6 * HOUR;
    st.add(tt, sl(tt, h, "systemd", 1, "Starting Cleanup of Temporary Directories..."));
    st.add(tt + 800, sl(tt + 800, h, "systemd", 1, "systemd-tmpfiles-clean.service: Deactivated successfully."));
    st.add(tt + 810, sl(tt + 810, h, "systemd", 1, "Finished Cleanup of Temporary Directories."));
    const ta = t0 + r.float(0.1, 0.9) * 6 * HOUR;
    st.add(ta, sl(ta, h, "systemd", 1, "Starting Daily apt download activities..."));
    st.add(ta + 9000, sl(ta + 9000, h, "systemd", 1, "apt-daily.service: Deactivated successfully."));
    st.add(ta + 9010, sl(ta + 9010, h, "systemd", 1, "Finished Daily apt download activities."));
    const tsn = t0 + r.float(0.1, 0.9) * 6 * HOUR;
    st.add(tsn, sl(tsn, h, "snapd", 944, "autorefresh.go:540: auto-refresh: all snaps are up-to-date"));
  }
  return st.build(
    "atoll-quiet-rack-syslog",
    "six quiet hours on six rack hosts: cron, sysstat, deploy ssh sessions, DHCP renewals, chrony and firewall drops; nothing to page anyone about",
  );
}
