import { randomBytes } from "node:crypto";

/** A new 64-hex-digit id, as Docker's container and exec ids. */
export function newId(): string {
  return randomBytes(32).toString("hex");
}

/** The 12-digit short form Docker shows. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}
