/**
 * reindex-skip-errors: media-reindex runs every hour at :05 and writes `skipping asset` for
 * each asset it leaves alone: an unchanged checksum, and from the first run after a customer
 * deletes a large album (about half-way in) a deleted source object, on which the line carries
 * the storage client's `err` (NoSuchKey): a deliberate skip, repeated for the same assets every
 * run until the nightly cleanup drops them from the index. A
 * fifth in, the mail relay's postfix fails to come back after a config reload; the mailer's
 * sends fail and are queued for retry until it is started again. Late in the window the object
 * store answers slowly and media-api's thumbnails take seconds.
 */
import { edgeTraffic, openWindow, upstreamAddr, viaEdge } from "./common.js";
import { bunyan, bunyanErr, kubeEvent, pino, pinoHttp, pyjson, pyTraceback, rsyslog } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "reindex-skip-errors";

export function reindexSkipErrors(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-23", 9, 5);

  // ── media-api (Node): uploads and thumbnails; a customer deletes a large album half-way in ──
  const api = [0, 1].map(() => ({ name: "media-api", hostname: rng.pod("media-api"), pid: 1 }));
  const apiUp = upstreamAddr(rng, "10.9", 3000);
  const deleteAt = tl.at(rng.float(0.4, 0.5));
  const deleted = Array.from({ length: rng.int(60, 110) }, () => `as_${rng.alnum(12)}`);
  tl.add(
    deleteAt,
    pino(deleteAt, rng.pick(api), "info", "album deleted", {
      albumId: `alb_${rng.alnum(12)}`,
      assets: deleted.length,
      accountId: `acc_${rng.alnum(8)}`,
      hard: true,
    }),
  );
  const slowFrom = tl.at(rng.float(0.74, 0.82));
  const slowTo = slowFrom + rng.int(9, 15) * MINUTE;
  for (const s of arrivals(rng, start, end, 3, shape, 1.2)) {
    const src = rng.pick(api);
    const upload = rng.chance(0.15);
    const url = upload ? "/v2/assets" : `/v2/assets/as_${rng.alnum(12)}/thumbnail?w=${rng.pick([160, 320, 640])}`;
    const slow = !upload && s >= slowFrom && s < slowTo;
    const took = slow ? rng.logNormal(3400, 0.4) : rng.logNormal(upload ? 240 : 38, 0.4);
    const label: AnomalyType | null = slow && took > 1000 ? "performance" : null;
    const status = upload ? 201 : rng.chance(0.02) ? 404 : 200;
    const d = s + Math.round(took);
    if (slow && took > 1000) {
      tl.add(d - 2, pino(d - 2, src, "warn", "slow object storage read", { bucket: "media-thumbnails", durationMs: Math.round(took) - 4 }), "performance");
    }
    tl.add(
      d,
      pinoHttp(d, src, { id: rng.uuid(), method: upload ? "POST" : "GET", url, remoteAddress: `::ffff:${rng.privateIp("10.9")}` }, status, took),
      label,
    );
    viaEdge(rng, tl, s - 2, "media-edge", { method: upload ? "POST" : "GET", uri: url, status, tookMs: took + 3, upstream: apiUp }, label);
  }

  // ── media-reindex (Node CronJob, every hour at :05): skips unchanged assets, and deleted ones ──
  for (let at = Math.floor(start / HOUR) * HOUR + 5 * MINUTE; at < end; at += HOUR) {
    const stamp = Math.floor(at / 60000);
    const job = `media-reindex-${stamp}`;
    const pod = `${job}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
    const src = { name: "media-reindex", hostname: pod, pid: 1 };
    const jobObj = { kind: "Job", name: job, namespace: "media" };
    tl.add(
      at,
      kubeEvent(
        at,
        "Normal",
        "SuccessfulCreate",
        `Created job ${job}`,
        { kind: "CronJob", name: "media-reindex", namespace: "media" },
        { component: "cronjob-controller" },
        rng.uuid(),
      ),
    );
    tl.add(at + 40, kubeEvent(at + 40, "Normal", "SuccessfulCreate", `Created pod: ${pod}`, jobObj, { component: "job-controller" }, rng.uuid()));
    const boot = at + rng.int(4000, 9000);
    const changed = rng.int(900, 2600);
    tl.add(boot, bunyan(boot, src, "info", "reindex run started", { run: job, changedSince: new Date(at - HOUR).toISOString(), candidates: changed }));
    const batches = Math.ceil(changed / 100);
    // the deleted album's assets stay candidates, run after run, until the nightly cleanup
    const gone = at > deleteAt ? deleted : [];
    let t = boot;
    let skipped = 0;
    let missing = 0;
    for (let b = 1; b <= batches; b++) {
      t += rng.int(18, 40) * SECOND + rng.int(0, 999);
      for (let k = rng.int(0, 5); k > 0; k--) {
        const u = t - rng.int(1, 17000);
        skipped += 1;
        tl.add(
          u,
          bunyan(u, src, "info", "skipping asset", {
            run: job,
            assetId: `as_${rng.alnum(12)}`,
            lastIndexed: new Date(u - rng.int(1, 30) * HOUR).toISOString(),
          }),
        );
      }
      for (const assetId of gone.slice(Math.floor(((b - 1) * gone.length) / batches), Math.floor((b * gone.length) / batches))) {
        const u = t - rng.int(1, 17000);
        const err = bunyanErr(
          "NoSuchKey",
          "The specified key does not exist.",
          [
            "de_NoSuchKey (/app/node_modules/@aws-sdk/client-s3/dist-cjs/index.js:5032:21)",
            "async /app/node_modules/@aws-sdk/middleware-serde/dist-cjs/index.js:35:20",
            `async fetchSource (/app/dist/reindex/source.js:22:17)`,
          ],
          "NoSuchKey",
        );
        skipped += 1;
        missing += 1;
        tl.add(u, bunyan(u, src, "info", "skipping asset", { run: job, assetId, err }));
      }
      tl.add(t, bunyan(t, src, "info", "batch indexed", { run: job, batch: b, of: batches, durationMs: rng.int(9000, 16000) }));
    }
    const done = t + rng.int(200, 900);
    tl.add(done, bunyan(done, src, "info", "reindex run finished", { run: job, indexed: changed - skipped, skipped, sourceMissing: missing }));
    tl.add(done + 3 * SECOND, kubeEvent(done + 3 * SECOND, "Normal", "Completed", "Job completed", jobObj, { component: "job-controller" }, rng.uuid()));
  }

  // ── the mail relay (postfix) fails to start after a reload; the mailer's sends fail meanwhile ──
  const relay = "mail-relay-01";
  const failAt = tl.at(rng.float(0.18, 0.27));
  const fixAt = failAt + rng.int(18, 30) * MINUTE;
  const relayLog = (t: number, severity: "info" | "err" | "crit", program: string, pid: number | undefined, text: string, label: AnomalyType | null = null) =>
    tl.add(t, rsyslog(t, relay, "mail", severity, program, pid, text), label);
  relayLog(failAt - 900, "info", "postfix/postfix-script", rng.int(2000, 9000), "refreshing the Postfix mail system");
  relayLog(failAt - 400, "info", "postfix/master", 1210, "reload -- version 3.7.11, configuration /etc/postfix");
  relayLog(failAt, "crit", "postfix/master", 1210, "fatal: bind 0.0.0.0 port 587: Address already in use", "error");
  relayLog(failAt + 30, "err", "systemd", 1, "postfix@-.service: Main process exited, code=exited, status=1/FAILURE", "error");
  relayLog(failAt + 32, "err", "systemd", 1, "postfix@-.service: Failed with result 'exit-code'.", "error");
  relayLog(fixAt - 2000, "info", "systemd", 1, "Starting postfix@-.service - Postfix Mail Transport Agent (instance -)...");
  relayLog(fixAt, "info", "postfix/master", rng.int(20000, 30000), "daemon started -- version 3.7.11, configuration /etc/postfix");
  const mailer = { service: "mailer", host: rng.pod("mailer") };
  const templates = ["order-confirmation", "shipping-update", "password-reset", "share-invite", "weekly-digest"];
  const tb = pyTraceback(
    [
      ["/app/mailer/send.py", 47, "deliver", "with smtplib.SMTP(self.host, 587, timeout=10) as smtp:"],
      ["/usr/local/lib/python3.12/smtplib.py", 255, "__init__", "(code, msg) = self.connect(host, port)"],
      ["/usr/local/lib/python3.12/socket.py", 850, "create_connection", "sock.connect(sa)"],
    ],
    "ConnectionRefusedError: [Errno 111] Connection refused",
  );
  for (const t of arrivals(rng, start, end, 1, shape, 1.2)) {
    const template = rng.pick(templates);
    const to = `${rng.alnum(1)}***@${rng.pick(["gmail.com", "outlook.com", "web.de", "icloud.com", "gmx.net"])}`;
    const id = rng.uuid();
    if (t >= failAt + 30 && t < fixAt) {
      tl.add(t, pyjson(t, mailer, "ERROR", "mailer.send", `failed to send ${template} email`, { message_id: id, to }, tb), "error");
      tl.add(t + 3, pyjson(t + 3, mailer, "WARNING", "mailer.queue", `queued ${template} email for retry in 300s`, { message_id: id, attempt: 1 }), "error");
      continue;
    }
    const took = rng.logNormal(310, 0.3);
    tl.add(
      t + Math.round(took),
      pyjson(t + Math.round(took), mailer, "INFO", "mailer.send", `sent ${template} email`, { message_id: id, to, duration_ms: Math.round(took) }),
    );
  }

  edgeTraffic(rng, tl, {
    service: "media-edge",
    perMinute: 1,
    routes: [
      ["GET /", 20],
      ["GET /albums/<id>", 50],
      ["GET /static/<asset>", 30],
    ],
    upstream: upstreamAddr(rng, "10.9", 8080),
    shape,
    peak: 1.2,
  });

  return tl.build(
    NAME,
    "the hourly reindex job logs skipped assets with the storage client's NoSuchKey err once a customer deletes a large album; the mail relay's postfix fails after a reload and sends fail until it is restarted; thumbnails slow late",
  );
}
