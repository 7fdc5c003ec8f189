/**
 * Plain-text tables cut to a width: fixed columns keep their content (up to `max`), flexible
 * columns share what is left by weight and are cut with "…". Control characters in cells
 * (newlines in a stack trace, tabs) become spaces so one row stays one line.
 */

export interface Column {
  header: string;
  align?: "left" | "right";
  /** Upper bound of a fixed column. */
  max?: number;
  /** Makes the column flexible; its share of the remaining width. */
  flex?: number;
  /** Lower bound of a flexible column. */
  min?: number;
}

const GAP = "  ";

export function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: log text is untrusted; control characters would drive the terminal
  return s.replace(/[\u0000-\u001f\u007f]+/g, " ");
}

function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function cut(s: string, width: number): string {
  if (width <= 0) return "";
  const chars = Array.from(s);
  if (chars.length <= width) return s;
  return `${chars.slice(0, width - 1).join("")}…`;
}

function pad(s: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - len(s)));
  return align === "right" ? fill + s : s + fill;
}

export function columnWidths(columns: readonly Column[], rows: readonly string[][], width: number): number[] {
  const natural = columns.map((c, i) => Math.max(len(c.header), ...rows.map((r) => len(r[i] ?? ""))));
  const widths = columns.map((c, i) => (c.flex ? 0 : Math.min(natural[i]!, c.max ?? Infinity)));
  const flexible = columns.map((c, i) => (c.flex ? i : -1)).filter((i) => i >= 0);
  let left = width - widths.reduce((a, b) => a + b, 0) - GAP.length * (columns.length - 1);
  // Give each flexible column its share, never more than it needs; hand back what it leaves.
  let open = flexible.filter((i) => natural[i]! > 0);
  while (open.length > 0) {
    const weight = open.reduce((a, i) => a + columns[i]!.flex!, 0);
    const budget = Math.max(0, left);
    const satisfied = open.filter((i) => natural[i]! <= Math.floor((budget * columns[i]!.flex!) / weight));
    if (satisfied.length === 0) {
      for (const i of open) widths[i] = Math.max(columns[i]!.min ?? 1, Math.floor((budget * columns[i]!.flex!) / weight));
      break;
    }
    for (const i of satisfied) {
      widths[i] = natural[i]!;
      left -= natural[i]!;
    }
    open = open.filter((i) => !satisfied.includes(i));
  }
  return widths;
}

export function renderTable(columns: readonly Column[], rows: readonly string[][], width: number): string[] {
  const cleaned = rows.map((r) => r.map(clean));
  const widths = columnWidths(columns, cleaned, width);
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const w = widths[i]!;
        const text = cut(cells[i] ?? "", w);
        return i === columns.length - 1 && c.align !== "right" ? text : pad(text, w, c.align ?? "left");
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cleaned.map(line)];
}

/**
 * `text` in lines of at most `width` characters, broken at spaces (a longer word is split), each
 * after `indent`: for text that must be read whole, such as a reason.
 */
export function wrap(text: string, width: number, indent = ""): string[] {
  const room = Math.max(10, width - len(indent));
  const out: string[] = [];
  let line = "";
  for (const word of clean(text).split(" ").filter(Boolean)) {
    let w = word;
    while (len(w) > room) {
      if (line) out.push(line);
      const chars = Array.from(w);
      out.push(chars.slice(0, room).join(""));
      w = chars.slice(room).join("");
      line = "";
    }
    if (!line) line = w;
    else if (len(line) + 1 + len(w) <= room) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.map((l) => indent + l);
}
