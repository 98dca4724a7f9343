/** Compare two API versions ("1.41" < "1.42" < "1.100"): negative, zero or positive. */
export function compareApiVersions(a: string, b: string): number {
  const [amaj = 0, amin = 0] = a.split(".").map(Number);
  const [bmaj = 0, bmin = 0] = b.split(".").map(Number);
  return amaj - bmaj || amin - bmin;
}

/** Whether the client's API version is older than `version` (for behaviour that changed there). */
export function apiBefore(clientVersion: string, version: string): boolean {
  return compareApiVersions(clientVersion, version) < 0;
}
