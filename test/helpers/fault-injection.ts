/**
 * Preloaded (`node --import <transpiled>/test/helpers/fault-injection.js <transpiled>/src/main.js`) into a
 * service process by faults.test.ts: on SIGUSR2 it makes the failure named by FAULT_INJECT
 * happen inside the running service, after main.ts has installed its handlers.
 */
process.on("SIGUSR2", () => {
  if (process.env.FAULT_INJECT === "exception") {
    setImmediate(() => {
      throw new Error("injected uncaught exception");
    });
  } else {
    void Promise.reject(new Error("injected unhandled rejection"));
  }
});
