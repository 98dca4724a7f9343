import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Bytes in the regular files (and symlinks) under `dir`, as `du --apparent-size` counts them; 0 when it is gone. */
export function treeSize(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const st = lstatSync(join(d, name));
      if (st.isDirectory()) walk(join(d, name));
      else total += st.size;
    }
  };
  try {
    walk(dir);
  } catch {
    // A tree being removed meanwhile, or one this user cannot read: count what was seen.
  }
  return total;
}
