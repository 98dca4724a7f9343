/**
 * A fake host for setup's checks: a temp root with proc/sys files, etc/passwd, etc/subuid and
 * subgid, fake newuidmap/newgidmap (setuid root when the runner is root, else judged through a
 * fake getcap), dev nodes (regular files that open), a cgroupfs tree and run/user dirs. Nothing
 * of the real host is read except what Bun itself needs.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gatherSetupFacts, type SetupFacts, type StorageFacts } from "../../../src/setup/index.ts";
import type { ProbeResult } from "../../../src/sys/index.ts";
import { FakeCgroupfs, ME, OTHER, RUNNER_IS_ROOT, V1_HIERARCHIES, v1Mountinfo, v1SelfCgroup, v2Mountinfo } from "../runtime/_fake-cgroupfs.ts";

export { ME, OTHER, RUNNER_IS_ROOT };
export const USER = "me";

export interface HostSpec {
  kernel?: string;
  /** proc/sys files relative to proc/sys, e.g. "user/max_user_namespaces": "0". */
  sysctl?: Record<string, string>;
  subuid?: string;
  subgid?: string;
  tools?: "usable" | "plain" | "missing";
  tun?: boolean;
  fuse?: boolean;
  cgroup?: "v2-delegated" | "v2-none" | "v1-delegated" | "v1-none";
  xdg?: "own" | "other" | "unset" | "unset-with-dir";
  systemd?: { booted: boolean; userManager?: boolean; linger?: boolean };
  docker?: "none" | "no-context" | "context";
  daemonJson?: string;
  usernsProbe?: ProbeResult;
  storage?: StorageFacts;
  /** Installed unit files, by name. */
  units?: Record<string, string>;
}

const DEFAULT_SYSCTL: Record<string, string> = {
  "user/max_user_namespaces": "63000",
  "net/ipv4/ip_unprivileged_port_start": "1024",
  "net/ipv4/ping_group_range": "0 2147483647",
};

export class FakeHost {
  readonly cg = new FakeCgroupfs();
  readonly root = this.cg.root;
  /** Outside the fake root: $HOME, the config file, unit files. */
  readonly home = mkdtempSync(join(tmpdir(), "bunker-setup-home-"));
  readonly configFile = join(this.home, "daemon.json");
  readonly runs: string[][] = [];

  constructor(readonly spec: HostSpec = {}) {}

  private file(path: string, text: string, mode = 0o644): void {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text, { mode });
    chmodSync(full, mode);
  }

  private cgroups(): { mountinfo: string; selfCgroup: string } {
    const kind = this.spec.cgroup ?? "v2-delegated";
    const CG = "/sys/fs/cgroup";
    if (kind.startsWith("v2")) {
      const service = `/user.slice/user-${ME}.slice/user@${ME}.service`;
      this.cg.dir(CG, { files: { "cgroup.controllers": "cpuset cpu io memory pids\n" } });
      this.cg.dir(`${CG}${service}`, { mine: kind === "v2-delegated", files: { "cgroup.controllers": "cpuset cpu io memory pids\n", "cgroup.subtree_control": "\n" } });
      return { mountinfo: v2Mountinfo(), selfCgroup: `0::${service}\n` };
    }
    this.cg.dir(`${CG}/unified`, { files: { "cgroup.controllers": "" } });
    for (const [dir] of V1_HIERARCHIES) {
      this.cg.dir(`${CG}/${dir}`);
      if (kind === "v1-delegated") this.cg.dir(`${CG}/${dir}/bunker/${ME}`, { mine: true });
    }
    return { mountinfo: v1Mountinfo(), selfCgroup: v1SelfCgroup() };
  }

  /** Builds the tree and gathers the facts as `bunker setup` would for uid ME. */
  facts(): SetupFacts {
    const s = this.spec;
    for (const [key, value] of Object.entries({ ...DEFAULT_SYSCTL, ...s.sysctl })) this.file(`proc/sys/${key}`, `${value}\n`);
    this.file("etc/passwd", `root:x:0:0:root:/root:/bin/sh\n${USER}:x:${ME}:${ME}::/home/${USER}:/bin/sh\n`);
    this.file("etc/subuid", s.subuid ?? `${USER}:100000:65536\n`);
    this.file("etc/subgid", s.subgid ?? `${USER}:100000:65536\n`);
    this.file("usr/bin/apt-get", "#!/bin/sh\n", 0o755);
    const tools = s.tools ?? "usable";
    if (tools !== "missing") {
      for (const t of ["newuidmap", "newgidmap"]) {
        this.file(`usr/bin/${t}`, "#!/bin/sh\nexit 0\n", 0o755);
        if (RUNNER_IS_ROOT && tools === "usable") chmodSync(join(this.root, "usr/bin", t), 0o4755);
      }
    }
    // The fake getcap grants the capabilities only to "usable" tools (the way a non-root runner can fake them).
    this.file("sbin/getcap", `#!/bin/sh\n${tools === "usable" ? 'echo "$1 cap_setuid,cap_setgid=ep"' : 'echo ""'}\n`, 0o755);
    if (s.tun ?? true) this.file("dev/net/tun", "", 0o666);
    if (s.fuse ?? true) this.file("dev/fuse", "", 0o666);
    const { mountinfo, selfCgroup } = this.cgroups();
    this.file("proc/self/mountinfo", mountinfo);
    this.file("proc/self/cgroup", selfCgroup);
    const xdg = s.xdg ?? "own";
    const runUser = join(this.root, `run/user/${ME}`);
    if (xdg !== "unset") mkdirSync(runUser, { recursive: true, mode: 0o700 });
    if (xdg === "own" && RUNNER_IS_ROOT) chownSync(runUser, ME, ME);
    if (xdg === "other") mkdirSync(join(this.root, `run/user/${OTHER}`), { recursive: true });
    if (xdg === "other" && RUNNER_IS_ROOT) chownSync(join(this.root, `run/user/${OTHER}`), OTHER, OTHER);
    const sd = s.systemd ?? { booted: false };
    if (sd.booted) mkdirSync(join(this.root, "run/systemd/system"), { recursive: true });
    if (sd.userManager) this.file(`run/user/${ME}/systemd/private`, "");
    if (sd.linger) this.file(`var/lib/systemd/linger/${USER}`, "");
    const docker = s.docker ?? "none";
    if (docker !== "none") this.file("usr/bin/docker", "#!/bin/sh\n", 0o755);
    if (sd.booted) this.file("usr/bin/loginctl", "#!/bin/sh\n", 0o755);
    if (s.daemonJson !== undefined) writeFileSync(this.configFile, s.daemonJson);
    for (const [name, text] of Object.entries(s.units ?? {})) {
      mkdirSync(join(this.home, ".config/systemd/user"), { recursive: true });
      writeFileSync(join(this.home, ".config/systemd/user", name), text);
    }
    this.cg.seal();
    // Files that seal() left in 0555 directories stay readable; the run/user dir of "other" must not be ME's.
    const xdgValue = xdg === "own" ? `/run/user/${ME}` : xdg === "other" ? `/run/user/${OTHER}` : undefined;
    return gatherSetupFacts({
      root: this.root,
      uid: ME,
      gid: ME,
      env: { HOME: this.home, BUNKER_CONFIG_FILE: this.configFile, BUNKER_DATA_ROOT: join(this.home, "data"), ...(xdgValue ? { XDG_RUNTIME_DIR: xdgValue } : {}) },
      pathEnv: join(this.root, "usr/bin"),
      getcap: join(this.root, "sbin/getcap"),
      kernelRelease: s.kernel ?? "6.1.0-18-amd64",
      probeUserNamespace: () => s.usernsProbe ?? { ok: true },
      storage: () => s.storage ?? { nativeOverlay: true, best: "overlay" },
      run: (argv) => {
        this.runs.push(argv);
        return { code: argv.includes("inspect") && docker === "context" ? 0 : 1, stdout: "" };
      },
      bunkerCommand: ["/usr/local/bin/bunker"],
    });
  }

  remove(): void {
    this.cg.remove();
    rmSync(this.home, { recursive: true, force: true });
  }
}
