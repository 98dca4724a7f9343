import { InvalidArgument } from "./errors.ts";
import { parseGoDuration } from "./go-duration.ts";

/** A Go duration in milliseconds, or undefined when the text is not one. */
function durationMs(value: string): number | undefined {
  try {
    return parseGoDuration(value) / 1e6;
  } catch {
    return undefined;
  }
}

const dateForm = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?)?([zZ]|[+-]\d\d:\d\d)?$/;

/** seconds + nanoseconds as Docker's "1700000000.000000123". */
function formatNanos(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const neg = ns < 0n && frac !== 0n;
  const secs = neg ? s - 1n : s;
  const nanos = neg ? frac + 1_000_000_000n : frac;
  return `${secs}.${nanos.toString().padStart(9, "0")}`;
}

/**
 * What the docker CLI sends for `--since`/`--until` (its GetTimestamp): a Go duration becomes
 * `reference` minus it, an RFC 3339 date or time (local when it has no zone) becomes
 * "seconds.nanoseconds", and a Unix timestamp ("1700000000", "1700000000.5") passes unchanged.
 */
export function dockerTimestamp(value: string, reference = new Date()): string {
  const d = durationMs(value);
  if (d !== undefined && value !== "0") return String(Math.floor((reference.getTime() - d) / 1000));
  const m = dateForm.exec(value);
  if (m) {
    const [, y, mo, da, h = "0", mi = "0", s = "0", frac = "", zone] = m;
    const nanos = BigInt(frac.padEnd(9, "0") || "0");
    const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s)));
    if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(da) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(s)) {
      throw new InvalidArgument(`parsing time ${JSON.stringify(value)}: value out of range`);
    }
    let ms: number;
    if (zone === undefined) {
      ms = new Date(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s)).getTime();
    } else {
      const offset = /^[zZ]$/.test(zone) ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
      ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s)) - offset * 60_000;
    }
    if (Number.isNaN(ms)) throw new InvalidArgument(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
    return formatNanos(BigInt(ms) * 1_000_000n + nanos);
  }
  if (value.includes("-") || parseUnixTimestamp(value) === undefined) throw new InvalidArgument(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
  return value;
}

/** "seconds[.fraction]" as nanoseconds since the epoch; undefined when it is not one. */
export function parseUnixTimestamp(value: string): bigint | undefined {
  const m = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) return undefined;
  return BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
}

/**
 * A `since`/`until` query value as the daemon reads it: Docker's Unix timestamp form, and for
 * hand-made requests anything the CLI would have converted (RFC 3339, a duration ago).
 * Empty means not given.
 */
export function timestampNanos(value: string | null | undefined, now = new Date()): bigint | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const direct = parseUnixTimestamp(value);
  if (direct !== undefined) return direct;
  return parseUnixTimestamp(dockerTimestamp(value, now));
}
