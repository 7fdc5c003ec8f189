import { describe, expect, it } from "vitest";
import { skeletonKey } from "../../../src/detection/features/message-shapes.js";
import { MAX_TEMPLATES, MAX_TOKENS, mineTemplates, OVERFLOW_TEMPLATE, TemplateMiner, tokenize } from "../../../src/detection/templates/templates.js";

const logs = (service: string, messages: string[]) => messages.map((message) => ({ service, message }));

describe("tokenize", () => {
  it("splits on whitespace and masks every token holding a digit", () => {
    const out: string[] = [];
    expect(tokenize("GET  /users/42 200\tin 45ms ", out)).toBe(5);
    expect(out).toEqual(["GET", "<#>", "<#>", "in", "<#>"]);
    expect(tokenize("connect to 10.0.0.7:5432 failed", out)).toBe(4);
    expect(out).toEqual(["connect", "to", "<#>", "failed"]);
    expect(tokenize("", out)).toBe(0);
    expect(out).toEqual([]);
  });

  it("keeps at most MAX_TOKENS tokens but counts them all", () => {
    const out: string[] = [];
    const words = Array.from({ length: MAX_TOKENS + 7 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`);
    expect(tokenize(words.join(" "), out)).toBe(MAX_TOKENS + 7);
    expect(out).toHaveLength(MAX_TOKENS);
  });
});

describe("skeletonKey", () => {
  it("is equal for messages that differ only in numbers and spacing, different otherwise", () => {
    expect(skeletonKey("GET /users/42 200 in 45ms")).toBe(skeletonKey("GET  /users/7 404 in 1200ms"));
    expect(skeletonKey("GET /users/42 200 in 45ms")).not.toBe(skeletonKey("PUT /users/42 200 in 45ms"));
    expect(skeletonKey("cache hit")).not.toBe(skeletonKey("cache miss"));
    expect(skeletonKey("a b")).not.toBe(skeletonKey("ab"));
  });
});

describe("mineTemplates", () => {
  it("keeps a message written at ERROR or at WARNING apart from the same message below, with the same text", () => {
    const t = mineTemplates([
      { service: "api", message: "POST /orders completed 201 in 40 ms", level: "INFO" },
      { service: "api", message: "POST /orders completed 500 in 3 ms", level: "ERROR" },
      { service: "api", message: "POST /orders completed 201 in 38 ms", level: "WARNING" },
      { service: "api", message: "POST /orders completed 503 in 2 ms", level: "CRITICAL" },
      { service: "api", message: "POST /orders completed 201 in 41 ms", level: "DEBUG" },
    ]);
    expect(Array.from(t.templateOf)).toEqual([0, 1, 2, 1, 0]);
    expect(t.text(0)).toBe(t.text(1));
    expect(t.text(2)).toBe(t.text(0));
    // Two words, one differing: a failed login logged at WARNING is not a successful one at INFO.
    const login = mineTemplates([
      { service: "auth", message: "login ok", level: "INFO" },
      { service: "auth", message: "login failed", level: "WARNING" },
    ]);
    expect(login.text(login.templateOf[1]!)).toBe("login failed");
  });

  it("keeps a message that carries an exception apart from the same message without one, with the same text", () => {
    const retry = "webhook delivery failed, will retry";
    const t = mineTemplates([
      { service: "dispatcher", message: retry, level: "WARNING" },
      { service: "dispatcher", message: retry, level: "WARNING", exception: "dial tcp #.#.#.#:#: connect: connection refused" },
      { service: "dispatcher", message: retry, level: "WARNING" },
      { service: "dispatcher", message: retry, level: "WARNING", exception: "context deadline exceeded" },
      { service: "dispatcher", message: retry, level: "ERROR", exception: "context deadline exceeded" },
    ]);
    // Which exception it carries, when it names no type, does not split a message further: its words vary with ids and hosts.
    expect(Array.from(t.templateOf)).toEqual([0, 1, 0, 1, 2]);
    expect(new Set([0, 1, 2].map((id) => t.text(id)))).toEqual(new Set([retry]));
    // The WARNING lines with an exception have a twin without one; the ERROR ones have none.
    expect(Array.from(t.plainTwin!)).toEqual([-1, 0, -1]);
    expect(mineTemplates([{ service: "dispatcher", message: retry }]).plainTwin).toBeUndefined();
  });

  it("keeps apart the exception types a message's lines name, as error trackers group failures, with the same text", () => {
    const send = "Failed to send email";
    const t = mineTemplates([
      { service: "notify", message: send, level: "ERROR" },
      { service: "notify", message: send, level: "ERROR", exception: "org.springframework.mail.MailSendException: # Recipient address rejected" },
      { service: "notify", message: send, level: "ERROR", exception: "org.springframework.mail.MailAuthenticationException: Authentication failed" },
      { service: "notify", message: send, level: "ERROR", exception: "org.springframework.mail.MailSendException: # Mailbox unavailable" },
      // pino's err object: its type alone; a head that names no type mines with the others that name none.
      { service: "notify", message: send, level: "ERROR", exception: "TypeError" },
      { service: "notify", message: send, level: "ERROR", exception: "dial tcp #.#.#.#:#: connect: connection refused" },
      { service: "notify", message: send, level: "ERROR", exception: "context deadline exceeded" },
    ]);
    expect(Array.from(t.templateOf)).toEqual([0, 1, 2, 1, 3, 4, 4]);
    expect(new Set([0, 1, 2, 3, 4].map((id) => t.text(id)))).toEqual(new Set([send]));
    expect(Array.from(t.plainTwin!)).toEqual([-1, 0, 0, 0, 0]);
    expect(t.exceptionType).toEqual([
      undefined,
      "org.springframework.mail.MailSendException",
      "org.springframework.mail.MailAuthenticationException",
      "TypeError",
      undefined,
    ]);
    expect(Array.from(t.withException!)).toEqual([0, 1, 1, 1, 1]);
  });

  it("gives messages that differ in ids and durations one template", () => {
    const t = mineTemplates(logs("api", ["GET /users/42 200 in 45ms", "GET /users/7 200 in 61ms", "GET /orders/9 500 in 3ms"]));
    expect(t.count).toBe(1);
    expect(Array.from(t.templateOf)).toEqual([0, 0, 0]);
    expect(t.text(0)).toBe("GET <*> <*> in <*>");
    expect(t.occurrences[0]).toBe(3);
    expect(t.firstRow[0]).toBe(0);
  });

  it("turns a differing word into a wildcard once half the tokens agree", () => {
    const t = mineTemplates(logs("search", ["Shard a relocated to node west", "Shard b relocated to node west", "Shard c relocated to node east"]));
    expect(t.count).toBe(1);
    expect(t.text(0)).toBe("Shard <*> relocated to node <*>");
  });

  it("keeps different wording, lengths and services apart", () => {
    const t = mineTemplates([
      { service: "api", message: "Cache hit for key user:1" },
      { service: "api", message: "Circuit breaker opened for inventory" },
      { service: "api", message: "Cache hit for key user:2 again" },
      { service: "worker", message: "Cache hit for key user:3" },
      { service: "api", message: "Cache hit for key user:4" },
    ]);
    expect(Array.from(t.templateOf)).toEqual([0, 1, 2, 3, 0]);
    expect(t.count).toBe(4);
    expect(t.text(3)).toBe(t.text(0));
  });

  it("does not merge messages that share less than half their tokens", () => {
    const t = mineTemplates(logs("api", ["user login ok now", "user payment failed twice"]));
    expect(t.count).toBe(2);
  });

  it("streams: add() returns the same ids as a batch, in order of first appearance", () => {
    const messages = ["a 1", "b c", "a 2", "b d", "e"];
    const miner = new TemplateMiner();
    const ids = messages.map((m) => miner.add("s", m));
    expect(ids).toEqual(Array.from(mineTemplates(logs("s", messages)).templateOf));
    expect(ids).toEqual([0, 1, 0, 1, 2]);
  });

  it("gives every row its id when more rows come than the miner was told of", () => {
    const messages = Array.from({ length: 37 }, (_, i) => (i % 3 === 0 ? `job ${i} done` : i % 3 === 1 ? `cache miss ${i}` : "tick"));
    const small = new TemplateMiner(2);
    const ids = messages.map((m) => small.add("s", m));
    const t = small.table();
    expect(t.templateOf).toHaveLength(messages.length);
    expect(Array.from(t.templateOf)).toEqual(ids);
    expect(Array.from(t.templateOf)).toEqual(Array.from(mineTemplates(logs("s", messages)).templateOf));
    // Fewer rows than announced: the table has exactly the rows added.
    const large = new TemplateMiner(100);
    for (const m of messages.slice(0, 5)) large.add("s", m);
    expect(Array.from(large.table().templateOf)).toEqual(ids.slice(0, 5));
  });

  it("says which templates are one constant text", () => {
    const t = mineTemplates(logs("rm", ["ERROR IN CONTACTING RM.", "ERROR IN CONTACTING RM.", "retry 3 of 5"]));
    expect(t.isConstant(t.templateOf[0]!)).toBe(true);
    expect(t.isConstant(t.templateOf[2]!)).toBe(false);
  });

  it("caps the number of templates and still gives every log one", () => {
    // One service per message: nothing can merge, so each would be a template of its own.
    const batch = Array.from({ length: MAX_TEMPLATES + 50 }, (_, i) => ({ service: `svc-${i}`, message: "started" }));
    const t = mineTemplates(batch);
    expect(t.count).toBe(MAX_TEMPLATES + 1);
    expect(t.templateOf.length).toBe(batch.length);
    expect(t.text(t.templateOf[batch.length - 1]!)).toBe(OVERFLOW_TEMPLATE);
    expect(t.text(t.templateOf[0]!)).toBe("started");
  });

  it("routes new first words past MAX_CHILDREN to one wildcard branch", () => {
    const batch = logs(
      "s",
      Array.from({ length: 150 }, (_, i) => `${"abcdefghij"[i % 10]}${"abcdefghij"[Math.floor(i / 10) % 10]}${"klmnopqrst"[Math.floor(i / 100)]} event`),
    );
    const t = mineTemplates(batch);
    // 100 first words get a branch each; the rest share the wildcard branch and its template.
    expect(t.count).toBe(101);
    expect(t.text(t.templateOf[149]!)).toBe("<*> event");
  });

  it("is deterministic", () => {
    const messages = Array.from({ length: 200 }, (_, i) => (i % 3 ? `job ${i} done in ${i}ms` : `queue ${["a", "b"][i % 2]} drained`));
    const a = mineTemplates(logs("s", messages));
    const b = mineTemplates(logs("s", messages));
    expect(Array.from(a.templateOf)).toEqual(Array.from(b.templateOf));
    expect(Array.from({ length: a.count }, (_, i) => a.text(i))).toEqual(Array.from({ length: b.count }, (_, i) => b.text(i)));
  });
});
