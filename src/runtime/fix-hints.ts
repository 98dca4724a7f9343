/**
 * The fixes that Bunker's errors name, for the causes it knows: one place for the exact lines
 * (the subuid entry, the sysctl, the chmod) so that engine errors, `bunker info` warnings and
 * `bunker setup` say the same thing.
 */

/** Who the fix is for. */
export interface HintUser {
  username: string | null;
  uid: number;
}

/** The size of a subordinate range that covers the ids images use (as Docker's and Podman's docs ask). */
export const SUBID_COUNT = 65536;

const nameOf = (u: HintUser) => u.username ?? String(u.uid);

/** The fixes, as text: commands run as root are prefixed with sudo. */
export const fixHints = {
  /** The /etc/subuid and /etc/subgid line, e.g. "alice:100000:65536". */
  subidLine: (u: HintUser, start = 100000) => `${nameOf(u)}:${start}:${SUBID_COUNT}`,
  subidCommand: (u: HintUser, start = 100000) =>
    `sudo usermod --add-subuids ${start}-${start + SUBID_COUNT - 1} --add-subgids ${start}-${start + SUBID_COUNT - 1} ${nameOf(u)}`,
  setuidCommand: (path: string) => `sudo chmod u+s ${path}`,
  maxUserNamespaces: "sudo sysctl -w user.max_user_namespaces=28633",
  usernsClone: "sudo sysctl -w kernel.unprivileged_userns_clone=1",
  apparmorUserns: "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",
  tunMode: "sudo chmod 0666 /dev/net/tun",
  tunCreate: "sudo sh -c 'modprobe tun || { mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200; }'",
  setup: "`bunker setup` checks the host and offers each fix",
};

/** A user-namespace creation that failed: ENOSPC is the count limit, EPERM a policy. */
function usernsHint(message: string): string | undefined {
  if (!/CLONE_NEWUSER|user namespace|unshare|clone/i.test(message)) return undefined;
  if (/ENOSPC|No space left/i.test(message)) return `the user namespace limit is reached or 0: ${fixHints.maxUserNamespaces}`;
  if (/EPERM|EACCES|not permitted|Permission denied|could not create a user namespace/i.test(message)) {
    return `unprivileged user namespaces are forbidden here: allow them with ${fixHints.usernsClone} (Debian's older kernels) or ${fixHints.apparmorUserns} (Ubuntu's AppArmor), and make sure user.max_user_namespaces is not 0`;
  }
  return undefined;
}

/** newuidmap/newgidmap failed or a map write was refused: missing ranges, or a tool without setuid. */
function idmapHint(message: string, user: HintUser): string | undefined {
  if (!/newuidmap|newgidmap|uid_map|gid_map|userns-holder: .*failed/i.test(message)) return undefined;
  return `give ${nameOf(user)} subordinate ids: add the line "${fixHints.subidLine(user)}" to /etc/subuid and /etc/subgid (${fixHints.subidCommand(user)}), and make sure /usr/bin/newuidmap and /usr/bin/newgidmap are setuid root (${fixHints.setuidCommand("/usr/bin/newuidmap /usr/bin/newgidmap")})`;
}

function tunHint(message: string): string | undefined {
  if (!/\/dev\/net\/tun/.test(message)) return undefined;
  if (/No such file|ENOENT|no such device/i.test(message)) return `create the device: ${fixHints.tunCreate}`;
  if (/Permission denied|EACCES|EPERM|not permitted/i.test(message)) return `let users open it, as udev does: ${fixHints.tunMode}`;
  return undefined;
}

/**
 * `message` with the fix for its known cause appended ("…; fix: …; `bunker setup` …"), or
 * unchanged when the cause is unknown or the message already names a fix.
 */
export function withFixHint(message: string, user: HintUser): string {
  if (message.includes("bunker setup")) return message;
  const hint = idmapHint(message, user) ?? usernsHint(message) ?? tunHint(message);
  return hint === undefined ? message : `${message}; fix: ${hint}; ${fixHints.setup}`;
}
