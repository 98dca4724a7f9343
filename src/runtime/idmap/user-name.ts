/** Looks a uid's name up in /etc/passwd (no NSS: files only, as the login tools of a container host mostly are). */
import { readFileSync } from "node:fs";

/** The name of `uid` in passwd text (default: /etc/passwd), or undefined when it has none. */
export function lookupUserName(uid: number, passwdText?: string): string | undefined {
  let text = passwdText;
  if (text === undefined) {
    try {
      text = readFileSync("/etc/passwd", "utf8");
    } catch {
      return undefined;
    }
  }
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields.length < 3 || line.startsWith("#")) continue;
    if (fields[2] === String(uid) && fields[0]) return fields[0];
  }
  return undefined;
}
