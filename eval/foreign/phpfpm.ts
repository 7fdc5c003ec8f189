// A WooCommerce shop on two web servers, read by Filebeat from plain files (nginx access and error
// logs, PHP-FPM's log and its slow log joined by multiline, WordPress' debug.log), each input
// tagging its `service` at the root. A fraud-scoring plugin calls its vendor synchronously at
// checkout; the vendor slows down, checkouts hang until PHP-FPM terminates them, the pool hits
// pm.max_children and the storefront queues behind it.
import type { Scenario } from "../blind/types.js";
import { dmyTime, type Entry, Incident, iso, type Label, MIN, type Rng, rngFor, SEC, slashTime, startTime, times } from "./kit.js";

function clf(t: number): string {
  const d = new Date(t);
  const m = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  return `${String(d.getUTCDate()).padStart(2, "0")}/${m}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
}

const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
];

export function phpFpmSlowCheckout(seed: number): Scenario {
  const name = "php-fpm-slowlog-pool-saturation";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A WooCommerce fraud-check plugin's vendor slows down: PHP-FPM slow-log traces, terminated checkouts, pm.max_children reached and a queued storefront, in Filebeat records of plain nginx and PHP-FPM files",
  );
  const t0 = startTime(rng, 9, 19);
  const span = rng.int(50, 65) * MIN;
  const end = t0 + span;
  const onset = t0 + Math.floor(span * rng.float(0.4, 0.55));
  const fixed = onset + Math.floor(span * rng.float(0.13, 0.18));
  const hosts = ["web-1", "web-2"];
  const offsets: Record<string, number> = {
    access: rng.int(1e6, 9e6),
    error: rng.int(1e4, 9e4),
    fpm: rng.int(1e4, 9e4),
    slow: rng.int(1e4, 9e4),
    wp: rng.int(1e4, 9e4),
  };
  const pids: Record<string, number> = { "web-1": rng.int(800, 2000), "web-2": rng.int(800, 2000) };

  const file = (t: number, host: string, service: string, path: string, key: keyof typeof offsets, message: string, label: Label, extra: Entry = {}): void => {
    offsets[key] = offsets[key]! + message.length + 1;
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        message,
        service,
        log: { file: { path }, offset: offsets[key] },
        input: { type: "filestream" },
        host: { name: host },
        agent: { type: "filebeat", version: "8.12.2" },
        ecs: { version: "8.0.0" },
        ...extra,
      },
      label,
    );
  };
  const access = (
    t: number,
    host: string,
    ip: string,
    req: string,
    status: number,
    bytes: number,
    ref: string,
    ua: string,
    rt: number,
    urt: number | null,
    label: Label,
  ): void =>
    file(
      t,
      host,
      "nginx",
      "/var/log/nginx/access.log",
      "access",
      `${ip} - - [${clf(t)}] "${req}" ${status} ${bytes} "${ref}" "${ua}" rt=${rt.toFixed(3)} uct=${urt === null ? "-" : "0.000"} urt=${urt === null ? "-" : urt.toFixed(3)}`,
      label,
    );
  const nginxError = (t: number, host: string, level: string, text: string, label: Label): void =>
    file(
      t,
      host,
      "nginx",
      "/var/log/nginx/error.log",
      "error",
      `${slashTime(t)} [${level}] ${pids[host]}#${pids[host]}: *${rng.int(100000, 9999999)} ${text}`,
      label,
    );
  const fpm = (t: number, host: string, text: string, label: Label): void =>
    file(t, host, "php-fpm", "/var/log/php8.2-fpm.log", "fpm", `[${dmyTime(t)}] ${text}`, label);
  const wp = (t: number, host: string, text: string, label: Label): void =>
    file(t, host, "wordpress", "/var/www/html/wp-content/debug.log", "wp", `[${dmyTime(t)} UTC] ${text}`, label);
  const hex = (r: Rng): string => `0x00007f${r.hex(10)}`;

  const faulty = (t: number): boolean => t >= onset && t < fixed;
  // How saturated the pool is: it fills within a few minutes of the onset and drains after the fix.
  const saturation = (t: number): number => (t < onset ? 0 : t < fixed ? Math.min(1, (t - onset) / (4 * MIN)) : Math.max(0, 1 - (t - fixed) / (3 * MIN)));
  const client = (): string => rng.pick([rng.ip("203.0.113"), rng.ip("198.51.100"), rng.ip("192.0.2"), rng.ip("81.2"), rng.ip("89.187")]);

  // Static files: nginx alone answers them.
  for (const t of times(rng, t0, end, rng.int(900, 1100))) {
    const asset = rng.pick([
      "/wp-content/themes/storefront/style.css",
      "/wp-includes/js/jquery/jquery.min.js",
      "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js",
      `/wp-content/uploads/2024/0${rng.int(1, 9)}/product-${rng.int(100, 999)}-300x300.webp`,
      "/wp-content/themes/storefront/assets/fonts/source-sans-pro.woff2",
      "/favicon.ico",
    ]);
    access(
      t,
      rng.pick(hosts),
      client(),
      `GET ${asset} HTTP/2.0`,
      rng.chance(0.15) ? 304 : 200,
      rng.int(300, 90000),
      "https://shop.example.com/",
      rng.pick(UAS),
      rng.float(0, 0.004),
      null,
      null,
    );
  }
  // Pages and AJAX through PHP.
  for (const t of times(rng, t0, end, rng.int(1000, 1250))) {
    const host = rng.pick(hosts);
    const kind = rng.weighted([
      ["page", 60],
      ["fragments", 20],
      ["review", 8],
      ["checkout", 4],
      ["admin", 8],
    ] as const);
    const sat = saturation(t);
    let rt = 0;
    let status = 200;
    let label: Label = null;
    let req = "";
    let ref = "https://shop.example.com/";
    if (kind === "checkout") {
      req = "POST /?wc-ajax=checkout HTTP/2.0";
      ref = "https://shop.example.com/checkout/";
      if (faulty(t)) {
        rt = rng.float(6, 31);
        if (rt > 30) {
          rt = 30 + rng.float(0.001, 0.05);
          status = 502;
          const pid = rng.int(20000, 40000);
          fpm(
            t,
            host,
            `WARNING: [pool www] child ${pid}, script '/var/www/html/index.php' (request: "POST /index.php?wc-ajax=checkout") execution timed out (${rt.toFixed(6)} sec), terminating`,
            "performance",
          );
          fpm(
            t + 3,
            host,
            `WARNING: [pool www] child ${pid} exited on signal 15 (SIGTERM) after ${rng.float(300, 4000).toFixed(6)} seconds from start`,
            "error",
          );
          nginxError(
            t + 4,
            host,
            "error",
            `upstream prematurely closed connection while reading response header from upstream, client: ${client()}, server: shop.example.com, request: "POST /?wc-ajax=checkout HTTP/2.0", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com", referrer: "https://shop.example.com/checkout/"`,
            "error",
          );
          label = "error";
        } else label = "performance";
        if (rt > 15)
          wp(
            t - 100,
            host,
            `FraudShield: API request failed: cURL error 28: Operation timed out after 15001 milliseconds with 0 bytes received (order #${rng.int(40000, 99999)}), falling back to manual review`,
            "performance",
          );
      } else rt = Math.min(rng.logn(0.9, 0.3), 2.2);
    } else {
      const base = kind === "page" ? 0.12 : kind === "fragments" ? 0.08 : kind === "review" ? 0.35 : 0.4;
      rt = Math.min(rng.logn(base, 0.35), base * 3);
      req =
        kind === "page"
          ? `GET ${rng.pick(["/", "/shop/", `/product/${rng.pick(["merino-beanie", "trail-runner-2", "waxed-jacket", "canvas-tote", "wool-socks-3pack"])}/`, `/product-category/${rng.pick(["outdoor", "accessories", "sale"])}/`, "/cart/"])} HTTP/2.0`
          : kind === "fragments"
            ? "POST /?wc-ajax=get_refreshed_fragments HTTP/2.0"
            : kind === "review"
              ? "POST /?wc-ajax=update_order_review HTTP/2.0"
              : `POST /wp-admin/admin-ajax.php HTTP/2.0`;
      if (sat > 0 && rng.chance(sat)) {
        // Queued behind the stuck checkouts: slow, or refused once the listen backlog is full.
        if (rng.chance(0.25 * sat)) {
          status = 502;
          rt = rng.float(0, 0.002);
          nginxError(
            t,
            host,
            "error",
            `connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: ${client()}, server: shop.example.com, request: "${req}", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"`,
            "error",
          );
          label = "error";
        } else {
          rt = rt + rng.float(2.5, 12) * sat;
          label = rt >= base * 10 ? "performance" : null;
        }
      }
    }
    access(
      t,
      host,
      client(),
      req,
      status,
      status === 502 ? 157 : rng.int(900, 60000),
      ref,
      rng.pick(UAS),
      rt,
      status === 502 && rt < 1 ? null : rt - 0.001,
      label,
    );
  }
  // The pool: children come and go (pm = dynamic), the stderr of a plugin is noisy, and admins export now and then.
  for (const host of hosts) {
    for (const t of times(rng, t0, end, rng.int(30, 45))) {
      fpm(t, host, `NOTICE: [pool www] child ${rng.int(20000, 40000)} started`, null);
    }
    for (const t of times(rng, t0, end, rng.int(40, 60))) {
      fpm(
        t,
        host,
        `WARNING: [pool www] child ${rng.int(20000, 40000)} said into stderr: "PHP Deprecated:  Creation of dynamic property WC_Product_Simple::$sync_meta is deprecated in /var/www/html/wp-content/plugins/feedsync-pro/includes/class-feedsync-product.php on line 212"`,
        null,
      );
    }
    for (const t of times(rng, t0, end, rng.int(2, 4))) {
      const frames = [
        ["fputcsv()", "/var/www/html/wp-content/plugins/woocommerce/includes/export/abstract-wc-csv-exporter.php:434"],
        ["export_rows()", "/var/www/html/wp-content/plugins/woocommerce/includes/export/abstract-wc-csv-batch-exporter.php:101"],
        ["generate_file()", "/var/www/html/wp-content/plugins/woocommerce/includes/admin/class-wc-admin-exporters.php:190"],
        ["do_ajax_product_export()", "/var/www/html/wp-includes/class-wp-hook.php:324"],
        ["apply_filters()", "/var/www/html/wp-includes/class-wp-hook.php:348"],
        ["do_action()", "/var/www/html/wp-admin/admin-ajax.php:192"],
      ];
      file(
        t,
        host,
        "php-fpm",
        "/var/log/php8.2-fpm.slow.log",
        "slow",
        `[${dmyTime(t)}]  [pool www] pid ${rng.int(20000, 40000)}\nscript_filename = /var/www/html/wp-admin/admin-ajax.php\n${frames.map(([f, l]) => `[${hex(rng)}] ${f} ${l}`).join("\n")}`,
        null,
      );
    }
  }
  // The stuck checkouts in the slow log, and the pool at its limit.
  for (const t of times(rng, onset + 5 * SEC, fixed, rng.int(25, 40))) {
    const host = rng.pick(hosts);
    const frames = [
      ["curl_exec()", "/var/www/html/wp-includes/Requests/src/Transport/Curl.php:206"],
      ["request()", "/var/www/html/wp-includes/Requests/src/Requests.php:469"],
      ["request()", "/var/www/html/wp-includes/class-wp-http.php:395"],
      ["request()", "/var/www/html/wp-includes/class-wp-http.php:615"],
      ["post()", "/var/www/html/wp-includes/http.php:187"],
      ["wp_remote_post()", "/var/www/html/wp-content/plugins/fraudshield-for-woocommerce/includes/class-fraudshield-api.php:88"],
      ["score_order()", "/var/www/html/wp-content/plugins/fraudshield-for-woocommerce/includes/class-fraudshield-gateway.php:141"],
      ["process_payment()", "/var/www/html/wp-content/plugins/woocommerce/includes/class-wc-checkout.php:1039"],
      ["process_order_payment()", "/var/www/html/wp-content/plugins/woocommerce/includes/class-wc-checkout.php:1282"],
      ["process_checkout()", "/var/www/html/wp-content/plugins/woocommerce/includes/class-wc-ajax.php:481"],
      ["checkout()", "/var/www/html/wp-includes/class-wp-hook.php:324"],
    ];
    file(
      t,
      host,
      "php-fpm",
      "/var/log/php8.2-fpm.slow.log",
      "slow",
      `[${dmyTime(t)}]  [pool www] pid ${rng.int(20000, 40000)}\nscript_filename = /var/www/html/index.php\n${frames.map(([f, l]) => `[${hex(rng)}] ${f} ${l}`).join("\n")}`,
      "performance",
    );
  }
  for (const host of hosts) {
    for (let t = onset + rng.int(60, 200) * SEC; t < fixed + 60 * SEC; t += rng.int(20, 70) * SEC) {
      if (saturation(t) > 0.5) fpm(t, host, "WARNING: [pool www] server reached pm.max_children setting (40), consider raising it", "performance");
    }
  }
  return inc.finish();
}
