/** Writes the result event's JSON Schema; `npm test` checks the committed file is current. */
import { writeFileSync } from "node:fs";
import { resultEventJsonSchema } from "../src/contract/result-event.js";

export const SCHEMA_PATH = new URL("../schemas/anomaly-result-event.schema.json", import.meta.url);

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(resultEventJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${SCHEMA_PATH.pathname}\n`);
}
