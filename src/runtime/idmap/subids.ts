/** Subordinate id ranges from /etc/subuid and /etc/subgid (shadow's `name:start:count` format). */
import { readFileSync } from "node:fs";

/** One range of subordinate ids: start, start+1, …, start+count-1. */
export interface SubordinateRange {
  start: number;
  count: number;
}

/** The user whose ranges are wanted: lines may name either. */
export interface SubordinateUser {
  name: string;
  uid: number;
}

/** Both files' ranges for one user. */
export interface SubordinateIds {
  uids: SubordinateRange[];
  gids: SubordinateRange[];
}

const DECIMAL = /^\d+$/;

/**
 * The ranges that `text` (the contents of /etc/subuid or /etc/subgid) gives `user`, in file
 * order. A line's owner is a user name or a numeric uid. Blank lines, `#` comments, and malformed
 * lines (wrong field count, non-decimal numbers, a zero count, ids past 2^32-1) are ignored.
 */
export function subordinateRanges(text: string, user: SubordinateUser): SubordinateRange[] {
  const ranges: SubordinateRange[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(":");
    if (fields.length !== 3) continue;
    const [owner, startText, countText] = fields as [string, string, string];
    if (owner === "" || (owner !== user.name && owner !== String(user.uid))) continue;
    if (!DECIMAL.test(startText) || !DECIMAL.test(countText)) continue;
    const start = Number(startText);
    const count = Number(countText);
    if (count === 0 || start + count - 1 > 0xffffffff) continue;
    ranges.push({ start, count });
  }
  return ranges;
}

function readRanges(path: string, user: SubordinateUser): SubordinateRange[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return subordinateRanges(text, user);
}

/** The user's ranges from the real files (or others, for tests); a missing or unreadable file gives []. */
export function readSubordinateIds(
  user: SubordinateUser,
  files: { subuid: string; subgid: string } = { subuid: "/etc/subuid", subgid: "/etc/subgid" },
): SubordinateIds {
  return { uids: readRanges(files.subuid, user), gids: readRanges(files.subgid, user) };
}
