import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyFix, mergeDaemonConfig, renderConfigChanges, shellWord, stepText, systemdUnits, unitDirectory, type Fix } from "../../../src/setup/index.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const temp = () => (dir = mkdtempSync(join(tmpdir(), "bunker-setup-fix-")));

describe("mergeDaemonConfig", () => {
  test("adds missing keys, keeps other keys in order, and does not overwrite without consent", () => {
    const current = { debug: true, "storage-driver": "vfs" };
    const kept = mergeDaemonConfig(current, { "storage-driver": "overlay", "unenforced-limits": "warn" }, false);
    expect(kept.next).toEqual({ debug: true, "storage-driver": "vfs", "unenforced-limits": "warn" });
    expect(renderConfigChanges(kept.changes)).toEqual(['= "storage-driver": "vfs" kept (setup would set "overlay")', '+ "unenforced-limits": "warn"']);
    const changed = mergeDaemonConfig(current, { "storage-driver": "overlay" }, true);
    expect(changed.next).toEqual({ debug: true, "storage-driver": "overlay" });
    expect(renderConfigChanges(changed.changes)).toEqual(['~ "storage-driver": "vfs" -> "overlay"']);
    expect(mergeDaemonConfig(current, { debug: true }, true).changes).toEqual([]);
  });
});

describe("stepText", () => {
  test("root commands get sudo unless run as root; input goes through printf | tee", () => {
    expect(stepText({ kind: "run", argv: ["chmod", "0666", "/dev/net/tun"], root: true }, 1000)).toBe("sudo chmod 0666 /dev/net/tun");
    expect(stepText({ kind: "run", argv: ["chmod", "0666", "/dev/net/tun"], root: true }, 0)).toBe("chmod 0666 /dev/net/tun");
    expect(stepText({ kind: "run", argv: ["loginctl", "enable-linger", "me"], root: false }, 1000)).toBe("loginctl enable-linger me");
    expect(stepText({ kind: "run", argv: ["tee", "/etc/x.conf"], root: true, input: "a = 1\nb = it's\n" }, 1000)).toBe(`printf '%s\\n' 'a = 1' 'b = it'\\''s' | sudo tee /etc/x.conf >/dev/null`);
    expect(shellWord("net.ipv4.ping_group_range=0 1")).toBe("'net.ipv4.ping_group_range=0 1'");
  });
});

describe("applyFix", () => {
  test("writes daemon.json merged (never clobbering without overwrite) and reports the keys", async () => {
    const d = temp();
    const file = join(d, "conf", "daemon.json");
    const said: string[] = [];
    const fix: Fix = { title: "t", steps: [{ kind: "daemon-config", file, set: { "storage-driver": "overlay" } }] };
    expect(await applyFix(fix, { uid: 1000, overwriteConfig: false, say: (l) => said.push(l) })).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ "storage-driver": "overlay" });
    expect(said).toEqual([`${file}: + "storage-driver": "overlay"`]);
    writeFileSync(file, JSON.stringify({ "storage-driver": "vfs", debug: true }));
    said.length = 0;
    expect(await applyFix(fix, { uid: 1000, overwriteConfig: false, say: (l) => said.push(l) })).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ "storage-driver": "vfs", debug: true });
    expect(said[0]).toContain("kept");
    expect(await applyFix(fix, { uid: 1000, overwriteConfig: true, say: () => {} })).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ "storage-driver": "overlay", debug: true });
  });

  test("refuses to write a config the daemon would reject, and to merge into broken JSON", async () => {
    const d = temp();
    const file = join(d, "daemon.json");
    const said: string[] = [];
    expect(await applyFix({ title: "t", steps: [{ kind: "daemon-config", file, set: { "storage-driver": "zfs" } }] }, { uid: 1000, overwriteConfig: true, say: (l) => said.push(l) })).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(said[0]).toContain("storage-driver");
    writeFileSync(file, "{ not json");
    expect(await applyFix({ title: "t", steps: [{ kind: "daemon-config", file, set: { debug: true } }] }, { uid: 1000, overwriteConfig: true, say: (l) => said.push(l) })).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });

  test("runs root steps through sudo (not as root), feeds input, and stops at the first failure", async () => {
    const calls: { argv: string[]; input?: string; capture: boolean }[] = [];
    const fix: Fix = {
      title: "t",
      steps: [
        { kind: "run", argv: ["sysctl", "-w", "a=1"], root: true },
        { kind: "run", argv: ["tee", "/etc/sysctl.d/x.conf"], root: true, input: "a = 1\n" },
        { kind: "run", argv: ["false"], root: false },
        { kind: "run", argv: ["never"], root: false },
      ],
    };
    const run = async (argv: string[], input: string | undefined, capture: boolean) => {
      calls.push({ argv, input, capture });
      return argv[0] === "false" ? { code: 1, output: "false: it failed" } : { code: 0 };
    };
    const said: string[] = [];
    expect(await applyFix(fix, { uid: 1000, overwriteConfig: false, run, say: (l) => said.push(l) })).toBe(false);
    // Root commands keep the terminal (sudo may ask for a password); the others' output is captured into the report.
    expect(calls).toEqual([
      { argv: ["sudo", "sysctl", "-w", "a=1"], input: undefined, capture: false },
      { argv: ["sudo", "tee", "/etc/sysctl.d/x.conf"], input: "a = 1\n", capture: false },
      { argv: ["false"], input: undefined, capture: true },
    ]);
    expect(said.slice(-3)).toEqual(["$ false", "  false: it failed", "failed with exit status 1"]);
    calls.length = 0;
    await applyFix({ title: "t", steps: [fix.steps[0]!] }, { uid: 0, overwriteConfig: false, run, say: () => {} });
    expect(calls[0]!.argv).toEqual(["sysctl", "-w", "a=1"]);
  });

  test("writes unit files", async () => {
    const d = temp();
    const path = join(d, "systemd/user/bunker.socket");
    expect(await applyFix({ title: "t", steps: [{ kind: "write-file", path, content: "[Socket]\n" }] }, { uid: 1000, overwriteConfig: false, say: () => {} })).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("[Socket]\n");
  });
});

describe("systemd units", () => {
  test("the socket listens where defaultPaths() puts the socket; the service runs `bunker daemon` and spares the monitors", () => {
    const units = systemdUnits(["/usr/local/bin/bunker"]);
    expect(units["bunker.socket"]).toBe(
      "[Unit]\nDescription=Bunker API socket (Docker Engine API)\n\n[Socket]\nListenStream=%t/bunker.sock\nSocketMode=0600\n\n[Install]\nWantedBy=sockets.target\n",
    );
    const service = units["bunker.service"];
    expect(service).toContain("\nRequires=bunker.socket\n");
    expect(service).toContain("\nExecStart=/usr/local/bin/bunker daemon\n");
    expect(service).toContain("\nKillMode=process\n");
    expect(service).toContain("\nDelegate=yes\n");
    expect(service).toContain("\n[Install]\nWantedBy=default.target\n");
  });

  test("ExecStart quotes words with spaces and escapes %", () => {
    expect(systemdUnits(["/opt/my bunker/bun", "/src/main.ts"])["bunker.service"]).toContain('ExecStart="/opt/my bunker/bun" /src/main.ts daemon');
    expect(systemdUnits(["/opt/100%/bunker"])["bunker.service"]).toContain('ExecStart="/opt/100%%/bunker" daemon');
  });

  test("unit directories: the user's config dir, or /etc/systemd/system for root", () => {
    expect(unitDirectory({}, 1000, "/home/me")).toBe("/home/me/.config/systemd/user");
    expect(unitDirectory({ XDG_CONFIG_HOME: "/cfg" }, 1000, "/home/me")).toBe("/cfg/systemd/user");
    expect(unitDirectory({}, 0, "/root")).toBe("/etc/systemd/system");
  });
});
