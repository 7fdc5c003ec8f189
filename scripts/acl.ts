/**
 * Prints the service's least-privilege ACL (selectors: Valkey, or Redis 7.0 and later) for the current settings (the same environment the
 * service reads: INCIDENT_LOGS_KEY, INCIDENT_STREAM, ANOMALY_STREAM, DEAD_LETTER_STREAM,
 * VALKEY_CLUSTER), as an ACL SETUSER command and as an ElastiCache access string.
 *
 *   npm run acl
 *   VALKEY_CLUSTER=true INCIDENT_STREAM='{anomaly}:incidents:created' ANOMALY_STREAM='{anomaly}:anomalies:detected' npm run acl
 */
import { loadConfig } from "../src/config.js";
import { aclFamilies, aclRules } from "../src/valkey/acl.js";

const config = loadConfig();
const quote = (s: string) => (/^[\w%~*:.{}|+@-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
const user = "anomaly-detector";
process.stdout.write(`# Keys and what the service does with them (one selector each; EVAL/EVALSHA on the script keys):\n`);
for (const f of aclFamilies(config)) process.stdout.write(`#   ${`${f.access}${f.pattern}`.padEnd(48)} ${f.what}: ${f.commands.join(" ").toUpperCase()}\n`);
process.stdout.write(`\n# Valkey / Redis 7+ (run on every node of a self-managed cluster):\n`);
process.stdout.write(`ACL SETUSER ${user} reset on '>CHANGE-ME' ${aclRules(config).map(quote).join(" ")}\n`);
process.stdout.write(`\n# ElastiCache user access string:\n`);
process.stdout.write(
  `on ${aclRules(config)
    .filter((r) => r !== "resetkeys" && r !== "resetchannels")
    .join(" ")}\n`,
);
