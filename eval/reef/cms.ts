import {
  whole,
  alnum,
  baseTime,
  between,
  chance,
  HOUR,
  hex,
  int,
  isoSec,
  type Label,
  MIN,
  nginxTime,
  pick,
  poisson,
  pyTime,
  type Rng,
  round,
  rngFor,
  SEC,
  Sink,
} from "./lib.js";
import type { Scenario } from "./types.js";

interface Section {
  slug: string;
  first: number; // fraction of the window
  lines: string[];
}

const PRESS: Section[] = [
  { slug: "news", first: 0, lines: ["wire copy deduplicated against AP and Reuters feeds", "related-links block recomputed"] },
  { slug: "sport", first: 0, lines: ["match centre widget bound to fixture", "league table snapshot embedded"] },
  { slug: "business", first: 0.06, lines: ["market ticker embed refreshed", "paywall meter rule applied for premium desk"] },
  { slug: "liveblog", first: 0.12, lines: ["merged pending posts into liveblog timeline", "pinned post reordered to top"] },
  { slug: "recipes", first: 0.19, lines: ["nutrition panel recomputed from ingredient list", "recipe schema.org markup generated"] },
  { slug: "podcasts", first: 0.26, lines: ["chapter markers extracted from episode feed", "transcript excerpt attached to show notes"] },
  { slug: "weather", first: 0.32, lines: ["regional forecast tiles regenerated", "severe weather banner rules evaluated"] },
  { slug: "obituaries", first: 0.38, lines: ["family notice queued for legal review", "guestbook thread opened"] },
  { slug: "travel", first: 0.44, lines: ["destination map pins geocoded", "affiliate hotel widget attached"] },
  { slug: "culture", first: 0.5, lines: ["review star rating normalised to five-point scale", "gallery captions synced from picture desk"] },
  { slug: "science", first: 0.56, lines: ["footnote references resolved against DOI index", "interactive chart bundle pinned to version"] },
  { slug: "letters", first: 0.61, lines: ["reader letter anonymisation pass done", "letters column layout packed"] },
];

function edgeLine(r: Rng, t: number, app: string, host: string): Record<string, unknown> {
  const uri = pick(r, [
    "/",
    "/news/",
    "/sport/",
    "/business/",
    "/liveblog/latest",
    "/api/cms/stories",
    "/api/cms/assets/upload",
    "/static/site.css",
    `/news/${int(r, 2020, 2025)}/story-${alnum(r, 10)}`,
  ]);
  const method = uri.startsWith("/api/cms/assets") ? "POST" : "GET";
  const rt = uri.startsWith("/api") ? between(r, 0.02, 0.35) : between(r, 0.001, 0.03);
  const status = chance(r, 0.02) ? 404 : uri === "/" && chance(r, 0.3) ? 304 : 200;
  return {
    time_iso8601: nginxTime(t),
    app,
    remote_addr: `${int(r, 31, 213)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
    request: `${method} ${uri} HTTP/2.0`,
    status,
    body_bytes_sent: status === 304 ? 0 : int(r, 500, 160000),
    request_time: round(rt, 3),
    upstream_cache_status: uri.startsWith("/api") ? "-" : pick(r, ["HIT", "HIT", "HIT", "MISS"]),
    host,
  };
}

export function presspipeStalePurgeToken(seed: number): Scenario {
  const name = "presspipe-stale-purge-token";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 10, 6, 5);
  const span = 12 * HOUR;
  const end = start + span;
  const probFrom = start + 0.66 * span + between(r, 0, 15) * MIN;
  const pid = int(r, 20, 400);
  const hostname = `presspipe-${hex(r, 9)}-${alnum(r, 5)}`;
  const log = (t: number, level: number, msg: string, extra: Record<string, unknown>, label: Label = null) =>
    s.add(t, { level, time: Math.floor(t), pid, hostname, name: "presspipe", msg, ...extra }, label);
  let cached = 0;
  let stale = 0;
  let warn401 = 0;
  let hardFail = 0;
  for (const sec of PRESS) {
    for (let t = start + sec.first * span + between(r, 2, 15) * MIN; t < end; t += between(r, 6, 45) * MIN) {
      const storyId = `st_${alnum(r, 10)}`;
      const rev = int(r, 2, 40);
      log(t, 30, "story published", { storyId, section: sec.slug, revision: rev });
      let at = t;
      for (const line of sec.lines) {
        at += between(r, 0.3, 4) * SEC;
        log(at, 30, line, { storyId, section: sec.slug });
      }
      at += between(r, 0.5, 3) * SEC;
      if (t > probFrom && cached < 60) {
        cached++;
        log(
          at,
          30,
          "reusing cached purge credentials, token refresh skipped",
          { storyId, tokenAgeMin: Math.round((t - probFrom) / MIN) + 61, provider: "fastly" },
          "pattern",
        );
        if (chance(r, 0.5) && stale < 40) {
          stale++;
          at += between(r, 20, 90) * SEC;
          log(
            at,
            30,
            "edge still serving previous revision after purge, scheduling another pass",
            { storyId, expectedRevision: rev, servedRevision: rev - 1 },
            "pattern",
          );
        }
        if (chance(r, 0.18) && warn401 < 9) {
          warn401++;
          log(at + 2 * SEC, 40, "purge endpoint answered 401, retrying with the same bearer", { storyId, statusCode: 401 }, "error");
        }
        if (chance(r, 0.07) && hardFail < 3) {
          hardFail++;
          log(
            at + 5 * MIN,
            50,
            "story left stale on edge after 3 purge passes",
            { storyId, err: { type: "PurgeRejectedError", message: "Fastly API 401 Unauthorized: token expired" } },
            "error",
          );
        }
        continue;
      }
      log(at, 30, "cdn purge acknowledged", { storyId, purgeId: hex(r, 12), durationMs: int(r, 40, 260) });
    }
  }
  for (let t = start + 30 * MIN; t < probFrom; t += HOUR)
    log(t + between(r, 0, 60) * SEC, 30, "purge token refreshed", { provider: "fastly", expiresInMin: 60 });
  poisson(r, start, end, 19 * SEC, (t) => s.add(whole(t), edgeLine(r, whole(t), "cms-edge", "www.tidewater-gazette.example")));
  return s.build(
    name,
    "A publishing pipeline whose sections come online through the day, each with its own steps; the CDN purge token stops refreshing and the only trace is INFO lines reusing cached credentials and re-purging stale pages, plus a few 401s",
  );
}

const COPYDESK: Section[] = PRESS.slice(0, 9).map((x, i) => ({ ...x, first: i < 2 ? 0 : i * 0.07 }));
const ELECTION: Section = {
  slug: "election-night",
  first: 0.8,
  lines: ["results ticker refreshed for declared constituencies", "candidate cards rendered with declared vote shares", "exit-poll embargo check passed"],
};

export function copydeskElectionSectionThumbnailerOom(seed: number): Scenario {
  const name = "copydesk-election-section-thumbnailer-oom";
  const r = rngFor(seed, name);
  const s = new Sink();
  const start = baseTime(r, 2025, 6, 30, 8);
  const span = 14 * HOUR;
  const end = start + span;
  const leakFrom = start + 0.3 * span;
  const oom1 = start + 0.44 * span + between(r, 0, 10) * MIN;
  const oom2 = oom1 + between(r, 9, 14) * MIN;
  const fixed = oom2 + between(r, 25, 35) * MIN;
  const pid = int(r, 20, 400);
  const hostname = `copydesk-${hex(r, 9)}-${alnum(r, 5)}`;
  const thumbPod = `thumbnailer-${hex(r, 9)}-${alnum(r, 5)}`;
  const log = (t: number, level: number, msg: string, extra: Record<string, unknown>, label: Label = null) =>
    s.add(t, { level, time: Math.floor(t), pid, hostname, name: "copydesk", msg, ...extra }, label);
  const down = (t: number) => (t > oom1 && t < oom1 + 90 * SEC) || (t > oom2 && t < fixed);
  let noHero = 0;
  for (const sec of [...COPYDESK, ELECTION]) {
    const gap = sec === ELECTION ? [3, 12] : [8, 50];
    for (let t = start + sec.first * span + between(r, 2, 10) * MIN; t < end; t += between(r, gap[0]!, gap[1]!) * MIN) {
      const storyId = `st_${alnum(r, 10)}`;
      log(t, 30, "story published", { storyId, section: sec.slug });
      let at = t;
      for (const line of sec.lines) {
        at += between(r, 0.3, 4) * SEC;
        log(at, 30, line, { storyId, section: sec.slug });
      }
      if (down(at) && noHero < 12) {
        noHero++;
        log(
          at + 31 * SEC,
          40,
          "thumbnail request failed, publishing without hero image",
          { storyId, err: { type: "FetchError", message: "request to http://thumbnailer:8080/render failed, reason: socket hang up" } },
          "error",
        );
      } else log(at + between(r, 1, 3) * SEC, 30, "hero image attached", { storyId, durationMs: int(r, 120, 900) });
    }
  }
  // thumbnailer: python json logger, rss creeping after leakFrom until the kernel kills it
  for (let t = start + between(r, 0, 60) * SEC; t < end; t += 60 * SEC) {
    if (down(t)) continue;
    const since = t < oom1 ? leakFrom : oom1 + 90 * SEC;
    const target = t < oom1 ? oom1 : oom2;
    const leaking = t > leakFrom && t < fixed;
    const pct = leaking ? Math.min(99, 55 + ((t - since) / (target - since)) * 44) : between(r, 38, 52);
    const rss = Math.round((pct / 100) * 2048);
    s.add(
      t,
      {
        asctime: pyTime(t),
        levelname: "INFO",
        name: "thumbnailer.worker",
        app: "thumbnailer",
        pod: thumbPod,
        message: "worker memory sample",
        rss_mb: rss,
        limit_mb: 2048,
      },
      pct >= 88 ? "memory" : null,
    );
    poissonBurst(r, t, (at) =>
      s.add(at, {
        asctime: pyTime(at),
        levelname: "INFO",
        name: "thumbnailer.render",
        app: "thumbnailer",
        pod: thumbPod,
        message: "rendered crop set",
        variants: 6,
        duration_ms: int(r, 80, 600),
      }),
    );
  }
  for (const at of [oom1, oom2]) {
    s.add(
      at - 2 * SEC,
      {
        asctime: pyTime(at - 2 * SEC),
        levelname: "ERROR",
        name: "gunicorn.error",
        app: "thumbnailer",
        pod: thumbPod,
        message: "Worker (pid:41) was sent SIGKILL! Perhaps out of memory?",
      },
      "memory",
    );
    addEvent(
      s,
      r,
      at,
      thumbPod,
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${int(r, 1000, 9000)} (gunicorn) total-vm:3145728kB, anon-rss:2097152kB`,
      "Warning",
      "kernel-monitor",
      "memory",
    );
    addEvent(s, r, at + 30 * SEC, thumbPod, "BackOff", "Back-off restarting failed container thumbnailer in pod", "Warning", "kubelet", "error");
  }
  addEvent(s, r, fixed, thumbPod, "Started", "Started container thumbnailer", "Normal", "kubelet");
  // routine cluster events: cronjobs and scale activity
  poisson(r, start, end, 9 * MIN, (t) => {
    const pod = `sitemap-rebuild-${int(r, 29000000, 29999999)}-${alnum(r, 5)}`;
    addEvent(s, r, t, pod, "Scheduled", `Successfully assigned newsroom-prod/${pod} to node-${int(r, 1, 9)}`, "Normal", "default-scheduler");
    addEvent(s, r, t + 2 * SEC, pod, "Pulled", 'Container image "registry.corp.example/sitemap:1.9.2" already present on machine', "Normal", "kubelet");
    addEvent(s, r, t + 3 * SEC, pod, "Started", "Started container sitemap", "Normal", "kubelet");
  });
  return s.build(
    name,
    "CMS launches an election-night section late with its own recurring lines (benign); earlier the thumbnailer leaks memory and is OOM-killed twice, copydesk publishes without hero images",
  );
}

function poissonBurst(r: Rng, t: number, fn: (at: number) => void): void {
  const n = int(r, 1, 3);
  for (let i = 0; i < n; i++) fn(t + between(r, 1, 59) * SEC);
}

function addEvent(s: Sink, r: Rng, t: number, pod: string, reason: string, message: string, type: string, component: string, label: Label = null): void {
  const w = whole(t);
  s.add(w, kEvent(r, w, pod, reason, message, type, component), label);
}

function kEvent(r: Rng, t: number, pod: string, reason: string, message: string, type: string, component: string): Record<string, unknown> {
  const ts = isoSec(t);
  return {
    kind: "Event",
    apiVersion: "v1",
    metadata: {
      name: `${pod}.${hex(r, 16)}`,
      namespace: "newsroom-prod",
      uid: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
      resourceVersion: String(int(r, 10000000, 99999999)),
      creationTimestamp: ts,
    },
    involvedObject: { kind: "Pod", namespace: "newsroom-prod", name: pod, apiVersion: "v1" },
    reason,
    message,
    source: { component, host: `node-${int(r, 1, 9)}` },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: "",
  };
}
