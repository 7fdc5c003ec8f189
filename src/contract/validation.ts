import { z } from "zod";
import { didYouMean } from "../did-you-mean.js";
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

/** The field names an object schema accepts at `path` (for "did you mean"), or none. */
function namesAt(schema: z.ZodType | undefined, path: PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const p of path) s = s instanceof z.ZodObject ? (s.shape as Record<string, unknown>)[String(p)] : undefined;
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/**
 * "field: message" lines for a zod error, naming the offending field; an unknown field (a typo)
 * is named itself, with the closest field `schema` accepts.
 */
export function describeZodError(err: z.ZodError, input?: unknown, schema?: z.ZodType): { field: string; message: string } {
  const first = err.issues[0];
  const prefix = (path: PropertyKey[]) => (path.length > 0 ? `${path.join(".")}.` : "");
  const field =
    first?.code === "unrecognized_keys" && first.keys.length > 0
      ? `${prefix(first.path)}${first.keys[0]}`
      : first && first.path.length > 0
        ? first.path.join(".")
        : "(body)";
  const message = err.issues
    .map((i) => {
      const f = i.path.length > 0 ? i.path.join(".") : "(body)";
      if (i.code === "unrecognized_keys") {
        const known = namesAt(schema, i.path);
        return i.keys.map((k) => `${prefix(i.path)}${k}: unknown field${didYouMean(k, known)}`).join("; ");
      }
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
  const { field, message } = describeZodError(r.error, input, schema);
  throw new ServiceError("VALIDATION", message, { field });
}
