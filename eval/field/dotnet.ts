// An ASP.NET Core service with EF Core, its structured logs written with the contract's field
// names (timestamp, level, message, service, elapsed_ms) and the message template kept beside.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, isoOffset, type Label, rngFor, round, ticks, windowStart } from "./gen.js";

/**
 * Two code paths update Stock and Orders in opposite order; under the afternoon's load SQL Server
 * picks a deadlock victim every minute or two, all hour long, among routine card declines that the
 * service logs at Error.
 */
export function ordersApiSqlDeadlocks(seed: number): Scenario {
  const name = "orders-api-sql-deadlocks";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 60 * 60_000;
  const instances = ["orders-api-0", "orders-api-1"];

  const log = (
    t: number,
    level: "Debug" | "Info" | "Warn" | "Error",
    category: string,
    eventId: number,
    template: string,
    message: string,
    extra: Record<string, unknown> = {},
    label: Label = null,
  ) =>
    inc.add(
      t,
      {
        timestamp: isoOffset(t, 0, 7),
        level,
        message,
        message_template: template,
        service: "orders-api",
        category,
        event_id: eventId,
        machine: rng.pick(instances),
        trace_id: rng.hex(32),
        span_id: rng.hex(16),
        ...extra,
      },
      label,
    );
  const dbCommand = (t: number, ms: number, sql: string) =>
    log(
      t,
      "Info",
      "Microsoft.EntityFrameworkCore.Database.Command",
      20101,
      "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
      `Executed DbCommand (${ms}ms) [Parameters=[@__orderId_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']\n${sql}`,
      { elapsed_ms: ms },
    );
  const finished = (t: number, method: string, path: string, status: number, ms: number, label: Label = null) =>
    log(
      t,
      "Info",
      "Microsoft.AspNetCore.Hosting.Diagnostics",
      2,
      "Request finished {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {StatusCode} {ContentLength} {ContentType} {ElapsedMilliseconds}ms",
      `Request finished HTTP/1.1 ${method} http://orders-api${path} - ${status} ${status >= 500 ? 0 : rng.int(80, 6000)} application/json;+charset=utf-8 ${ms.toFixed(4)}ms`,
      { elapsed_ms: round(ms, 4), status_code: status, request_path: path },
      label,
    );

  for (const t of arrivals(rng, t0, end, 0.42)) {
    const orderId = rng.int(3_000_000, 3_999_999);
    const kind = rng.weighted([
      ["get", 5],
      ["place", 2],
      ["declined", 0.35],
      ["list", 2],
      ["cancel", 0.3],
    ] as const);
    if (kind === "get") {
      const q = Math.max(1, Math.round(rng.logNormal(3, 0.5)));
      dbCommand(t + 2, q, "SELECT TOP(1) [o].[Id], [o].[CustomerId], [o].[Status], [o].[Total] FROM [Orders] AS [o] WHERE [o].[Id] = @__orderId_0");
      finished(t + q + 4, "GET", `/api/orders/${orderId}`, 200, q + rng.logNormal(9, 0.4));
    } else if (kind === "list") {
      const q = Math.max(1, Math.round(rng.logNormal(14, 0.5)));
      dbCommand(
        t + 2,
        q,
        "SELECT [o].[Id], [o].[Status], [o].[Total], [o].[CreatedAt] FROM [Orders] AS [o] WHERE [o].[CustomerId] = @__customerId_0 ORDER BY [o].[CreatedAt] DESC OFFSET @__p_1 ROWS FETCH NEXT @__p_2 ROWS ONLY",
      );
      finished(t + q + 4, "GET", `/api/customers/${rng.int(10_000, 99_999)}/orders?page=${rng.int(1, 4)}`, 200, q + rng.logNormal(12, 0.4));
    } else if (kind === "place") {
      const q = Math.max(1, Math.round(rng.logNormal(8, 0.5)));
      dbCommand(t + 3, q, "UPDATE [Stock] SET [Reserved] = [Reserved] + @p0 WHERE [Sku] = @p1 AND [WarehouseId] = @p2;\nSELECT @@ROWCOUNT;");
      dbCommand(
        t + q + 5,
        Math.max(1, Math.round(rng.logNormal(5, 0.5))),
        "INSERT INTO [Orders] ([CustomerId], [Status], [Total], [CreatedAt]) OUTPUT INSERTED.[Id] VALUES (@p0, @p1, @p2, @p3);",
      );
      log(
        t + q + 12,
        "Info",
        "Orders.Api.Services.OrderService",
        1001,
        "Order {OrderId} placed for customer {CustomerId} with {LineCount} lines, total {Total}",
        `Order ${orderId} placed for customer ${rng.int(10_000, 99_999)} with ${rng.int(1, 9)} lines, total ${round(rng.logNormal(70, 0.8), 2)}`,
        {
          OrderId: orderId,
        },
      );
      finished(t + q + 20, "POST", "/api/orders", 201, q + rng.logNormal(60, 0.4));
    } else if (kind === "declined") {
      // Routine: the payment provider declines cards, and this service has always logged that at Error.
      log(
        t + 30,
        "Error",
        "Orders.Api.Services.PaymentService",
        3002,
        "Payment for order {OrderId} failed: provider returned {StatusCode} {Reason}",
        `Payment for order ${orderId} failed: provider returned 402 ${rng.pick(["card_declined", "card_declined", "insufficient_funds", "expired_card"])}`,
        { OrderId: orderId },
      );
      finished(t + 40, "POST", "/api/orders", 402, rng.logNormal(350, 0.3));
    } else {
      log(
        t + 5,
        "Info",
        "Orders.Api.Services.OrderService",
        1004,
        "Order {OrderId} cancelled by {Actor}",
        `Order ${orderId} cancelled by ${rng.pick(["customer", "customer", "support"])}`,
        { OrderId: orderId },
      );
      finished(t + 20, "POST", `/api/orders/${orderId}/cancel`, 204, rng.logNormal(40, 0.4));
    }
  }
  // The outbox relay and the distributed cache report on a timer; the cache report is one long line.
  for (const t of ticks(rng, t0, end, 30_000, 800)) {
    const regions = ["products", "prices", "customers", "shipping-zones", "tax-rules", "promotions"].map(
      (r) =>
        `{"region":"${r}","entries":${rng.int(100, 90_000)},"hits":${rng.int(1_000, 900_000)},"misses":${rng.int(10, 9_000)},"evictions":${rng.int(0, 300)},"bytes":${rng.int(1e5, 9e7)}}`,
    );
    log(
      t,
      "Info",
      "Orders.Api.Caching.CacheReporter",
      4100,
      "Cache statistics: {Statistics}",
      `Cache statistics: {"regions":[${regions.join(",")}],"uptime":"${Math.floor((t - t0) / 3_600_000) + 26}:${String(rng.int(0, 59)).padStart(2, "0")}:00"}`,
    );
  }
  for (const t of ticks(rng, t0, end, 10_000, 1500)) {
    log(
      t,
      "Debug",
      "Orders.Api.Outbox.OutboxRelay",
      5001,
      "Relayed {Count} outbox messages to {Topic}",
      `Relayed ${rng.int(0, 25)} outbox messages to orders-events`,
    );
  }

  // The deadlocks: every minute or two, over the whole hour.
  for (const t of arrivals(rng, t0, end, 1 / 75)) {
    const orderId = rng.int(3_000_000, 3_999_999);
    const spid = rng.int(52, 140);
    const ms = rng.int(400, 4000);
    const message = `Transaction (Process ID ${spid}) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.`;
    log(
      t + ms,
      "Error",
      "Microsoft.EntityFrameworkCore.Database.Command",
      20102,
      "Failed executing DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
      `Failed executing DbCommand (${ms}ms) [Parameters=[@p0='?' (DbType = Int32), @p1='?' (Size = 32), @p2='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']\nUPDATE [Stock] SET [Reserved] = [Reserved] + @p0 WHERE [Sku] = @p1 AND [WarehouseId] = @p2;\nSELECT @@ROWCOUNT;`,
      { elapsed_ms: ms },
      "error",
    );
    log(
      t + ms + 2,
      "Error",
      "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware",
      1,
      "An unhandled exception has occurred while executing the request.",
      "An unhandled exception has occurred while executing the request.",
      {
        exception: `Microsoft.EntityFrameworkCore.DbUpdateException: An error occurred while saving the entity changes. See the inner exception for details.\n ---> Microsoft.Data.SqlClient.SqlException (0x80131904): ${message}\n   at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action\`1 wrapCloseInAction)\n   at Orders.Api.Services.OrderService.PlaceAsync(PlaceOrderCommand cmd) in /src/Orders.Api/Services/OrderService.cs:line 142\n   ClientConnectionId:${rng.uuid()}\nError Number:1205,State:51,Class:13`,
        OrderId: orderId,
      },
      "error",
    );
    finished(t + ms + 4, "POST", "/api/orders", 500, ms + rng.logNormal(20, 0.3), "error");
  }

  return inc.scenario(
    name,
    "SQL Server deadlock victims in orders-api every minute or two over an hour, among routine card-decline errors and long cache-statistics lines",
  );
}
