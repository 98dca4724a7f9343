/** Fix steps several checks share. */
import type { Fix, FixStep } from "../check-result.ts";

/** Set a sysctl now and keep it across reboots in /etc/sysctl.d. */
export function sysctlSteps(key: string, value: string, file: string): FixStep[] {
  return [
    { kind: "run", argv: ["sysctl", "-w", `${key}=${value}`], root: true },
    { kind: "run", argv: ["tee", `/etc/sysctl.d/${file}`], root: true, input: `${key} = ${value}\n` },
  ];
}

/** Install a distribution package with whichever package manager is there; else say what to install. */
export function installFix(packageManager: string | undefined, pkg: string, title = `Install ${pkg}`): Fix {
  const argv: Record<string, string[]> = {
    "apt-get": ["apt-get", "install", "-y", pkg],
    dnf: ["dnf", "install", "-y", pkg],
    zypper: ["zypper", "--non-interactive", "install", pkg],
    apk: ["apk", "add", pkg],
    pacman: ["pacman", "-S", "--noconfirm", pkg],
  };
  const cmd = packageManager ? argv[packageManager] : undefined;
  return { title, steps: cmd ? [{ kind: "run", argv: cmd, root: true }] : [{ kind: "print", text: `install the ${pkg} package with your distribution's package manager` }] };
}

/** The user's name for messages and commands. */
export const userName = (host: { username: string | null; uid: number }): string => host.username ?? String(host.uid);
