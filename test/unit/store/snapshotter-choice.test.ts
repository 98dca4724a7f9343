import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chooseSnapshotter } from "../../../src/store/index.ts";

const dataRoot = mkdtempSync("/tmp/bk-snap-");
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));
const works = () => ({ ok: true as const });
const fails = () => ({ ok: false as const, reason: "mount overlay: Operation not permitted", errno: 1, code: "EPERM" });
const noFuse = () => null;

describe("chooseSnapshotter", () => {
  test("native overlay first, and the probe's scratch directory is removed", () => {
    let seen = "";
    const c = chooseSnapshotter({ dataRoot, rootless: true, which: noFuse, probe: (dir, inUserns) => { seen = `${existsSync(join(dir, "lower"))} ${existsSync(join(dir, "merged"))} ${inUserns}`; return works(); } });
    expect(seen).toBe("true true true");
    expect(c.name).toBe("overlay");
    expect(c.nativeOverlay).toBe(true);
    expect(readdirSync(join(dataRoot, "tmp"))).toEqual([]);
  });
  test("vfs when overlay fails and no fuse-overlayfs; the reason is kept", () => {
    const c = chooseSnapshotter({ dataRoot, rootless: true, which: noFuse, probe: fails });
    expect(c.name).toBe("vfs");
    expect(c.nativeOverlayReason).toBe("mount overlay: Operation not permitted");
  });
  test("a configured driver that cannot work is refused, naming why", () => {
    expect(() => chooseSnapshotter({ dataRoot, rootless: true, which: noFuse, probe: fails, preferred: "overlay" })).toThrow(/storage-driver overlay was asked for but cannot be used: mount overlay: Operation not permitted/);
    expect(chooseSnapshotter({ dataRoot, rootless: true, which: noFuse, probe: works, preferred: "vfs" }).name).toBe("vfs");
  });
  test("the real probe works on this machine's data root filesystem", () => {
    const c = chooseSnapshotter({ dataRoot, rootless: process.getuid!() !== 0 });
    expect(c.nativeOverlay).toBe(true); // kernel 6.18: overlay in a user namespace with userxattr
    expect(readdirSync(join(dataRoot, "tmp"))).toEqual([]);
  });
});
