/*
 * media-upload-decompression-bombs
 *
 * A multi-tenant media upload platform: upload-api (Spring Boot, logstash JSON),
 * a Celery thumbnailer (python-json-logger), auth-gateway (Go, zap), notifier
 * (Node, pino) and cdn-purger (Go, slog). Every normal line is full of
 * high-cardinality tokens: tenant/upload UUIDs, S3 keys, presigned URLs with
 * query strings, sha256/etag hashes, e-mail addresses, webhook URLs.
 *
 * At some point a scripted client of one tenant starts pushing crafted PNGs with
 * enormous pixel dimensions. Most are rejected by Pillow with
 * DecompressionBombError; the ones just under the hard limit get decoded, blow up
 * the Celery worker's memory and get the child SIGKILLed. upload-api quarantines
 * the rejected objects and the gateway rate-limits the bot. Every one of those
 * lines is of a kind these services never write otherwise. Routine noise: client
 * aborted uploads and bad EXIF orientation warnings.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(t).toISOString();
const isoOffset = (t: number): string => new Date(t).toISOString().replace("Z", "+00:00");
const pyTimestamp = (t: number): string => new Date(t).toISOString().replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};
const amzDate = (t: number): string => iso(t).replace(/[-:]/g, "").slice(0, 15) + "Z";

const FIRST = ["maria", "jan", "li", "aisha", "tom", "sofia", "lukas", "emma", "noah", "yuki", "omar", "lea", "ivan", "chloe", "mateo", "anna", "ravi", "nora"];
const LAST = [
  "kowalski",
  "schmidt",
  "chen",
  "okafor",
  "brown",
  "rossi",
  "novak",
  "martin",
  "silva",
  "tanaka",
  "haddad",
  "meyer",
  "petrov",
  "dubois",
  "garcia",
  "lind",
  "patel",
  "berg",
];
const DOMAINS = ["gmail.com", "outlook.com", "example.org", "studio-nord.example", "fotohaus.example", "mail.example.net", "icloud.com"];
const FILES = ["IMG_", "DSC_", "PXL_", "photo-", "scan-", "export_", "Screenshot "];
const EXT: readonly (readonly [string, string, number])[] = [
  ["jpg", "image/jpeg", 50],
  ["HEIC", "image/heic", 20],
  ["png", "image/png", 15],
  ["webp", "image/webp", 10],
  ["tiff", "image/tiff", 5],
];

export function s02MediaUploadDecompressionBombs(seed: number): Scenario {
  const r = rng(seed, "tundra/s02");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(6, 20), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(60, 75) * 60_000;
  const end = start + windowMs;

  // population
  const tenants = Array.from({ length: r.int(30, 45) }, () => r.uuid());
  const users = Array.from({ length: r.int(220, 320) }, () => {
    const f = r.pick(FIRST);
    const l = r.pick(LAST);
    const style = r.int(0, 3);
    const local = style === 0 ? `${f}.${l}` : style === 1 ? `${f[0]}.${l}` : style === 2 ? `${f}${r.int(1, 99)}` : `${f}.${l}+media`;
    return { email: `${local}@${r.pick(DOMAINS)}`, tenant: r.pick(tenants), sub: `auth0|${r.hex(24)}`, hash: r.hex(12) };
  });
  const clientIds = Array.from({ length: 6 }, () => r.alnum(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
  const webhookHosts = Array.from({ length: 12 }, (_, i) => `hooks.customer-${r.int(100, 999)}-${i}.example.com`);

  // producers
  const threadPool = Array.from({ length: 24 }, (_, i) => `http-nio-8080-exec-${i + 1}`);
  const upl = (t: number, level: string, logger: string, message: string, mdc: Record<string, unknown>): Record<string, unknown> => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: r.pick(threadPool),
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "upload-api",
    ...mdc,
  });
  const thumb = (t: number, levelname: string, name: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name,
    processName: `ForkPoolWorker-${r.int(1, 8)}`,
    message,
    service: "thumbnailer",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  const gwHosts = [0, 1, 2].map(() => `auth-gateway-${r.hex(10)}-${r.alnum(5)}`);
  const gw = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "auth-gateway",
    host: r.pick(gwHosts),
    ...fields,
  });
  const notif = (t: number, level: number, msg: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: `notifier-${r.hex(9)}-${r.alnum(5)}`,
    service: "notifier",
    ...extra,
    msg,
  });

  // attack window
  const attackStart = start + windowMs * r.float(0.2, 0.68);
  const attackLen = r.int(6, 10) * 60_000;
  const badTenant = r.pick(tenants);
  const botEmail = `ci-upload-bot+${r.alnum(6)}@${r.pick(["studio-nord.example", "fotohaus.example"])}`;
  const botSub = `auth0|${r.hex(24)}`;
  const botClient = r.pick(clientIds);

  const s3Key = (tenant: string, userHash: string, t: number, name: string): string => {
    const d = iso(t);
    return `t/${tenant}/u/${userHash}/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${r.uuid()}-${name}`;
  };

  interface Upload {
    t: number;
    email: string;
    tenant: string;
    sub: string;
    userHash: string;
    bomb: 0 | 1 | 2; // 0 normal, 1 over the hard limit, 2 just under it
  }
  const uploads: Upload[] = [];
  for (let t = start + r.exp(6000); t < end - 20_000; t += r.exp(r.float(7000, 8800))) {
    const u = r.pick(users);
    uploads.push({ t, email: u.email, tenant: u.tenant, sub: u.sub, userHash: u.hash, bomb: 0 });
  }
  const nBombs = r.int(14, 22);
  const botHash = r.hex(12);
  for (let i = 0; i < nBombs; i++) {
    uploads.push({ t: attackStart + r.float(0, attackLen), email: botEmail, tenant: badTenant, sub: botSub, userHash: botHash, bomb: r.chance(0.7) ? 1 : 2 });
  }
  uploads.sort((a, b) => a.t - b.t);

  let jobN = r.int(200, 900);
  for (const up of uploads) {
    const isBomb = up.bomb !== 0;
    const [ext, ctype] = isBomb ? ["png", "image/png"] : r.weighted(EXT.map((e) => [[e[0], e[1]] as const, e[2]] as const));
    const fname = isBomb ? `render_${r.hex(8)}.png` : `${r.pick(FILES)}${r.int(1000, 9999)}.${ext}`;
    const key = s3Key(up.tenant, up.userHash, up.t, fname);
    const uploadId = r.uuid();
    const traceId = r.hex(32);
    const size = isBomb ? r.int(40_000, 420_000) : Math.round(r.logn(2_400_000, 0.7));
    const mdc = { traceId, spanId: r.hex(16), tenantId: up.tenant, userEmail: up.email };

    // gateway authorises the API call
    const tg = up.t - r.int(5, 40);
    push(
      tg,
      gw(
        tg,
        "info",
        "authz/verify.go:118",
        `token verified sub=${up.sub} email=${up.email} client_id=${isBomb ? botClient : r.pick(clientIds)} jti=${r.uuid()} path=/v2/uploads?tenant=${up.tenant}&multipart=false`,
        {
          trace_id: traceId,
          latency_ms: Number(r.logn(1.6, 0.3).toFixed(2)),
        },
      ),
    );

    const expires = 900;
    push(
      up.t,
      upl(
        up.t,
        "INFO",
        "com.acme.media.upload.UploadController",
        `Upload initiated uploadId=${uploadId} user=${up.email} contentType=${ctype} size=${size} presignedUrl=https://acme-media-prod.s3.eu-central-1.amazonaws.com/${encodeURI(key)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${amzDate(up.t)}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host%3Bx-amz-checksum-sha256&X-Amz-Signature=${r.hex(64)}`,
        mdc,
      ),
    );

    // occasional client abort (routine)
    if (!isBomb && r.chance(0.012)) {
      const ta = up.t + r.int(4000, 30000);
      push(
        ta,
        upl(
          ta,
          "WARN",
          "com.acme.media.upload.UploadCompletionListener",
          `Client aborted upload uploadId=${uploadId} after ${(r.float(3, 29)).toFixed(1)}s, ${r.int(10, 90)}% transferred (org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe)`,
          mdc,
        ),
      );
      continue;
    }
    const tc = up.t + Math.round(r.logn(2500, 0.5));
    const sha = r.hex(64);
    push(
      tc,
      upl(
        tc,
        "INFO",
        "com.acme.media.upload.UploadCompletionListener",
        `Upload completed uploadId=${uploadId} key=s3://acme-media-prod/${key} etag="${r.hex(32)}" sha256=${sha} bytes=${size} in ${Math.round(r.logn(140, 0.4))} ms`,
        mdc,
      ),
    );

    // thumbnailer
    const tf = tc + r.int(150, 1200);
    push(
      tf,
      thumb(tf, "INFO", "thumbnailer.tasks", `Fetched s3://acme-media-prod/${key} etag=${r.hex(32)} size=${size} in ${Math.round(r.logn(85, 0.4))}ms`, {
        trace_id: traceId,
      }),
    );
    const taskId = r.uuid();
    if (up.bomb === 1) {
      const te = tf + r.int(40, 300);
      const px = r.pick([536_870_912, 1_073_741_824, 2_147_483_648, 4_000_000_000]);
      push(
        te,
        thumb(
          te,
          "ERROR",
          "thumbnailer.tasks",
          `Thumbnail render failed for s3://acme-media-prod/${key}: DecompressionBombError: Image size (${px} pixels) exceeds limit of 357913940 pixels, could be decompression bomb DOS attack.`,
          {
            trace_id: traceId,
            task_id: taskId,
            exc_info:
              "Traceback (most recent call last):\n" +
              '  File "/srv/thumbnailer/tasks.py", line 74, in render\n    with Image.open(buf) as im:\n' +
              '  File "/usr/local/lib/python3.11/site-packages/PIL/Image.py", line 3305, in open\n    _decompression_bomb_check(im.size)\n' +
              '  File "/usr/local/lib/python3.11/site-packages/PIL/Image.py", line 3204, in _decompression_bomb_check\n    raise DecompressionBombError(msg)\n' +
              `PIL.Image.DecompressionBombError: Image size (${px} pixels) exceeds limit of 357913940 pixels, could be decompression bomb DOS attack.`,
          },
        ),
        "error",
      );
      if (r.chance(0.55)) {
        const tq = te + r.int(300, 2000);
        push(
          tq,
          upl(
            tq,
            "WARN",
            "com.acme.media.upload.QuarantineService",
            `Upload ${uploadId} quarantined: thumbnail pipeline rejected object; moved s3://acme-media-prod/${key} -> s3://acme-media-quarantine/${up.tenant}/${uploadId}.bin`,
            mdc,
          ),
          "pattern",
        );
      }
    } else if (up.bomb === 2) {
      const px = r.int(190_000_000, 340_000_000);
      const tw = tf + r.int(20, 200);
      push(
        tw,
        thumb(
          tw,
          "WARNING",
          "py.warnings",
          `/usr/local/lib/python3.11/site-packages/PIL/Image.py:3218: DecompressionBombWarning: Image size (${px} pixels) exceeds limit of 178956970 pixels, could be decompression bomb DOS attack.\n  warnings.warn(`,
          { trace_id: traceId },
        ),
        "pattern",
      );
      const tm = tw + r.int(3000, 9000);
      const worker = `ForkPoolWorker-${r.int(1, 8)}`;
      const rssGiB = r.float(1.9, 3.4);
      push(
        tm,
        {
          ...thumb(
            tm,
            "WARNING",
            "thumbnailer.watchdog",
            `memory watchdog: ${worker} rss=${rssGiB.toFixed(2)}GiB exceeds limit 1.50GiB while rendering s3://acme-media-prod/${key}`,
          ),
          processName: worker,
        },
        "memory",
      );
      const pid = r.int(30, 4000);
      const tk = tm + r.int(500, 3000);
      push(
        tk,
        { ...thumb(tk, "ERROR", "celery.worker.request", `Process '${worker}' pid:${pid} exited with 'signal 9 (SIGKILL)'`), processName: "MainProcess" },
        "memory",
      );
      const tl = tk + r.int(5, 80);
      push(
        tl,
        {
          ...thumb(
            tl,
            "ERROR",
            "celery.app.trace",
            `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${jobN++}.')`,
            { task_id: taskId },
          ),
          processName: "MainProcess",
        },
        "error",
      );
    } else {
      const tr = tf + Math.round(r.logn(420, 0.5));
      const dims = r.pick(["4032x3024", "3024x4032", "1920x1080", "6000x4000", "2048x1536", "1170x2532"]);
      push(
        tr,
        thumb(
          tr,
          "INFO",
          "celery.app.trace",
          `Task thumbnails.render[${taskId}] succeeded in ${((tr - tf) / 1000).toFixed(3)}s: {'key': '${key}', 'src': '${dims}', 'variants': [160, 480, 1280], 'sha1': '${r.hex(40)}'}`,
          { trace_id: traceId },
        ),
      );
      if (r.chance(0.02)) {
        push(
          tr - 5,
          thumb(tr - 5, "WARNING", "thumbnailer.exif", `Invalid EXIF orientation ${r.pick([0, 9, 255])} in s3://acme-media-prod/${key}, ignoring`, {
            trace_id: traceId,
          }),
        );
      }
      // notifications
      const tn = tr + r.int(100, 1500);
      if (r.chance(0.45)) {
        push(
          tn,
          notif(tn, 30, `email queued to ${up.email} template=upload_ready messageId=<${r.hex(20)}@mail.acme-media.io> correlation=${traceId}`, {
            tenant: up.tenant,
          }),
        );
      } else if (r.chance(0.5)) {
        const hook = r.pick(webhookHosts);
        push(
          tn,
          notif(
            tn,
            30,
            `webhook delivered https://${hook}/media/events?token=${r.hex(24)}&event=upload.completed&upload=${uploadId} -> 200 in ${Math.round(r.logn(180, 0.5))}ms`,
            { tenant: up.tenant },
          ),
        );
      }
      if (r.chance(0.25)) {
        const tp = tn + r.int(200, 4000);
        push(tp, {
          time: iso(tp),
          level: "INFO",
          msg: `purge submitted https://cdn.acme-media.io/${key.replace(/\.[A-Za-z]+$/, "")}_480.webp?v=${r.hex(8)} purge_id=${r.alnum(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
          service: "cdn-purger",
          trace_id: traceId,
        });
      }
    }
  }

  // media reads through the gateway (CDN origin fetches) and listing calls
  for (let t = start + r.exp(4000); t < end; t += r.exp(r.float(4200, 5600))) {
    const u = r.pick(users);
    if (r.chance(0.7)) {
      push(
        t,
        gw(
          t,
          "info",
          "proxy/access.go:61",
          `GET /v2/media/${r.uuid()}?variant=${r.pick([160, 480, 1280])}&sig=${r.hex(40)}&exp=${Math.floor(t / 1000) + 3600} 200 ${r.int(4000, 240000)}B`,
          {
            remote_ip: `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
            tenant: u.tenant,
            latency_ms: Number(r.logn(14, 0.5).toFixed(2)),
          },
        ),
      );
    } else {
      const cursor = r.alnum(r.int(40, 64), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
      const tl = t + 3;
      push(
        t,
        gw(
          t,
          "info",
          "authz/verify.go:118",
          `token verified sub=${u.sub} email=${u.email} client_id=${r.pick(clientIds)} jti=${r.uuid()} path=/v2/uploads?tenant=${u.tenant}&cursor=${cursor}&limit=50`,
          {
            latency_ms: Number(r.logn(1.6, 0.3).toFixed(2)),
          },
        ),
      );
      push(
        tl,
        upl(
          tl,
          "INFO",
          "com.acme.media.upload.UploadQueryController",
          `GET /v2/uploads?tenant=${u.tenant}&cursor=${cursor}&limit=50 -> 200 (${r.int(0, 50)} items) in ${Math.round(r.logn(35, 0.4))} ms`,
          { traceId: r.hex(32), spanId: r.hex(16), tenantId: u.tenant, userEmail: u.email },
        ),
      );
    }
  }

  // the bot also hammers the listing API and gets throttled
  const nThrottle = r.int(2, 4);
  for (let i = 0; i < nThrottle; i++) {
    const t = attackStart + attackLen * r.float(0.25, 0.95);
    push(
      t,
      gw(
        t,
        "warn",
        "ratelimit/limiter.go:203",
        `rate limit exceeded: client_id=${botClient} sub=${botSub} email=${botEmail} tenant=${badTenant} limit=600/min observed=${r.int(640, 1900)}/min; responding 429`,
        {
          remote_ip: `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
          tenant: badTenant,
        },
      ),
      "pattern",
    );
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "media-upload-decompression-bombs",
    description:
      "High-cardinality media-upload traffic; one tenant's bot uploads decompression-bomb PNGs, causing Pillow errors, Celery worker memory kills, quarantines and rate limiting.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
