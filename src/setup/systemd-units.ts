/**
 * The systemd units that start the daemon on the first connection to its socket (socket
 * activation): bunker.socket listens on the path the CLI and DOCKER_HOST use, and hands the
 * listening socket to bunker.service as fd 3 (LISTEN_FDS), which the daemon serves.
 */

/** Quote one word for an ExecStart= line (systemd's quoting: double quotes, backslash escapes). */
function unitWord(word: string): string {
  if (/^[A-Za-z0-9_./:=@+-]+$/.test(word)) return word;
  return `"${word.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%/g, "%%")}"`;
}

/**
 * The two unit files for `command` (the bunker binary, or bun with src/main.ts). `%t` is the
 * manager's runtime directory: $XDG_RUNTIME_DIR for a user manager, /run for the system's, so
 * the socket lands where defaultPaths() puts it for either.
 */
export function systemdUnits(command: string[]): Record<"bunker.socket" | "bunker.service", string> {
  const exec = [...command, "daemon"].map(unitWord).join(" ");
  return {
    "bunker.socket": [
      "[Unit]",
      "Description=Bunker API socket (Docker Engine API)",
      "",
      "[Socket]",
      "ListenStream=%t/bunker.sock",
      "SocketMode=0600",
      "",
      "[Install]",
      "WantedBy=sockets.target",
      "",
    ].join("\n"),
    "bunker.service": [
      "[Unit]",
      "Description=Bunker rootless container engine",
      "Requires=bunker.socket",
      "After=bunker.socket",
      "",
      "[Service]",
      `ExecStart=${exec}`,
      // Containers' monitors outlive the daemon (as conmon does): stopping it must not kill them.
      "KillMode=process",
      // The daemon makes the containers' cgroups below its own.
      "Delegate=yes",
      "Restart=on-failure",
      "",
      "[Install]",
      "WantedBy=default.target",
      "",
    ].join("\n"),
  };
}

/** Where unit files go: the user's ~/.config/systemd/user, or /etc/systemd/system for root. */
export function unitDirectory(env: Record<string, string | undefined>, uid: number, home: string): string {
  if (uid === 0) return "/etc/systemd/system";
  return `${env.XDG_CONFIG_HOME || `${home}/.config`}/systemd/user`;
}
