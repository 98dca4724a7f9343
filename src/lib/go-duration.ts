/**
 * Go's time.ParseDuration ("1h30m", "5s", "1.5ms", "300us"), in nanoseconds, as Docker parses
 * HEALTHCHECK intervals. Throws with Go's wording on a malformed value.
 */
const units: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export function parseGoDuration(text: string): number {
  const invalid = (): Error => new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid();
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, intPart = "", fracPart] = m;
    if (intPart === "" && (fracPart === undefined || fracPart === "")) throw invalid();
    s = s.slice(whole.length);
    const u = /^[^\d.]+/.exec(s)?.[0];
    if (u === undefined) throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
    const scale = units[u];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(text)}`);
    s = s.slice(u.length);
    total += Number(intPart || "0") * scale + (fracPart ? Number(`0.${fracPart}`) * scale : 0);
  }
  if (total > 9223372036854775807) throw invalid();
  return sign * Math.round(total);
}

/** Go's time.Duration.String for non-negative nanoseconds: "200ms", "1.5s", "1m30s", "2h0m0s". */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return "0s";
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  const h = Math.floor(ns / 3600e9);
  const m = Math.floor((ns % 3600e9) / 60e9);
  const s = trim((ns % 60e9) / 1e9);
  return h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
