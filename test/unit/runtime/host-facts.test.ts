import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { collectHostFacts, lookupUserName, prettyName, probeTun } from "../../../src/runtime/index.ts";

describe("prettyName", () => {
  test("reads PRETTY_NAME, quoted or not", () => {
    expect(prettyName('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe("Debian GNU/Linux 12 (bookworm)");
    expect(prettyName("PRETTY_NAME='Alpine Linux v3.20'\n")).toBe("Alpine Linux v3.20");
    expect(prettyName("PRETTY_NAME=Arch\\ Linux\n")).toBe("Arch Linux");
    expect(prettyName("NAME=Foo\n")).toBeUndefined();
    expect(prettyName('PRETTY_NAME=""\n')).toBeUndefined();
  });
});

describe("lookupUserName", () => {
  const passwd = "# comment\nroot:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\nbroken-line\n";
  test("finds names by uid in passwd text", () => {
    expect(lookupUserName(0, passwd)).toBe("root");
    expect(lookupUserName(1000, passwd)).toBe("alice");
    expect(lookupUserName(1001, passwd)).toBeUndefined();
  });
});

describe("collectHostFacts on the real host", () => {
  const facts = collectHostFacts();
  const uid = process.getuid?.() ?? 0;

  test("identity and machine", () => {
    expect(facts.uid).toBe(uid);
    expect(facts.rootless).toBe(uid !== 0);
    expect(facts.username).toBe(lookupUserName(uid) ?? null);
    expect(facts.kernelRelease).toBe(os.release());
    expect(facts.hostname).toBe(os.hostname());
    expect(facts.memTotalBytes).toBe(os.totalmem());
    expect(facts.cpus).toBeGreaterThan(0);
    const arch = { x64: "x86_64", arm64: "aarch64" }[os.arch() as "x64" | "arm64"];
    if (arch) expect(facts.architecture).toBe(arch);
    const release = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
    expect(facts.operatingSystem).toBe(prettyName(release) ?? "Linux");
  });

  test("kernel switches match /proc", () => {
    const read = (p: string) => (existsSync(p) ? Number(readFileSync(p, "utf8").trim()) : null);
    expect(facts.userNamespaces.maxUserNamespaces).toBe(read("/proc/sys/user/max_user_namespaces"));
    const clone = read("/proc/sys/kernel/unprivileged_userns_clone");
    expect(facts.userNamespaces.unprivilegedUsernsClone).toBe(clone === null ? null : clone !== 0);
    const apparmor = read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
    expect(facts.userNamespaces.apparmorRestricts).toBe(apparmor === null ? null : apparmor !== 0);
    expect(facts.unprivilegedPortStart).toBe(read("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
    if (existsSync("/proc/sys/net/ipv4/ping_group_range")) {
      const [a, b] = readFileSync("/proc/sys/net/ipv4/ping_group_range", "utf8").trim().split(/\s+/).map(Number);
      expect(facts.pingGroupRange).toEqual([a as number, b as number]);
    }
  });

  test("ids, tools and cgroups are filled in", () => {
    expect(Array.isArray(facts.subordinateIds.uids)).toBe(true);
    expect(typeof facts.idMapTools.newuidmap.usable).toBe("boolean");
    expect([1, 2]).toContain(facts.cgroups.version);
    if (uid === 0) expect(facts.cgroups.delegated).toBe(true);
  });
});

describe("probeTun", () => {
  test("a missing node says so, with what to do", () => {
    const r = probeTun("/nonexistent/dev/net/tun");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("cannot open /nonexistent/dev/net/tun: no such device node (make it 0666 as udev does, or use --network none)");
  });

  test("host facts carry the probe of /dev/net/tun", () => {
    expect(collectHostFacts().tun).toEqual(probeTun());
  });
});
