// cove: unusual INFO lines that recur, each among ordinary look-alikes.
//
// | scenario                              | span  | producers                                               | what happens                                                                                           | labelled          |
// |---------------------------------------|-------|---------------------------------------------------------|--------------------------------------------------------------------------------------------------------|-------------------|
// | c01-storefront-psp-body-echo          | 2 h   | pino (storefront-bff), ECS (cart-svc), structlog        | a PSP charge body echoed whole (600-4,800 chars) 6-16x among one-line summaries; 5-12 sessions from    | pattern           |
// |                                       |       |                                                         | never-seen client versions/locales/user agents                                                         |                   |
// | c02-catalog-orm-in-list-blowup        | 3 h   | logback (Hibernate SQL DEBUG), zap, nginx JSON          | 8-18 SQL lines with IN lists of 100-900 literal ids where siblings have 1-5; 5-10 bulk stats with      | pattern           |
// |                                       |       |                                                         | queue_capacity 0 or 2147483647 instead of 1024                                                         |                   |
// | c03-tls-token-licence-expiry          | 4 h   | slog (cert-monitor), k8s JSON + trace ids, syslog JSON, | 6-12 cert checks of one host at 0-1 days (others 22-340); 5-14 tokens with ttl 0/1 s or 10 years       | pattern           |
// |                                       |       | nginx JSON                                              | (others 900/3600 s); 5-8 licence heartbeats at 250/250 seats expiring in 0-1 days (others ~210)        |                   |
// | c04-night-changes-by-strangers        | 5 h   | ECS (flag-svc), logback (iam-admin), zap (dns), nginx   | overnight: 6-14 flags set to 100% by unknown people without ticket (siblings: deploy-bot, CHG-);       | pattern           |
// |                                       |       |                                                         | 5-9 org-admin grants by humans, ticket=none; 4-8 A records set to public IPs by hand                   |                   |
// | c05-pool-cache-prefetch-sizes         | 1.5 h | slog (orders-api), structlog (session cache), pino      | 6-12 pool stats with max_open 0-1 (others 20); 5-10 cache stats with 0 / 2^32-1 / 2^64-1 entries       | pattern           |
// |                                       |       |                                                         | (others ~48k); 5-8 consumer heartbeats with prefetch 0 or 65535 (others 50)                            |                   |
// | c06-blobs-dumps-garbage-at-info       | 2.5 h | k8s JSON + trace ids, logback, python-json-logger       | 8-16 telemetry frames with a base64 payload (800-3,000 chars); 5-8 JVM thread dumps at INFO;           | pattern           |
// |                                       |       |                                                         | 5-10 ingest rows of mojibake; siblings are one-line summaries                                          |                   |
// | c07-odd-shapes-and-scanner-agent      | 3 h   | structlog, zap (config-agent), nginx JSON, lograge      | 6-12 whole multi-line email bodies as the event; 5-9 JSON config documents inside a message;           | pattern           |
// |                                       |       |                                                         | 8-16 requests from scanner user agents (nmap, zgrab, sqlmap) among browsers                            |                   |
// | c08-records-audit-every-request       | 2 h   | logback (records-api), nginx JSON, zap                  | DECOY: a 600-1,000-char AUDIT line on every request; 2-4 bulk exports of every patient by an unknown   | pattern (2-4)     |
// |                                       |       |                                                         | principal                                                                                              |                   |
// | c09-nightly-recon-id-lists            | 3 h   | structlog (batch), pino, syslog JSON (cron)             | DECOY: a nightly batch logs 150-300-id lists (DEBUG SQL + INFO) every 90 s all night; nothing odd      | none              |
// | c10-cert-checks-flag-bot-debug-dumps  | 4 h   | slog (cert-monitor), ECS (flag-svc), zap DEBUG, nginx   | DECOY: cert checks 31-380 days left, a rollout bot flipping flags every minute, 0.4-1 KB DEBUG payload | pattern (1-3)     |
// |                                       |       |                                                         | dumps on every call; 1-3 checks of one host at 2 days left                                             |                   |
//
// Labelling rules:
// - A line is labelled only where an on-call engineer would want it pointed at: the odd sibling of
//   a routine line (a body echoed whole, a huge IN list, 0-1 days or a ttl of 0 s/10 years, a
//   change by an unknown actor or without ticket, a size of 0 or 2^n-1, a never-seen client or
//   scanner user agent, a blob, a dump, mojibake, a multi-line text or JSON document as a message).
//   These say nothing of failure, so they are "pattern". No line here says error, slowness or
//   memory, so no other type is used.
// - Routine lines, however long or odd-looking, are null when their service writes them all
//   through the window at its normal cadence (audit lines, batch id lists, DEBUG dumps, bot flag
//   flips, healthy cert checks).
// - Each scenario has its own RNG salted with its name; the odd lines land at random times
//   anywhere in the window (in some seeds the first one within the first minute).
import { c01, c02 } from "./odd-a.js";
import { c03, c04 } from "./odd-b.js";
import { c05, c06 } from "./odd-c.js";
import { c07 } from "./odd-d.js";
import { c08, c09, c10 } from "./decoys.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function coveScenarios(seed: number): Scenario[] {
  return [c01, c02, c03, c04, c05, c06, c07, c08, c09, c10].map((f) => f(seed));
}
