export * from "./daemon.ts";
export { DaemonLock } from "./daemon-lock.ts";
export * from "./run-daemon.ts";
