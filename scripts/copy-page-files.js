// The incident pages' static files go beside the compiled server (tsc emits only what it compiles):
// src/http/page -> <out>/http/page, out = the first argument or dist.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";

const out = process.argv[2] ?? "dist";
const target = path.join(out, "http/page");
rmSync(target, { recursive: true, force: true });
cpSync("src/http/page", target, { recursive: true });
