/** Go's %.{prec}g of a number: shortest of %e and %f, trailing zeros dropped. */
export function goG(x: number, prec: number): string {
  if (x === 0) return "0";
  const [mant, e] = x.toExponential(prec - 1).split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= prec) {
    const m = mant!.includes(".") ? mant!.replace(/0+$/, "").replace(/\.$/, "") : mant!;
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(Math.max(0, prec - 1 - exp));
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

const decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** go-units HumanSizeWithPrecision: decimal units, `prec` significant digits ("1.23MB"). */
export function humanSize(size: number, prec = 3): string {
  let i = 0;
  while (size >= 1000 && i < decimalUnits.length - 1) {
    size /= 1000;
    i++;
  }
  return `${goG(size, prec)}${decimalUnits[i]}`;
}

/** Go's time.Unix(sec, 0).String() in the local zone: "2024-05-01 10:20:30 +0200 CEST". */
export function goTimeString(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const off = -d.getTimezoneOffset();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const offset = `${off < 0 ? "-" : "+"}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
  const zone = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d).find((x) => x.type === "timeZoneName")?.value ?? "";
  const name = off === 0 && /^(GMT|UTC)$/.test(zone) ? "UTC" : /^GMT[+-]/.test(zone) ? offset.slice(0, 3) : zone;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${offset} ${name}`;
}

/** Docker's Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  const runes = [...s];
  if (runes.length <= max) return s;
  if (max <= 0) return "";
  return `${runes.slice(0, max - 1).join("")}…`;
}

/** Docker's TruncateID: without the algorithm prefix, 12 characters. */
export function truncateId(id: string): string {
  const i = id.indexOf(":");
  return (i >= 0 ? id.slice(i + 1) : id).slice(0, 12);
}

/** Labels as Docker's contexts join them: "k=v,k2=v2", sorted by key. */
export function sortedLabels(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(",");
}
