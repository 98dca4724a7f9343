import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findIdMapTools, grantsCapability } from "../../../src/runtime/index.ts";

const root = mkdtempSync(join(tmpdir(), "bunker-idtools-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding fake newuidmap/newgidmap scripts (not setuid). */
function fakeDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const tool of ["newuidmap", "newgidmap"]) {
    writeFileSync(join(dir, tool), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, tool), 0o755);
  }
  return dir;
}

/** A fake getcap that prints `text` after the file name, like `getcap FILE` does. */
function fakeGetcap(name: string, text: (file: string) => string): string {
  const path = join(root, name);
  writeFileSync(path, `#!/bin/sh\ncase "$1" in\n  *newuidmap) echo "$1 ${text("u")}" ;;\n  *) echo "$1 ${text("g")}" ;;\nesac\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A setuid-root program present on most systems, to stand in for a real newuidmap. */
const SETUID_ROOT = ["/usr/bin/su", "/bin/su", "/usr/bin/passwd", "/bin/mount", "/usr/bin/mount"].find((p) => {
  try {
    const st = statSync(p);
    return (st.mode & 0o4000) !== 0 && st.uid === 0;
  } catch {
    return false;
  }
});

describe("findIdMapTools", () => {
  test("not installed: both unusable with a reason", () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    const tools = findIdMapTools(empty, { extraDirs: [], getcap: null });
    expect(tools.newuidmap).toEqual({
      usable: false,
      reason: "newuidmap was not found on PATH or in /usr/bin, /usr/sbin, /bin; install the uidmap package (shadow-utils on Fedora).",
    });
    expect(tools.newgidmap.usable).toBe(false);
    expect(tools.newgidmap.path).toBeUndefined();
  });

  test("found but neither setuid nor checkable without getcap", () => {
    const dir = fakeDir("plain");
    const tools = findIdMapTools(`relative:${dir}`, { extraDirs: [], getcap: null });
    expect(tools.newuidmap).toEqual({
      path: join(dir, "newuidmap"),
      usable: false,
      reason: `${join(dir, "newuidmap")} is not setuid root, and its file capabilities could not be checked because getcap is not installed.`,
    });
  });

  test("file capabilities from getcap make them usable", () => {
    const dir = fakeDir("caps");
    const getcap = fakeGetcap("getcap-caps", (k) => `cap_set${k}id=ep`);
    const tools = findIdMapTools(dir, { extraDirs: [], getcap });
    expect(tools.newuidmap).toEqual({ path: join(dir, "newuidmap"), usable: true });
    expect(tools.newgidmap).toEqual({ path: join(dir, "newgidmap"), usable: true });
  });

  test("the wrong capability does not count", () => {
    const dir = fakeDir("wrongcaps");
    const getcap = fakeGetcap("getcap-wrong", () => "cap_net_bind_service=ep");
    const tools = findIdMapTools(dir, { extraDirs: [], getcap });
    expect(tools.newuidmap.usable).toBe(false);
    expect(tools.newuidmap.reason).toBe(
      `${join(dir, "newuidmap")} is neither setuid root nor given cap_setuid by file capabilities; as root run "chmod u+s ${join(dir, "newuidmap")}" or "setcap cap_setuid=ep ${join(dir, "newuidmap")}".`,
    );
  });

  test("PATH order wins over the extra dirs", () => {
    const first = fakeDir("first");
    const second = fakeDir("second");
    const tools = findIdMapTools(first, { extraDirs: [second], getcap: null });
    expect(tools.newuidmap.path).toBe(join(first, "newuidmap"));
  });

  test.skipIf(SETUID_ROOT === undefined)("setuid root is usable without getcap", () => {
    const dir = join(root, "setuid");
    mkdirSync(dir);
    symlinkSync(SETUID_ROOT as string, join(dir, "newuidmap"));
    symlinkSync(SETUID_ROOT as string, join(dir, "newgidmap"));
    const tools = findIdMapTools(dir, { extraDirs: [], getcap: null });
    expect(tools.newuidmap).toEqual({ path: join(dir, "newuidmap"), usable: true });
    expect(tools.newgidmap).toEqual({ path: join(dir, "newgidmap"), usable: true });
  });

  test("the real host does not throw", () => {
    const tools = findIdMapTools();
    expect(typeof tools.newuidmap.usable).toBe("boolean");
  });
});

describe("grantsCapability", () => {
  test("reads getcap's old and new formats", () => {
    expect(grantsCapability(" cap_setuid=ep", "cap_setuid")).toBe(true);
    expect(grantsCapability(" = cap_setuid+ep", "cap_setuid")).toBe(true);
    expect(grantsCapability(" cap_setgid,cap_setuid=ep", "cap_setuid")).toBe(true);
    expect(grantsCapability(" cap_setgid=ep", "cap_setuid")).toBe(false);
    expect(grantsCapability(" cap_setuid=e", "cap_setuid")).toBe(false);
    expect(grantsCapability("", "cap_setuid")).toBe(false);
  });
});
