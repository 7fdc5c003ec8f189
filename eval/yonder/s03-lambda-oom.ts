// Lambda functions running out of memory: a mobile release starts uploading full-resolution 48 MP
// photos; the image-resize function's Max Memory Used reaches its Memory Size and the runtime is
// killed, async retries fail the same way and the events land in the on-failure destination.
// Decoys: frequent normal cold starts, an authorizer that logs expired tokens at ERROR all day,
// the occasional large DSLR image that fits, a janitor that usually finds nothing stuck.

import type { Scenario } from "../blind/types.js";
import { type FnLine, type Invocation, invoke, type LambdaFn, LambdaPool } from "./lambda.js";
import { pino, type PinoProc } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const REGION = "us-east-1";

export function lambdaOutOfMemory(seed: number): Scenario {
  const rng = new Rng(seed, "lambda-out-of-memory");
  const start = pickStart(rng, [14, 15, 16, 17, 18, 19, 20]);
  const tl = new Timeline(start, start + rng.int(40, 52) * MIN);
  const end = tl.end;
  const onset = tl.at(rng.float(0.45, 0.68));
  const bigShare = rng.float(0.22, 0.34);

  const resize: LambdaFn = { name: "image-resize", runtime: "nodejs20.x", memoryMb: 1024, timeoutS: 60, region: REGION, xray: true };
  const metadata: LambdaFn = { name: "media-metadata", runtime: "python3.12", memoryMb: 256, timeoutS: 30, region: REGION, xray: false };
  const authorizer: LambdaFn = { name: "api-authorizer", runtime: "nodejs20.x", memoryMb: 256, timeoutS: 10, region: REGION, xray: false };
  const janitor: LambdaFn = { name: "media-janitor", runtime: "python3.12", memoryMb: 512, timeoutS: 120, region: REGION, xray: false };
  const resizePool = new LambdaPool(resize, rng.fork("resize-envs"));
  const metaPool = new LambdaPool(metadata, rng.fork("meta-envs"));
  const authPool = new LambdaPool(authorizer, rng.fork("auth-envs"));
  const janitorPool = new LambdaPool(janitor, rng.fork("janitor-envs"));

  const invs: [LambdaPool, Invocation][] = [];
  const stuck: number[] = [];
  const failedEvents: { t: number; key: string; rid: string }[] = [];

  // --- uploads → image-resize (S3 event, async invoke with two retries)
  const upRng = rng.fork("uploads");
  const apiPods: PinoProc[] = [0, 1, 2].map(() => ({
    name: "upload-api",
    hostname: `ip-10-${upRng.int(0, 40)}-${upRng.int(0, 255)}-${upRng.int(2, 254)}.ec2.internal`,
    pid: upRng.int(7, 40),
  }));
  poisson(upRng, start - 2 * MIN, end, 10_800, (t) => {
    const user = upRng.int(100000, 9999999);
    const media = `m_${upRng.base62(12)}`;
    const key = `u/${user}/${media}.${upRng.chance(0.7) ? "jpg" : "heic"}`;
    const big = t > onset && upRng.chance(bigShare);
    const mp = big
      ? upRng.pick([48.0, 48.0, 48.8, 44.6])
      : upRng.weighted([
          [upRng.float(8, 12.5), 70],
          [upRng.float(12.5, 16), 22],
          [upRng.float(20, 26), 8],
        ] as const);
    const sizeMb = round(mp * upRng.float(0.28, 0.42), 1);
    const p = upRng.pick(apiPods);
    const appVer = big ? "7.2.0" : upRng.pick(["7.1.3", "7.1.3", "7.1.2", "7.0.9", "7.2.0"]);
    tl.add(t - upRng.int(800, 4000), (tt) =>
      pino(tt, p, "info", "presigned upload issued", {
        req: { method: "POST", url: "/v1/uploads/presign" },
        res: { statusCode: 200 },
        responseTime: round(upRng.logn(35, 0.3), 2),
        mediaId: media,
        contentType: key.endsWith("heic") ? "image/heic" : "image/jpeg",
        appVersion: appVer,
      }),
    );
    const startAt = t + upRng.int(400, 1500);
    const mem = 150 + mp * upRng.float(19.5, 21.5) + upRng.float(0, 25);
    const decodeMs = mp * upRng.float(28, 40);
    const writeMs = upRng.logn(420, 0.3) + mp * 12;
    const baseLines = (rt: number): FnLine[] => [
      { at: upRng.int(3, 12), level: "INFO", text: `Processing s3://acme-user-uploads-prod/${key} (${sizeMb} MB) eventName=ObjectCreated:Put` },
      {
        at: rt,
        level: "INFO",
        text: `Decoded ${Math.round(Math.sqrt(mp * 1e6 * 1.333))}x${Math.round(Math.sqrt((mp * 1e6) / 1.333))} (${round(mp, 1)} MP) in ${Math.round(decodeMs)} ms`,
      },
    ];
    if (mem < resize.memoryMb) {
      const dur = 40 + decodeMs + writeMs;
      const near = mem / resize.memoryMb >= 0.9 && t > onset;
      invs.push([
        resizePool,
        {
          t: startAt,
          durationMs: dur,
          maxMemMb: mem,
          lines: [
            ...baseLines(30 + decodeMs),
            {
              at: dur - 5,
              level: "INFO",
              text: `Wrote 4 variants (1600w, 800w, 320w, 96w) to s3://acme-media-derived-prod/${media}/ in ${Math.round(writeMs)} ms`,
            },
          ],
          outcome: "ok",
          reportLabel: near ? "memory" : null,
        },
      ]);
      // The derived variant triggers media-metadata.
      if (key.endsWith("jpg")) invs.push([metaPool, metaInvocation(upRng, startAt + dur + upRng.int(300, 1500), media)]);
    } else {
      // Killed while decoding, on the first attempt and on both async retries (same request id).
      const rid = upRng.uuid();
      let at = startAt;
      for (let attempt = 0; attempt < 3; attempt++) {
        const dur = 30 + decodeMs * upRng.float(0.55, 0.9);
        invs.push([
          resizePool,
          {
            t: at,
            requestId: rid,
            durationMs: dur,
            maxMemMb: resize.memoryMb,
            lines: [baseLines(0)[0] as FnLine],
            outcome: "killed",
            reportLabel: "memory",
            faultLabel: "memory",
          },
        ]);
        at += dur + (attempt === 0 ? upRng.int(55, 75) : upRng.int(110, 140)) * SEC;
      }
      failedEvents.push({ t: at - upRng.int(60, 100) * SEC, key, rid });
      stuck.push(startAt);
    }
  });

  // --- api-authorizer: every API call; expired tokens logged at ERROR, routinely
  const auRng = rng.fork("authorizer");
  poisson(auRng, start, end, 17_000, (t) => {
    const expired = auRng.chance(0.09);
    const sub = `usr_${auRng.base62(10)}`;
    const lines: FnLine[] = expired
      ? [
          {
            at: auRng.int(2, 9),
            level: "ERROR",
            text: `Unauthorized: TokenExpiredError: jwt expired (exp ${new Date(t - auRng.int(60, 7200) * SEC).toISOString()}, sub ${sub})`,
          },
        ]
      : [
          {
            at: auRng.int(2, 9),
            level: "INFO",
            text: `Allow ${sub} for arn:aws:execute-api:${REGION}:551942680137:k3v9q2x1ab/prod/${auRng.pick(["POST/v1/uploads/presign", "GET/v1/media/*", "GET/v1/feed", "DELETE/v1/media/*"])}`,
          },
        ];
    invs.push([authPool, { t, durationMs: auRng.logn(12, 0.5) + 3, maxMemMb: auRng.int(71, 84), lines, outcome: "ok" }]);
  });

  // --- media-janitor: every 5 minutes, finds media stuck in PROCESSING; also consumes the on-failure destination
  const jRng = rng.fork("janitor");
  every(jRng, start + jRng.int(0, 300) * SEC, end, 5 * MIN, 2000, (t) => {
    const n = stuck.filter((x) => x < t - 3 * MIN && x > t - 30 * MIN).length + (jRng.chance(0.2) ? 1 : 0);
    const label: Label = n >= 3 ? "pattern" : null;
    invs.push([
      janitorPool,
      {
        t,
        durationMs: jRng.logn(900, 0.3),
        maxMemMb: jRng.int(88, 104),
        lines: [
          { at: 40, level: "INFO", text: "Scanning media table for items in PROCESSING older than 180s" },
          { at: jRng.int(300, 800), level: n > 0 ? "WARN" : "INFO", text: `Found ${n} media item${n === 1 ? "" : "s"} stuck in PROCESSING`, label },
        ],
        outcome: "ok",
      },
    ]);
  });
  for (const f of failedEvents) {
    const t = f.t;
    invs.push([
      janitorPool,
      {
        t,
        durationMs: jRng.logn(240, 0.3),
        maxMemMb: jRng.int(88, 104),
        lines: [
          {
            at: jRng.int(20, 80),
            level: "ERROR",
            text: `Async invocation of image-resize failed (condition=RetriesExhausted, approximateInvokeCount=3, requestId=${f.rid}): Runtime.ExitError for s3://acme-user-uploads-prod/${f.key}; marking media FAILED`,
            label: "error",
          },
        ],
        outcome: "ok",
      },
    ]);
  }

  invs.sort((a, b) => a[1].t - b[1].t);
  const iRng = rng.fork("invoke");
  for (const [pool, inv] of invs) invoke(tl, iRng, pool, inv);

  // --- upload-api: media status polling by the app
  const stRng = rng.fork("status");
  poisson(stRng, start, end, 11_000, (t) => {
    const p = stRng.pick(apiPods);
    const status = stRng.chance(0.03) ? 404 : 200;
    tl.add(t, (tt) =>
      pino(tt, p, "info", "request completed", {
        req: { method: "GET", url: `/v1/media/m_${stRng.base62(12)}` },
        res: { statusCode: status },
        responseTime: round(stRng.logn(18, 0.4), 2),
      }),
    );
  });

  return tl.build(
    "lambda-out-of-memory",
    "After a mobile release uploads 48 MP photos, the image-resize Lambda hits its 1024 MB memory size and is killed (signal: killed) on every attempt, amid normal cold starts and routine authorizer errors",
    rng,
  );
}

function metaInvocation(rng: Rng, t: number, media: string): Invocation {
  const exif = rng.chance(0.85);
  const lines: FnLine[] = [
    { at: rng.int(2, 10), level: "INFO", text: `Reading s3://acme-media-derived-prod/${media}/1600w.webp` },
    exif
      ? {
          at: rng.int(60, 200),
          level: "INFO",
          text: `Extracted EXIF: camera=${rng.pick(["iPhone 15 Pro", "iPhone 14", "Pixel 8", "SM-S918B", "iPhone 13"])} orientation=${rng.int(1, 8)} gps=${rng.chance(0.4)}`,
        }
      : { at: rng.int(60, 200), level: "WARN", text: "No EXIF block found; storing defaults" },
    { at: rng.int(210, 320), level: "INFO", text: `Updated media ${media} state=READY` },
  ];
  return { t, durationMs: rng.logn(330, 0.3), maxMemMb: rng.int(92, 118), lines, outcome: "ok" };
}
