/**
 * A request's route as a structured field names it (`path`, `http.route`, `url.path`, ...),
 * reduced to its shape: the query string dropped, a path segment that is an id (a uuid, a
 * Stripe-like `ch_3Nk2...`, a long hex) masked whole, and every other run of digits masked, so
 * `/v1/accounts/306194/entries` and `/v1/accounts/5/entries` are one route. A route written as
 * a template (`/v1/orders/{id}`, OpenTelemetry's `http.route`) keeps its placeholders. A version
 * segment's digits are masked too (`/v1/` and `/v2/` are one route): fewer, larger baselines.
 */

export const ROUTE_MASK = "<*>";
/** Longer routes are not a route (a payload, a query copied whole): no operation is named by them. */
export const MAX_ROUTE_CHARS = 256;
/** A segment of letters, digits, `-` and `_` this long that holds a digit is an id, masked whole. */
const ID_SEGMENT_CHARS = 8;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdChar = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;

/** The shape of a route, or undefined for an empty or overlong one. */
export function routeShape(raw: string): string | undefined {
  let end = raw.length;
  for (let i = 0; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) end = i;
  }
  if (end === 0 || end > MAX_ROUTE_CHARS) return undefined;
  // Most routes (`/search/logs`, `/api/users/{id}`) hold no digit: kept as they are, no new string.
  let digit = false;
  for (let i = 0; i < end && !digit; i++) digit = isDigit(raw.charCodeAt(i));
  if (!digit) return end === raw.length ? raw : raw.slice(0, end);
  let out = "";
  let from = 0;
  while (from < end) {
    let to = raw.indexOf("/", from);
    if (to < 0 || to > end) to = end;
    out += maskedSegment(raw, from, to);
    if (to < end) out += "/";
    from = to + 1;
  }
  return out;
}

/** raw[from, to): an id segment as one mask, else its digit runs masked. */
function maskedSegment(raw: string, from: number, to: number): string {
  let id = to - from >= ID_SEGMENT_CHARS;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (!isIdChar(c)) id = false;
  }
  if (!digit) return raw.slice(from, to);
  if (id) return ROUTE_MASK;
  let out = "";
  let i = from;
  while (i < to) {
    if (isDigit(raw.charCodeAt(i))) {
      out += ROUTE_MASK;
      while (i < to && isDigit(raw.charCodeAt(i))) i++;
    } else out += raw[i++];
  }
  return out;
}
