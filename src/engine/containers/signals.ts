import { constants } from "node:os";
import { InvalidArgument } from "../../lib/index.ts";

/** A signal by name ("TERM", "SIGTERM", "sigterm") or number, as Docker accepts them. */
export function signalNumber(signal: string | number): number {
  if (typeof signal === "number" || /^\d+$/.test(signal)) {
    const n = Number(signal);
    if (n < 1 || n > 64) throw new InvalidArgument(`Invalid signal: ${signal}`);
    return n;
  }
  const name = signal.toUpperCase().replace(/^SIG/, "");
  const rt = /^RTMIN(?:\+(\d+))?$/.exec(name);
  if (rt) return 34 + Number(rt[1] ?? 0);
  const n = (constants.signals as Record<string, number>)[`SIG${name}`];
  if (n === undefined) throw new InvalidArgument(`Invalid signal: ${signal}`);
  return n;
}
