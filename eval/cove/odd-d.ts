// c07: odd shapes (a multi-line email body, a JSON document in a message) and a scanner's user
// agent among browsers.
import { BROWSERS, HOUR, lograge, MIN, nginx, periodic, poisson, Rng, round, SEC, scatter, structlog, Timeline, windowStart, zap } from "./lib.js";
import type { Scenario } from "./types.js";

function emailBody(r: Rng): string {
  const name = r.pick(["Camille", "Jonas", "Aiko", "Mateo", "Priya"]);
  const lines = [`Subject: Your order #${r.int(1e6, 9e6)} has shipped`, "", `Hi ${name},`, "", "Good news! Your order is on its way.", ""];
  for (let i = r.int(2, 14); i > 0; i--)
    lines.push(
      `  - ${r.pick(["Ceramic mug", "Desk lamp", "Notebook A5", "Wool blanket", "Tea sampler"])} x${r.int(1, 3)}    EUR ${r.int(5, 80)}.${r.int(10, 99)}`,
    );
  lines.push(
    "",
    `Tracking: https://track.example-carrier.com/${r.alnum(18)}`,
    `Delivery address: ${r.int(1, 99)} ${r.pick(["Keizersgracht", "Prinsengracht", "Damrak"])}, Amsterdam`,
    "",
    "Thanks for shopping with us,",
    "The Example Shop team",
    "",
    "--",
    `You receive this email because you placed an order. Unsubscribe: https://shop.example.com/u/${r.alnum(24)}`,
  );
  return lines.join("\n");
}

export function c07(seed: number): Scenario {
  const name = "c07-odd-shapes-and-scanner-agent";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 7);
  const t1 = t0 + 3 * HOUR;
  const templates = ["order_shipped", "order_confirmed", "password_reset", "review_request"];
  const email = (t: number, odd: boolean) =>
    tl.add(
      structlog(t, "notifier.email", "info", odd ? emailBody(r) : "email queued", {
        template: odd ? "order_shipped" : r.pick(templates),
        to_hash: r.hex(16),
        provider: "ses",
        queue_ms: round(r.logn(14, 0.5), 1),
      }),
      odd ? "pattern" : null,
    );
  poisson(r, t0, t1, 8 * SEC, (t) => email(t, false));
  scatter(r, t0, t1, r.int(6, 12), r.chance(0.5), (t) => email(t, true));
  const reload = (t: number, odd: boolean) => {
    const version = `v${r.int(1800, 1900)}`;
    const doc = {
      upstreams: Array.from({ length: r.int(3, 9) }, (_, i) => ({ name: `pool-${i}`, endpoints: [r.ip(), r.ip()], max_fails: 3, fail_timeout: "10s" })),
      retries: 2,
      timeouts: { connect: "1s", read: "15s" },
      tls: { min_version: "1.2" },
    };
    tl.add(
      zap(
        t,
        "config-agent",
        "agent/reload.go:142",
        "info",
        odd ? `applied config: ${JSON.stringify(doc, null, r.chance(0.5) ? 2 : 0)}` : `config reloaded version=${version} checksum=${r.hex(12)}`,
        { source: "consul-kv", took: round(r.logn(0.012, 0.3), 4) },
      ),
      odd ? "pattern" : null,
    );
  };
  periodic(r, t0, t1, 2 * MIN, 5 * SEC, (t) => reload(t, false));
  periodic(r, t0, t1, 30 * SEC, 2 * SEC, (t) =>
    tl.add(
      zap(t, "config-agent", "agent/watch.go:61", "info", "watch event", { key: `edge/${r.pick(["routes", "limits", "upstreams"])}`, index: r.int(1e6, 2e6) }),
    ),
  );
  scatter(r, t0, t1, r.int(5, 9), false, (t) => reload(t, true));
  const pages = ["/", "/c/kitchen", "/c/living", "/p/", "/cart", "/account/orders", "/static/main."];
  const web = (t: number, odd: boolean) => {
    if (odd) {
      const ua = r.pick([
        "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        "Mozilla/5.0 zgrab/0.x",
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
      ]);
      tl.add(
        nginx(
          t,
          r,
          "shop.example.com",
          "GET",
          r.pick(["/admin/", "/account/orders", "/.git/config", "/p/1001?id=1%27%20OR%201%3D1", "/cart"]),
          r.pick([200, 404, 301]),
          r.logn(0.02, 0.5),
          ua,
        ),
        "pattern",
      );
      return;
    }
    const p = r.pick(pages);
    const uri = p === "/p/" ? `${p}${r.int(1000, 9999)}` : p === "/static/main." ? `${p}${r.hex(8)}.css` : p;
    tl.add(nginx(t, r, "shop.example.com", "GET", uri, r.chance(0.95) ? 200 : r.pick([304, 404]), r.logn(0.045, 0.6), r.pick(BROWSERS)));
  };
  poisson(r, t0, t1, 6 * SEC, (t) => web(t, false));
  scatter(r, t0, t1, r.int(8, 16), false, (t) => web(t, true));
  poisson(r, t0, t1, 10 * SEC, (t) => {
    const inv = r.int(1e5, 9e5);
    const [m, p, a] = r.pick([
      ["GET", `/invoices/${inv}`, "show"],
      ["GET", "/invoices", "index"],
      ["POST", `/invoices/${inv}/payments`, "create"],
    ] as const);
    tl.add(lograge(t, r, m, p, a === "create" ? "PaymentsController" : "InvoicesController", a, a === "create" ? 201 : 200, r.logn(60, 0.5)));
  });
  return tl.build(
    name,
    "notifier logs a whole multi-line email body where siblings log 'email queued', config-agent logs a JSON config document inside its message, and nginx sees a scanner's user agent among browsers.",
  );
}
