/** Merging the keys setup settles on into an existing daemon.json without clobbering anything silently. */

/** One key setup would set: added (no `from`), changed, or kept (an existing value it does not overwrite). */
export interface ConfigChange {
  key: string;
  from?: unknown;
  to: unknown;
  action: "add" | "change" | "keep";
}

export interface ConfigMerge {
  /** The file's new content (the existing keys, in order, plus the changes). */
  next: Record<string, unknown>;
  changes: ConfigChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `set` merged into `current`. Keys already there with another value are changed only with
 * `overwrite` (an interactive yes after seeing the diff); otherwise they are kept and reported.
 */
export function mergeDaemonConfig(current: Record<string, unknown>, set: Record<string, unknown>, overwrite: boolean): ConfigMerge {
  const next = { ...current };
  const changes: ConfigChange[] = [];
  for (const [key, to] of Object.entries(set)) {
    if (!(key in current)) {
      next[key] = to;
      changes.push({ key, to, action: "add" });
    } else if (!same(current[key], to)) {
      if (overwrite) next[key] = to;
      changes.push({ key, from: current[key], to, action: overwrite ? "change" : "keep" });
    }
  }
  return { next, changes };
}

/** The changes as diff lines: `+ "key": value`, `~ "key": old -> new`, `= "key": kept (wanted …)`. */
export function renderConfigChanges(changes: ConfigChange[]): string[] {
  return changes.map((c) => {
    const key = JSON.stringify(c.key);
    if (c.action === "add") return `+ ${key}: ${JSON.stringify(c.to)}`;
    if (c.action === "change") return `~ ${key}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`;
    return `= ${key}: ${JSON.stringify(c.from)} kept (setup would set ${JSON.stringify(c.to)})`;
  });
}
