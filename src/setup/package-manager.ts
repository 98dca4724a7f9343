import { existsSync } from "node:fs";

const KNOWN = ["apt-get", "dnf", "zypper", "apk", "pacman"];

/** The distribution's package manager, for install commands; undefined when none is known. */
export function packageManager(root = ""): string | undefined {
  return KNOWN.find((name) => ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].some((dir) => existsSync(`${root}${dir}/${name}`)));
}
