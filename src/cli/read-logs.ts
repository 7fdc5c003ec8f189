import { createReadStream, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { usageError, type CliIo } from "./io.js";
import { count, progressLine } from "./progress.js";

/**
 * Reads a file of logs: JSON lines (one object per line), or one JSON array of objects. The
 * first non-blank character decides. "-" reads standard input. Lines stay strings, so a bad line
 * is skipped and counted by the pipeline like a bad list entry in Valkey, never fatal.
 */

export interface LogFile {
  /** The path, or "stdin". */
  label: string;
  format: "jsonl" | "json";
  /** JSONL: the non-blank lines as strings; JSON: the array's elements. */
  entries: unknown[];
  /** 1-based line number of each entry in the file (JSONL), or its 1-based position (JSON). */
  lines: number[];
  bytes: number;
}

function openInput(file: string, io: CliIo): { stream: NodeJS.ReadableStream; size?: number; label: string } {
  if (file === "-") return { stream: io.stdin, label: "stdin" };
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw usageError(`cannot read ${file}: it is a directory`);
    size = st.size;
  } catch (err) {
    if ((err as { exitCode?: number }).exitCode !== undefined) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  return { stream: createReadStream(file), size, label: file };
}

export async function readLogFile(file: string, io: CliIo): Promise<LogFile> {
  const { stream, size, label } = openInput(file, io);
  const progress = progressLine(io.stderr);
  const decoder = new StringDecoder("utf8");
  const entries: unknown[] = [];
  const lines: number[] = [];
  let format: "jsonl" | "json" | undefined;
  let pending = "";
  let lineNo = 0;
  let bytes = 0;

  const takeLines = (text: string, final: boolean) => {
    const parts = text.split("\n");
    pending = final ? "" : parts.pop()!;
    for (const part of parts) {
      lineNo++;
      const line = part.endsWith("\r") ? part.slice(0, -1) : part;
      if (line.trim() === "") continue;
      entries.push(line);
      lines.push(lineNo);
    }
  };

  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      bytes += buf.length;
      let text = pending + decoder.write(buf);
      if (format === undefined) {
        if (bytes === buf.length && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const start = text.trimStart();
        // A JSON array opens "[" then an object, a line break or "]"; a text log's line may open
        // with "[" too ("[2026-02-21 08:01:02,345] INFO ...").
        if (start !== "") format = start[0] === "[" && /^\[\s*(?:[{\]]|$)/.test(start.slice(0, 64)) ? "json" : "jsonl";
      }
      if (format === "jsonl") takeLines(text, false);
      else pending = text;
      const pct = size ? ` ${Math.floor((bytes / size) * 100)}%` : "";
      progress.update(`reading ${label}:${pct} ${count(bytes)} bytes${format === "jsonl" ? `, ${count(entries.length)} logs` : ""}`);
    }
  } catch (err) {
    progress.clear();
    throw usageError(`cannot read ${label}: ${(err as Error).message}`);
  }
  const rest = pending + decoder.end();
  if (format === "json") {
    progress.update(`parsing ${label} (${count(bytes)} bytes)`, true);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rest);
    } catch (err) {
      progress.clear();
      throw usageError(`${label} starts with "[" but is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw usageError(`${label} must hold a JSON array of log objects or JSON lines`);
    // One push per entry: spreading a 200k-element array into push() overflows the stack.
    for (const entry of parsed as unknown[]) entries.push(entry);
    for (let i = 0; i < entries.length; i++) lines.push(i + 1);
  } else takeLines(rest, true);
  progress.clear();
  return { label, format: format ?? "jsonl", entries, lines, bytes };
}
