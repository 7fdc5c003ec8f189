// Rule right (a real incident worded as a dependency failure): after a host-maintenance reboot, the shop's
// MySQL server fails InnoDB recovery and systemd keeps restarting it; every Laravel request dies on its first
// query (the session lookup) with "Connection refused" and nginx serves 500s. Labelled error: the app's and
// queue workers' refused queries, the 500s, and mysqld's failed restarts.
import { Timeline, around, chance, int, ip, iso, isoMicro, pick, poisson, rngFor, round, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const PAGES = ["/", "/p/oak-side-table", "/p/linen-throw", "/c/living-room", "/cart", "/checkout", "/account/orders"];
const MONTHS = ["Jan", "Feb", "Mar"];

export default function m08(seed: number): Scenario {
  const r = rngFor(seed, "m08");
  const t0 = windowStart(seed, "m08");
  const t1 = t0 + 20 * 60_000;
  const tl = new Timeline();
  const monolog = (t: number, app: string, message: string, extra: Record<string, unknown>) => ({
    message,
    context: {
      exception: {
        class: "Illuminate\\Database\\QueryException",
        code: 2002,
        file: "/var/www/vendor/laravel/framework/src/Illuminate/Database/Connection.php:829",
      },
    },
    level: 400,
    level_name: "ERROR",
    channel: "production",
    datetime: isoMicro(t),
    extra: { app, ...extra },
  });
  const k8s = (app: string) => ({ namespace_name: "shop", pod_name: `${app}-5c8d7-${pick(r, ["x2k9q", "m4w7t"])}`, container_name: app, labels: { app } });

  // shop-web (Laravel, Monolog JSON): every dynamic request fails on its session query.
  poisson(r, t0, t1, 1.4, (t) => {
    const page = pick(r, PAGES);
    tl.add(
      t,
      monolog(t, "shop-web", "SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = ? limit 1)", {
        url: page,
        http_method: "GET",
      }),
      "error",
    );
  });
  // nginx in front (combined log lines via Fluent Bit): 500s for PHP, static files still served.
  poisson(r, t0, t1, 1.0, (t) => {
    const d = new Date(t);
    const stamp = `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()] ?? "Jan"}/${d.getUTCFullYear()}:${iso(t).slice(11, 19)} +0000`;
    const php = chance(r, 0.65);
    const path = php ? pick(r, PAGES) : `/build/assets/app-${pick(r, ["4f2a9c", "b81d07"])}.${pick(r, ["js", "css"])}`;
    const line = `${ip(r, "172.16")} - - [${stamp}] "GET ${path} HTTP/1.1" ${php ? 500 : 200} ${php ? 1643 : int(r, 20_000, 180_000)} "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3)" rt=${round(php ? around(r, 0.012, 0.3) : around(r, 0.002, 0.3), 3)}`;
    tl.add(t, { time: iso(t), stream: "stdout", log: line, kubernetes: k8s("shop-nginx") }, php ? "error" : null);
  });
  // shop-queue (Laravel Horizon): order jobs fail the same way.
  poisson(r, t0, t1, 0.3, (t) => {
    const job = pick(r, ["App\\Jobs\\SendOrderConfirmation", "App\\Jobs\\SyncStockLevels", "App\\Jobs\\CapturePayment"]);
    tl.add(
      t,
      monolog(
        t,
        "shop-queue",
        `SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from \`jobs\` where \`queue\` = ? for update skip locked)`,
        { job },
      ),
      "error",
    );
  });
  // mysqld under systemd (journald JSON): InnoDB recovery fails on every restart.
  for (let t = t0 + int(r, 5, 40) * 1000; t < t1; t += int(r, 55, 70) * 1000) {
    const lines: [number, string, string, string][] = [
      [0, "6", "systemd", "Starting MySQL Community Server..."],
      [2400, "3", "mysqld", "[ERROR] [MY-012930] [InnoDB] Plugin initialization aborted with error Generic error."],
      [2600, "3", "mysqld", "[ERROR] [MY-010119] [Server] Aborting"],
      [3100, "3", "systemd", "mysql.service: Failed with result 'exit-code'."],
    ];
    for (const [dt, prio, ident, msg] of lines) {
      const tk = Math.min(t + dt, t1 - 1);
      tl.add(
        tk,
        {
          MESSAGE: msg,
          PRIORITY: prio,
          SYSLOG_IDENTIFIER: ident,
          _HOSTNAME: "db-primary-1",
          __REALTIME_TIMESTAMP: String(tk * 1000),
          _SYSTEMD_UNIT: "mysql.service",
        },
        "error",
      );
    }
  }
  // stock-sync (structlog) and image-cdn (pino): ordinary, independent of MySQL.
  poisson(r, t0, t1, 0.4, (t) => {
    tl.add(t, {
      timestamp: iso(t),
      level: "info",
      event: "supplier feed synced",
      service: "stock-sync",
      supplier: pick(r, ["nordwood", "casa-linen", "ferro"]),
      items: int(r, 40, 900),
      duration_ms: Math.round(around(r, 800, 0.3)),
    });
  });
  poisson(r, t0, t1, 0.5, (t) => {
    tl.add(t, {
      level: 30,
      time: t,
      pid: 7,
      hostname: "image-cdn-0",
      name: "image-cdn",
      msg: "image served",
      req: { method: "GET", url: `/img/${int(r, 1000, 9999)}/w640.webp` },
      res: { statusCode: 200 },
      responseTime: Math.round(around(r, 9, 0.4)),
    });
  });
  return tl.build(
    "m08-shop-mysql-refused",
    "Shop's MySQL fails recovery after a reboot: every request's query is refused, nginx serves 500s, mysqld restarts fail",
  );
}
