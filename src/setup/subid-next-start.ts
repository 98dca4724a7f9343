import { readFileSync } from "node:fs";

/** Where a new subordinate range can start: past every range of every user in both files, at least 100000. */
export function subidNextStart(root = ""): number {
  let next = 100000;
  for (const file of ["/etc/subuid", "/etc/subgid"]) {
    let text = "";
    try {
      text = readFileSync(root + file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const [, start, count] = line.trim().split(":");
      if (start && count && /^\d+$/.test(start) && /^\d+$/.test(count)) next = Math.max(next, Number(start) + Number(count));
    }
  }
  return next;
}
