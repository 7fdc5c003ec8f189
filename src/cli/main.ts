import { runCli } from "./run.js";

/** Process entry of the operator CLI (bin/anomaly-detect.js runs this). */

const abort = new AbortController();
let interrupted = false;
const onSignal = () => {
  // First Ctrl-C stops watch/waits cleanly; a second one exits at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  abort.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// A closed pipe (`anomaly-detect watch | head`) is a normal way to stop: like Ctrl-C, so the
// command still cleans up (a demo's throwaway server, its consumer group).
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  abort.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: abort.signal,
});
// Exit explicitly: a library's timer must not keep a finished command alive. Wait for stdout
// to flush first.
process.stdout.write("", () => process.exit(code));
