import { afterEach, describe, expect, test } from "bun:test";
import { engineWarnings, runChecks, warningText } from "../../../src/setup/index.ts";
import { FakeHost, ME, USER } from "./_fake-host.ts";

let host: FakeHost | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

describe("engineWarnings (GET /info Warnings, `bunker info`)", () => {
  test("one line per problem of the engine's checks, the same text as setup's, with the fix", () => {
    host = new FakeHost({ subuid: "", subgid: "", tun: false, cgroup: "v2-delegated" });
    const facts = host.facts();
    const snapshotter = { name: "overlay" as const, nativeOverlay: true, status: [] as [string, string][] };
    const warnings = engineWarnings(facts.host, { ok: true }, snapshotter, { root: host.root, env: { XDG_RUNTIME_DIR: `/run/user/${ME}` } });
    expect(warnings.map((w) => w.split(":")[0])).toEqual(["subids", "tun"]);
    expect(warnings[0]).toBe(
      `subids: no subordinate ids for ${USER} in /etc/subuid and /etc/subgid. Containers then map a single id (container root = you), so images with files of other owners fail; the line "${USER}:100000:65536" gives them 65536 ids. Fix: sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${USER}. Run \`bunker setup\` to apply fixes.`,
    );
    expect(warnings[1]).toContain(`tun: cannot open ${host.root}/dev/net/tun: no such device node.`);
    // setup --check reports the same problems with the same words.
    const setupProblems = runChecks(facts).filter((r) => r.status === "problem");
    expect(setupProblems.map((r) => warningText(r, ME))).toEqual(warnings);
  });

  test("client-side advice (docker context, systemd units, daemon.json) never shows in info", () => {
    host = new FakeHost({ docker: "no-context" });
    const facts = host.facts();
    const source = { root: host.root, env: { XDG_RUNTIME_DIR: `/run/user/${ME}` } };
    expect(engineWarnings(facts.host, { ok: true }, { name: "overlay", nativeOverlay: true, status: [] }, source)).toEqual([]);
    expect(engineWarnings(facts.host, { ok: false, reason: "unshare(CLONE_NEWUSER): EPERM", errno: 1, code: "EPERM" }, { name: "vfs", nativeOverlay: false, nativeOverlayReason: "mount: EPERM", status: [] }, source).map((w) => w.split(":")[0])).toEqual(["userns", "storage"]);
  });
});
