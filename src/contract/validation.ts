import type { z } from "zod";
import { ServiceError } from "../errors.js";

/** How every reader of the contract (HTTP, stream, CLI) names what is wrong with an input. */

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** "field: message" lines for a zod error, naming the offending field. */
export function describeZodError(err: z.ZodError, input?: unknown): { field: string; message: string } {
  const first = err.issues[0];
  const field = first && first.path.length > 0 ? first.path.join(".") : "(body)";
  const message = err.issues
    .map((i) => {
      const f = i.path.length > 0 ? i.path.join(".") : "(body)";
      if (i.code === "unrecognized_keys") return `${f}: unknown field(s) ${i.keys.join(", ")}`;
      if (i.code === "invalid_type" && i.path.length > 0 && valueAt(input, i.path) === undefined) return `${f}: is required`;
      return `${f}: ${i.message}`;
    })
    .join("; ");
  return { field, message };
}

/** Parses or throws a VALIDATION error (400) whose message and `field` name the offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const { field, message } = describeZodError(r.error, input);
  throw new ServiceError("VALIDATION", message, { field });
}
