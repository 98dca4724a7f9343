import { readFileSync } from "node:fs";

/** The pid written in a daemon pid file, or undefined when there is none (or it is garbage). */
export function readPidFile(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
