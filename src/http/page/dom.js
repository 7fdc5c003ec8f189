// Building the page from data without ever parsing data as HTML: every value goes in through
// textContent or a plain attribute, so a log line that looks like markup stays text.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Sets attributes (not properties: no event handlers, no innerHTML) and appends children. */
function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`event handler attribute ${name} is not allowed`);
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: h("td", { class: "x" }, "text", otherNode). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const numberFormat = new Intl.NumberFormat("en");

export function num(n) {
  return typeof n === "number" && Number.isFinite(n) ? numberFormat.format(n) : "–";
}

/** "1 finding", "3 findings". */
export function plural(n, word) {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
}

export function pct(x) {
  return typeof x === "number" ? `${Math.round(x * 100)}%` : "–";
}

/** 2025-09-19 07:12:26 UTC: incidents span time zones, so the page speaks UTC as the logs do. */
export function when(iso) {
  if (typeof iso !== "string" || iso === "") return "–";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** 07:12:26, for axis labels and rows of one incident. */
export function clock(ms) {
  return new Date(ms).toISOString().slice(11, 19);
}

export function duration(ms) {
  const sec = Math.round(ms / 1000);
  if (sec < 120) return `${sec} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  if (sec < 172800) return `${Math.round(sec / 360) / 10} h`;
  return `${Math.round(sec / 8640) / 10} d`;
}
