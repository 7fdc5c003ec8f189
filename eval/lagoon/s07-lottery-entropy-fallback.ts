// s07: national lottery, 6 h evening. retailer-gateway writes ERROR all evening (damaged barcodes,
// expired terminal sessions, printer faults: 12-15% of its lines) and nobody minds. The incident is
// at ordinary level: the HSM on draw-01 intermittently fails its SP 800-90B repetition-count test a
// dozen times, scattered over the whole evening. Each time draw-service falls back to the OS CSPRNG
// (WARN) and seals any draw due meanwhile with it, and the stall on draw-01 costs its
// draw-coordinator node the raft leadership, so an INFO leader election follows (a dozen of them).
//
// Producers: retailer-gateway (Node, Bunyan), draw-service (.NET, Serilog CLEF with @r renderings),
// draw-coordinator (Go, zap via etcd raft), payout-worker (Ruby, Sidekiq 7 JSON formatter).
// Healthy medians: gateway sale 95 ms, validation 70 ms; draw seal 45 ms; payout job 0.84 s, claim
// audit 2.3 s, archive 45 s. No memory readings.
import { arrivals, epochS6, HOUR, isoMs, isoTicks, MIN, Rng, round, SEC, scatter, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const NODES = [
  { id: "4f7ab6fb6f8d4a6d", host: "draw-01" },
  { id: "a91c03e2d7b54f10", host: "draw-02" },
  { id: "c2d84b19e6f07a35", host: "draw-03" },
] as const;

export function lotteryEntropyFallback(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s07");
  const tl = new Timeline();
  const from = startTime(r, 16, 18);
  const to = from + 6 * HOUR;
  const episodes = scatter(r, from, to, 12).map((t) => ({ t, len: r.float(40, 300) * SEC }));
  const inEpisode = (t: number): { t: number; len: number } | undefined => episodes.find((e) => t >= e.t && t < e.t + e.len);
  const terminals = Array.from({ length: 60 }, () => `T-${r.digits(6)}`);
  const gwHosts = ["rg-1", "rg-2", "rg-3"];

  // ---- producers ------------------------------------------------------------------------------------
  const bunyan = (t: number, level: number, fields: Record<string, unknown>, msg: string): void => {
    const host = r.pick(gwHosts);
    tl.add(t, "ms", { name: "retailer-gateway", hostname: host, pid: 4100 + gwHosts.indexOf(host), level, ...fields, msg, time: isoMs(t), v: 0 });
  };
  const clef = (t: number, mt: string, props: Record<string, unknown>, level?: string, renderings?: string[], label: Label = null): void => {
    tl.add(
      t,
      "us",
      {
        "@t": isoTicks(t),
        "@mt": mt,
        ...(renderings ? { "@r": renderings } : {}),
        ...(level ? { "@l": level } : {}),
        ...props,
        SourceContext: props.SourceContext ?? "Lottery.Draw.DrawEngine",
        MachineName: "draw-01",
        Application: "draw-service",
      },
      label,
    );
  };
  const raft = (t: number, host: string, msg: string, label: Label = null): void => {
    tl.add(t, "us", { level: "info", ts: epochS6(t), logger: "raft", caller: "etcdserver/zap_raft.go:77", msg, service: "draw-coordinator", host }, label);
  };
  const sidekiq = (t: number, tid: string, lvl: string, msg: string, ctx: Record<string, unknown>, extra: Record<string, unknown> = {}): void => {
    tl.add(t, "ms", { ts: isoMs(t), pid: 1, tid, lvl, msg, ctx, ...extra, service: "payout-worker" });
  };

  // ---- retailer-gateway: sales, validations and the everyday ERRORs ----------------------------------
  for (const t of arrivals(r, from, to, 8)) {
    const game = r.weighted<string>([
      ["KENO", 50],
      ["LOTTO", 25],
      ["PICK3", 15],
      ["EUROJACKPOT", 10],
    ]);
    bunyan(
      t,
      30,
      {
        terminal: r.pick(terminals),
        game,
        stake_cents: r.pick([100, 200, 250, 500, 1000]),
        ticket_serial: `${r.digits(4)}-${r.digits(8)}-${r.hex(4)}`,
        latency_ms: Math.round(r.healthy(95, 0.3)),
      },
      "ticket sold",
    );
  }
  for (const t of arrivals(r, from, to, 3)) {
    const win = r.chance(0.12);
    bunyan(
      t,
      30,
      {
        terminal: r.pick(terminals),
        ticket_serial: `${r.digits(4)}-${r.digits(8)}-${r.hex(4)}`,
        outcome: win ? "win" : "no_win",
        prize_cents: win ? r.pick([200, 500, 1000, 2500]) : 0,
        latency_ms: Math.round(r.healthy(70, 0.3)),
      },
      "ticket validated",
    );
  }
  for (const t of arrivals(r, from, to, 0.9)) {
    bunyan(
      t,
      50,
      { terminal: r.pick(terminals), raw_barcode: r.digits(18), err: { message: "EAN-128 checksum mismatch", name: "BarcodeError" } },
      "ticket validation failed: barcode checksum invalid",
    );
  }
  for (const t of arrivals(r, from, to, 0.45))
    bunyan(t, 50, { terminal: r.pick(terminals), session_age_s: r.int(28_800, 30_000) }, "terminal session expired, re-authentication required");
  for (const t of arrivals(r, from, to, 0.3)) bunyan(t, 50, { terminal: r.pick(terminals), fault: "PAPER_OUT" }, "terminal reported printer fault");
  for (const t of arrivals(r, from, to, 0.2)) bunyan(t, 40, { terminal: r.pick(terminals), skew_s: r.int(3, 9) }, "terminal clock skew corrected");

  // ---- draw-service ---------------------------------------------------------------------------------------
  const HSM = "hsm-01:/dev/hwrng";
  for (const t of ticks(r, from, to, MIN, 2 * SEC)) {
    const bad = inEpisode(t) !== undefined;
    clef(
      t,
      "Entropy health check {Result} for {Source}",
      { Result: bad ? "failed" : "passed", Source: HSM, SourceContext: "Lottery.Draw.Entropy.HealthMonitor" },
      bad ? "Warning" : undefined,
      undefined,
      bad ? "pattern" : null,
    );
  }
  for (const e of episodes) {
    clef(
      us(e.t + 150),
      "Entropy source {Source} failed {Test} health test; switching to {Fallback}",
      { Source: HSM, Test: "repetition-count (SP 800-90B 4.4.1)", Fallback: "os-csprng", SourceContext: "Lottery.Draw.Entropy.EntropyPool" },
      "Warning",
      undefined,
      "pattern",
    );
    clef(
      us(e.t + e.len),
      "Entropy source {Source} restored after {Seconds} s of failed health tests",
      { Source: HSM, Seconds: Math.round(e.len / 1000), SourceContext: "Lottery.Draw.Entropy.EntropyPool" },
      undefined,
      undefined,
      "pattern",
    );
  }
  let draw = r.int(300, 400);
  for (const t of ticks(r, from, to, 4 * MIN, 0)) {
    const id = `K-${isoMs(t).slice(2, 10).replaceAll("-", "")}-${String(draw++).padStart(4, "0")}`;
    clef(us(t - 4 * MIN + 500), "Draw {DrawId} opened for sales", { DrawId: id });
    clef(us(t - 10 * SEC), "Draw {DrawId} closed with {TicketCount} tickets", { DrawId: id, TicketCount: r.int(900, 2600) });
    const fallback = inEpisode(t) !== undefined;
    if (fallback)
      clef(us(t + 5), "Draw {DrawId} seeded from fallback entropy source {Fallback}", { DrawId: id, Fallback: "os-csprng" }, "Warning", undefined, "pattern");
    const el = r.healthy(45, 0.3);
    clef(
      us(t + el),
      "Draw {DrawId} sealed: {NumberCount} numbers committed in {Elapsed:0.000} ms",
      { DrawId: id, NumberCount: 20, Elapsed: round(el, 3) },
      undefined,
      [el.toFixed(3)],
    );
  }

  // ---- draw-coordinator: draw-01 stalls with the HSM and loses leadership --------------------------------
  let term = r.int(11, 20);
  for (const t of ticks(r, from, to, 30 * MIN, 2 * MIN)) {
    const n = NODES[0];
    raft(t, n.host, `triggering snapshot: local-member-id ${n.id}, local-member-applied-index ${r.int(900_000, 990_000)}`);
    raft(us(t + 40), n.host, `saved snapshot: snapshot-index ${r.int(900_000, 990_000)}`);
  }
  episodes.forEach((e, k) => {
    if (k % 6 === 5) return; // two of the stalls are too short to miss heartbeats
    const at = us(e.t + r.float(1.2, 3) * SEC);
    const old = NODES[0]; // draw-01 is the preferred leader, next to the draw engine
    const nxt = NODES[1 + r.int(0, 1)] ?? NODES[1];
    raft(at, nxt.host, `${nxt.id} is starting a new election at term ${term}`, "pattern");
    raft(us(at + 1), nxt.host, `${nxt.id} became pre-candidate at term ${term}`, "pattern");
    raft(us(at + 9), nxt.host, `${nxt.id} became candidate at term ${term + 1}`, "pattern");
    raft(us(at + 14), nxt.host, `${nxt.id} became leader at term ${term + 1}`, "pattern");
    raft(us(at + 15), nxt.host, `raft.node: ${nxt.id} elected leader ${nxt.id} at term ${term + 1}`, "pattern");
    raft(
      us(at + r.float(200, 1500)),
      old.host,
      `${old.id} [term: ${term}] received a MsgApp message with higher term from ${nxt.id} [term: ${term + 1}]`,
      "pattern",
    );
    raft(us(at + r.float(1600, 1700)), old.host, `raft.node: ${old.id} changed leader from ${old.id} to ${nxt.id} at term ${term + 1}`, "pattern");
    term += 1;
    // when the HSM recovers, leadership is handed back to draw-01
    const back = us(e.t + e.len + r.float(20, 40) * SEC);
    raft(back, nxt.host, `${nxt.id} [term ${term}] starts to transfer leadership to ${old.id}`, "pattern");
    raft(us(back + 1), nxt.host, `${nxt.id} sends MsgTimeoutNow to ${old.id} immediately as ${old.id} already has up-to-date log`, "pattern");
    raft(us(back + 4), old.host, `${old.id} is starting a new election at term ${term}`, "pattern");
    raft(us(back + 9), old.host, `${old.id} became leader at term ${term + 1}`, "pattern");
    raft(us(back + 10), old.host, `raft.node: ${old.id} elected leader ${old.id} at term ${term + 1}`, "pattern");
    term += 1;
  });

  // ---- payout-worker (Sidekiq) --------------------------------------------------------------------------------
  const threads = Array.from({ length: 5 }, () => r.alnum(5));
  const job = (t: number, cls: string, median: number, failP = 0): void => {
    const jid = r.hex(24);
    const tid = r.pick(threads);
    sidekiq(t, tid, "INFO", "start", { class: cls, jid });
    const s = r.healthy(median, 0.3);
    if (r.chance(failP)) {
      sidekiq(us(t + s * 1000), tid, "INFO", "fail", { class: cls, jid, elapsed: s.toFixed(3) });
      sidekiq(
        us(t + s * 1000 + 2),
        tid,
        "WARN",
        "Faraday::ServerError: the server responded with status 502",
        { class: cls, jid },
        { error_class: "Faraday::ServerError", context: "Job raised exception", retry_count: 0 },
      );
      return;
    }
    sidekiq(us(t + s * 1000), tid, "INFO", "done", { class: cls, jid, elapsed: s.toFixed(3) });
  };
  for (const t of arrivals(r, from, to, 1)) job(t, "PrizePayoutJob", 0.84, 0.02);
  for (const t of arrivals(r, from, to, 0.3)) job(t, "ClaimAuditJob", 2.3);
  for (const t of ticks(r, from, to, HOUR, 0)) job(t, "TicketArchiveJob", 45);

  return tl.build(
    "lottery-draw-entropy-fallback",
    "Lottery: amid retailer-gateway's all-evening ERROR noise, draw-01's HSM fails its entropy health test a dozen times, scattered over six hours; draw-service quietly falls back to the OS CSPRNG (WARN) and the stall costs draw-01 its raft leadership, so INFO leader elections follow.",
  );
}
