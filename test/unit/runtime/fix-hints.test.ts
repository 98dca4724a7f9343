import { describe, expect, test } from "bun:test";
import { fixHints, withFixHint } from "../../../src/runtime/index.ts";

const alice = { username: "alice", uid: 1000 };

describe("withFixHint", () => {
  test("newuidmap failures and refused map writes name the subuid line and the setuid bit", () => {
    const m = withFixHint("newuidmap: exit status 1: newuidmap: write to uid_map failed: Operation not permitted", alice);
    expect(m).toContain('add the line "alice:100000:65536" to /etc/subuid and /etc/subgid');
    expect(m).toContain("sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 alice");
    expect(m).toContain("sudo chmod u+s /usr/bin/newuidmap /usr/bin/newgidmap");
    expect(m).toEndWith("`bunker setup` checks the host and offers each fix");
    expect(withFixHint("cannot create the shared user namespace: userns-holder: /usr/bin/newuidmap//usr/bin/newgidmap failed for pid 12", { username: null, uid: 1001 })).toContain('"1001:100000:65536"');
    expect(withFixHint("write /proc/42/gid_map: EPERM (Operation not permitted)", alice)).toContain("alice:100000:65536");
  });

  test("forbidden user namespaces: ENOSPC is the count limit, EPERM the policy switches", () => {
    expect(withFixHint("clone: ENOSPC (No space left on device)", alice)).toContain(fixHints.maxUserNamespaces);
    const eperm = withFixHint("unshare(CLONE_NEWUSER): EPERM (Operation not permitted)", alice);
    expect(eperm).toContain("sudo sysctl -w kernel.unprivileged_userns_clone=1");
    expect(eperm).toContain("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
    expect(withFixHint("userns-holder: the holder could not create a user namespace", alice)).toContain("kernel.unprivileged_userns_clone=1");
  });

  test("/dev/net/tun: chmod when denied, create when missing", () => {
    expect(withFixHint("cannot open /dev/net/tun: Permission denied (make it 0666 as udev does, or use --network none)", alice)).toContain("; fix: let users open it, as udev does: sudo chmod 0666 /dev/net/tun;");
    expect(withFixHint("cannot open /dev/net/tun: no such device node", alice)).toContain("mknod -m 0666 /dev/net/tun c 10 200");
  });

  test("unknown causes, and messages that already name the fix, are left alone", () => {
    expect(withFixHint("exec: /bin/nope: No such file or directory", alice)).toBe("exec: /bin/nope: No such file or directory");
    const done = "--memory cannot be enforced: …; `bunker setup` offers this fix";
    expect(withFixHint(done, alice)).toBe(done);
    expect(withFixHint("clone: EINVAL", alice)).toBe("clone: EINVAL");
  });
});

describe("planIdMaps' single-id warning", () => {
  test("names the subuid line and the usermod command, or the setuid fix for the tools", async () => {
    const { planIdMaps } = await import("../../../src/runtime/index.ts");
    const tools = { newuidmap: { path: "/usr/bin/newuidmap", usable: true }, newgidmap: { path: "/usr/bin/newgidmap", usable: true } };
    const none = planIdMaps({ uid: 1000, rootless: true, username: "alice", subordinateIds: { uids: [], gids: [] }, idMapTools: tools }, 1000);
    expect(none.warning).toContain('(add the line "alice:100000:65536" to both: sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 alice)');
    expect(none.warning).toEndWith("`bunker setup` offers the fix");
    const range = [{ start: 100000, count: 65536 }];
    const noTools = planIdMaps({ uid: 1000, rootless: true, username: "alice", subordinateIds: { uids: range, gids: range }, idMapTools: { ...tools, newuidmap: { usable: false } } }, 1000);
    expect(noTools.warning).toContain("sudo chmod u+s /usr/bin/newuidmap /usr/bin/newgidmap");
  });
});
