import type { Output } from "./io.js";

/** One self-overwriting status line on a terminal (stderr); silent when it is not a terminal. */
export function progressLine(out: Output) {
  const enabled = out.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text: string, force = false): void {
      if (!enabled) return;
      const now = Date.now();
      if (!force && now - last < 150) return;
      last = now;
      out.write(`\r\x1b[K${text}`);
      shown = true;
    },
    clear(): void {
      if (shown) out.write("\r\x1b[K");
      shown = false;
    },
  };
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}
