import { ManifestError } from "./manifest-error.ts";

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };

/** A Kubernetes quantity ("128Mi", "1G", "1.5", "500m", "1e3") as a number of units. */
export function parseQuantity(value: string | number, path: string): number {
  if (typeof value === "number") return value;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)|[eE]([+-]?\d+))?$/.exec(value.trim());
  if (!m) throw new ManifestError(`${path}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got "${value}")`);
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? "";
  return n * (binary[suffix] ?? decimal[suffix]!);
}

/** Bytes as a quantity: the largest binary suffix that divides them exactly. */
export function formatBytes(bytes: number): string {
  for (const [suffix, size] of Object.entries(binary).reverse()) if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  return String(bytes);
}

/** Docker NanoCpus as a CPU quantity: whole CPUs, else millicores. */
export function formatNanoCpus(nano: number): string {
  if (nano % 1e9 === 0) return String(nano / 1e9);
  return `${Math.round(nano / 1e6)}m`;
}
