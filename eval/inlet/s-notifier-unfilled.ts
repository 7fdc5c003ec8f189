/**
 * notifier-unfilled: notification-service (Node, pino) texts and e-mails customers as their
 * orders move, and logs each message it hands to the provider with its text. Its 3.9.0 release
 * swaps the template engine; the new one takes `{{ }}` placeholders with a different context
 * shape, so for two fifths of the window the out-for-delivery texts and e-mails (the two templates still
 * on the legacy syntax) go out with `{{customer.first_name}}`
 * and `${order_id}` unfilled ("Hi {{customer.first_name}}, your order ${order_id} has
 * shipped"): a formatting bug customers see. Their tracking links point at
 * `/track/${order_id}` and 404 at ingress-nginx, and the support desk's ticket intake
 * (python-json-logger) logs the complaints, until 3.8.2 is rolled back.
 */
import { browser, openWindow } from "./common.js";
import { nginxJson, type PinoSource, pino, pyJson } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "notifier-unfilled";
const FIRST = ["Anna", "Tom", "Priya", "Lukas", "Sofia", "Omar", "Chloe", "Ben", "Mia", "Jonas", "Aisha", "Leo"];
// biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder the broken release leaves unfilled
const ORDER_PH = "${order_id}";
const NAME_PH = "{{customer.first_name}}";

export function notifierUnfilled(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-24", 15, 3);
  const releaseAt = tl.at(rng.float(0.3, 0.36));
  const rollbackAt = tl.at(rng.float(0.68, 0.75));
  const pods: PinoSource[] = Array.from({ length: 2 }, () => ({ name: "notification-service", hostname: rng.pod("notification-service"), pid: 1 }));
  const broken = (t: number) => t >= releaseAt + 50 * SECOND && t < rollbackAt + 40 * SECOND;

  for (const [t, v] of [
    [start + rng.int(2, 9) * MINUTE, "3.8.2"],
    [releaseAt, "3.9.0"],
    [rollbackAt, "3.8.2"],
  ] as const) {
    for (const [i, p] of pods.entries()) {
      const at = t + i * rng.int(20, 40) * SECOND;
      tl.add(at, pino(at, p, "info", `notification-service ${v} listening on :3000`, { version: v, provider: { sms: "twilio", email: "postmark" } }));
    }
  }

  const orders: { id: number; at: number; bad: boolean }[] = [];
  for (const t0 of arrivals(rng, start, end, 6, shape, 1.2)) {
    const p = rng.pick(pods);
    const orderId = rng.int(2_400_000, 2_499_999);
    const first = rng.pick(FIRST);
    const kind = rng.weighted([
      ["shipped", 4],
      ["out_for_delivery", 1.2],
      ["delivered", 2],
      ["confirmed", 3],
    ] as const);
    // Only the templates still on the legacy syntax break: the out-for-delivery texts and mails.
    const bad = broken(t0) && kind === "out_for_delivery";
    const label: AnomalyType | null = bad ? "pattern" : null;
    const oid = bad ? ORDER_PH : String(orderId);
    const name = bad ? NAME_PH : first;
    tl.add(t0, pino(t0, p, "debug", "order event received", { event: `order.${kind}`, orderId, topic: "orders.v2", partition: rng.int(0, 11) }));
    const link = `https://northwind.example/track/${oid}`;
    const text =
      kind === "shipped"
        ? `Hi ${name}, your order ${oid} has shipped. Track it: ${link}`
        : kind === "out_for_delivery"
          ? `${name}, your Northwind order ${oid} is out for delivery today. ${link}`
          : kind === "delivered"
            ? `Your order ${oid} was delivered. Enjoy, ${name}!`
            : `Thanks ${name}! We got your order ${oid}.`;
    const sms = rng.chance(0.55);
    const t1 = t0 + Math.round(rng.logNormal(220, 0.4));
    if (sms) {
      tl.add(
        t1,
        pino(t1, p, "info", `sms sent to +44•••••${rng.int(1000, 9999)}: "${text}"`, {
          orderId,
          template: `sms.${kind}`,
          sid: `SM${rng.hex(32)}`,
          segments: text.length > 160 ? 2 : 1,
        }),
        label,
      );
    } else {
      const subject =
        kind === "confirmed"
          ? `Order ${oid} confirmed`
          : kind === "shipped"
            ? `${name}, your order is on its way`
            : `Order ${oid}: ${kind.replaceAll("_", " ")}`;
      tl.add(
        t1,
        pino(t1, p, "info", `email sent: subject "${subject}"`, {
          orderId,
          template: `email.${kind}`,
          messageId: rng.uuid(),
          to: `${first.toLowerCase()[0]}•••@${rng.pick(["gmail.com", "icloud.com", "outlook.com"])}`,
        }),
        label,
      );
    }
    if (kind === "shipped" || kind === "out_for_delivery") orders.push({ id: orderId, at: t1, bad });
  }

  // Customers opening their tracking link a little later (some never do).
  for (const o of orders) {
    if (!rng.chance(0.45)) continue;
    const t = o.at + Math.round(rng.exp(6 * MINUTE));
    const bad = o.bad;
    const ms = rng.logNormal(bad ? 4 : 38, 0.3);
    tl.add(
      t,
      nginxJson(t, {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "GET",
        uri: bad ? "/track/$%7Border_id%7D" : `/track/${o.id}`,
        status: bad ? 404 : 200,
        requestTimeMs: ms,
        bytesSent: bad ? 1834 : rng.int(9000, 14000),
        userAgent: browser(rng),
        host: "northwind.example",
        upstreamAddr: `10.42.${rng.int(0, 63)}.${rng.int(2, 250)}:3000`,
        upstreamStatus: bad ? "404" : "200",
        upstreamTimeMs: ms - 1,
        proxyUpstreamName: "shop-storefront-3000",
        referer: "",
      }),
      bad ? "error" : null,
    );
  }

  // Storefront and API traffic that has nothing to do with it.
  for (const t of arrivals(rng, start, end, 7, shape, 1.2)) {
    const uri = rng.pick(["/", "/c/shoes", "/c/outdoor", `/p/${rng.int(100000, 999999)}`, "/cart", "/account/orders"]);
    const ms = rng.logNormal(60, 0.4);
    tl.add(
      t,
      nginxJson(t, {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "GET",
        uri,
        status: rng.chance(0.01) ? 404 : 200,
        requestTimeMs: ms,
        bytesSent: rng.int(8000, 60000),
        userAgent: browser(rng),
        host: "northwind.example",
        upstreamAddr: `10.42.${rng.int(0, 63)}.${rng.int(2, 250)}:3000`,
        upstreamStatus: "200",
        upstreamTimeMs: ms - 1,
        proxyUpstreamName: "shop-storefront-3000",
      }),
    );
  }

  // Support tickets: a trickle all window, complaints about the texts while the bug is live.
  for (const t of arrivals(rng, start, end, 0.25)) {
    tl.add(
      t,
      pyJson(t, "support-desk", "INFO", "support.intake", "ticket created", {
        ticket_id: rng.int(880000, 899999),
        channel: rng.pick(["email", "chat"]),
        category: rng.pick(["returns", "payment", "delivery"]),
      }),
    );
  }
  for (const t of arrivals(rng, releaseAt + 15 * MINUTE, rollbackAt + 20 * MINUTE, 0.12)) {
    tl.add(
      t,
      pyJson(t, "support-desk", "WARNING", "support.intake", "ticket created", {
        ticket_id: rng.int(880000, 899999),
        channel: rng.pick(["email", "chat", "sms_reply"]),
        category: "notifications",
        subject: rng.pick(["weird text message with {{customer.first_name}}", "tracking link doesn't work", "got a text with code in it"]),
      }),
      "pattern",
    );
  }
  return tl.build(
    NAME,
    "notification-service 3.9.0 sends customers out-for-delivery SMS and e-mails with {{customer.first_name}} and order placeholders unfilled and broken tracking links until rollback",
  );
}
