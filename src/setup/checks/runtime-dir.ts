import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** XDG_RUNTIME_DIR: the user's own private runtime directory, where the socket lives. */
export function checkRuntimeDir(facts: SetupFacts): CheckResult {
  const id = "runtime-dir";
  const { host, runtimeDir: r } = facts;
  if (!host.rootless) return { id, status: "skip", summary: "not needed as root (the socket is /run/bunker.sock)", fixes: [] };
  const exportLine = { title: `Use ${r.userDir}`, steps: [{ kind: "print" as const, text: `export XDG_RUNTIME_DIR=${r.userDir}` }], note: "add it to your shell's profile, or log in through a session (ssh, machinectl shell USER@) that sets it" };
  if (r.value === undefined) {
    if (r.userDirExists) {
      return { id, status: "problem", summary: `XDG_RUNTIME_DIR is not set, although ${r.userDir} exists (a shell from su or sudo?)`, explanation: `The daemon's socket then moves to /tmp/bunker-${host.uid}, where the docker CLI and other sessions do not look for it.`, fixes: [exportLine] };
    }
    return { id, status: "advice", summary: `XDG_RUNTIME_DIR is not set and ${r.userDir} does not exist (no login session)`, explanation: `Bunker uses a private /tmp/bunker-${host.uid} instead; a login through pam_systemd (or lingering) gives you ${r.userDir}.`, fixes: [] };
  }
  if (r.ownerUid === undefined) {
    return { id, status: "problem", summary: `XDG_RUNTIME_DIR=${r.value} does not exist`, explanation: "The daemon cannot create its socket and state there.", fixes: r.userDirExists ? [exportLine] : [{ title: "Unset it", steps: [{ kind: "print", text: "unset XDG_RUNTIME_DIR" }] }] };
  }
  if (r.ownerUid !== host.uid) {
    return { id, status: "problem", summary: `XDG_RUNTIME_DIR=${r.value} belongs to uid ${r.ownerUid}, not to you (su and sudo keep the caller's)`, explanation: "The daemon cannot create its socket there, and must not share another user's.", fixes: r.userDirExists ? [exportLine] : [{ title: "Unset it", steps: [{ kind: "print", text: "unset XDG_RUNTIME_DIR" }] }] };
  }
  return { id, status: "ok", summary: `XDG_RUNTIME_DIR=${r.value}`, fixes: [] };
}
