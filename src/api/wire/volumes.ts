import type { Volume } from "../../engine/index.ts";

/** A volume in Docker's shape (GET /volumes, /volumes/{name}, POST /volumes/create). */
export function volumeWire(vol: Volume): Record<string, unknown> {
  return { Name: vol.name, Driver: vol.driver, Mountpoint: vol.mountpoint, CreatedAt: vol.created, Labels: vol.labels, Scope: "local", Options: vol.options };
}
