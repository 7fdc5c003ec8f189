// Stack traces as runtimes print them.

export interface JavaCause {
  head: string;
  frames: readonly string[];
  /** frames in common with the enclosing trace, printed as "... n more" */
  more?: number;
}

/** A Java throwable as printStackTrace() writes it: head, frames, then its causes. */
export function javaStack(head: string, frames: readonly string[], causes: readonly JavaCause[] = []): string {
  let s = head;
  for (const f of frames) s += `\n\tat ${f}`;
  for (const c of causes) {
    s += `\nCaused by: ${c.head}`;
    for (const f of c.frames) s += `\n\tat ${f}`;
    if (c.more !== undefined) s += `\n\t... ${c.more} more`;
  }
  return s;
}

export type PyFrame = readonly [file: string, line: number, fn: string, code: string];

/** A Python traceback, the exception on the last line. */
export function pyTraceback(frames: readonly PyFrame[], last: string): string {
  let s = "Traceback (most recent call last):";
  for (const [file, line, fn, code] of frames) s += `\n  File "${file}", line ${line}, in ${fn}\n    ${code}`;
  return `${s}\n${last}`;
}

/** A V8 error stack. */
export function nodeStack(head: string, frames: readonly string[]): string {
  return [head, ...frames.map((f) => `    at ${f}`)].join("\n");
}

/** A Go stack as zap's stacktrace field carries it: function, then file:line, tab-indented. */
export function goStack(frames: readonly (readonly [fn: string, loc: string])[]): string {
  return frames.map(([fn, loc]) => `${fn}\n\t${loc}`).join("\n");
}
