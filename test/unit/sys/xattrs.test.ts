import { afterAll, describe, expect, test } from "bun:test";
import { lstatSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getXattr, listXattrs, makeNode, NodeKind, setXattr, SyscallError } from "../../../src/sys/index.ts";
import { ffiLayerSys } from "../../../src/store/layers/ffi-layer-sys.ts";

const isRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), "bunker-xattrs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let count = 0;
function file(dir = base): string {
  const path = join(dir, `f${count++}`);
  writeFileSync(path, "x");
  return path;
}

/** Whether user.* xattrs can be set on this directory's file system. */
function userXattrsWork(dir: string): boolean {
  try {
    setXattr(file(dir), "user.probe", new Uint8Array([1]));
    return true;
  } catch {
    return false;
  }
}

function thrown(fn: () => unknown): SyscallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SyscallError) return err;
    throw err;
  }
  throw new Error("it did not throw");
}

function skipping(name: string, reason: string | undefined): string {
  if (reason) console.log(`skip: ${name}: ${reason}`);
  return name;
}

const noUserXattrs = userXattrsWork(base) ? undefined : `${tmpdir()} has no user.* xattrs`;
// tmpfs keeps values of any size (ext4 only about a block per inode): for the large ones.
const shm = (() => {
  try {
    const dir = mkdtempSync("/dev/shm/bunker-xattrs-");
    if (userXattrsWork(dir)) return dir;
    rmSync(dir, { recursive: true, force: true });
  } catch {}
  return undefined;
})();
afterAll(() => shm && rmSync(shm, { recursive: true, force: true }));

describe("xattrs", () => {
  test.skipIf(noUserXattrs !== undefined)(skipping("set, get and list user.* attributes, binary and empty values", noUserXattrs), () => {
    const f = file();
    const binary = new Uint8Array([0, 1, 2, 0, 255, 0]);
    setXattr(f, "user.binary", binary);
    setXattr(f, "user.empty", new Uint8Array(0));
    setXattr(f, "user.text", new TextEncoder().encode("héllo"));
    expect(getXattr(f, "user.binary")).toEqual(binary);
    expect(getXattr(f, "user.empty")).toEqual(new Uint8Array(0));
    expect(new TextDecoder().decode(getXattr(f, "user.text"))).toBe("héllo");
    expect(listXattrs(f).sort()).toEqual(["user.binary", "user.empty", "user.text"]);
    setXattr(f, "user.binary", new Uint8Array([7]));
    expect(getXattr(f, "user.binary")).toEqual(new Uint8Array([7]));
  });

  test("a missing attribute is undefined; a file without attributes lists none", () => {
    const f = file();
    expect(getXattr(f, "user.nothing")).toBeUndefined();
    expect(listXattrs(f)).toEqual([]);
  });

  test.skipIf(shm === undefined)(skipping("values and name lists larger than the first buffer (4 KiB) come back whole", shm ? undefined : "no tmpfs with user.* xattrs at /dev/shm"), () => {
    const f = file(shm);
    const big = new Uint8Array(40000).map((_, i) => (i * 7) & 0xff);
    setXattr(f, "user.big", big);
    expect(getXattr(f, "user.big")).toEqual(big);
    const names = Array.from({ length: 60 }, (_, i) => `user.${"n".repeat(100)}${i}`);
    for (const n of names) setXattr(f, n, new Uint8Array([1]));
    expect(listXattrs(f).sort()).toEqual([...names, "user.big"].sort());
  });

  test("symlinks are not followed: the link's own attributes are read, the target's untouched", () => {
    const target = file();
    const link = join(base, `link${count++}`);
    symlinkSync(target, link);
    expect(listXattrs(link)).toEqual([]);
    expect(getXattr(link, "user.x")).toBeUndefined();
    // user.* is not allowed on a symlink itself
    expect(thrown(() => setXattr(link, "user.x", new Uint8Array([1]))).code).toBe("EPERM");
    expect(getXattr(target, "user.x")).toBeUndefined();
  });

  test("errors are SyscallError with the errno name and the path", () => {
    const missing = join(base, "missing");
    const e = thrown(() => getXattr(missing, "user.x"));
    expect(e.code).toBe("ENOENT");
    expect(e.message).toContain(missing);
    expect(thrown(() => listXattrs(missing)).code).toBe("ENOENT");
    expect(thrown(() => setXattr(missing, "user.x", new Uint8Array())).code).toBe("ENOENT");
    expect(thrown(() => setXattr(file(), "nonamespace", new Uint8Array([1]))).errno).toBe(95); // EOPNOTSUPP (= ENOTSUP)
    expect(thrown(() => getXattr("a\0b", "user.x")).code).toBe("EINVAL");
  });

  test.skipIf(!isRoot)(skipping("trusted.* attributes (root)", isRoot ? undefined : "needs root (CAP_SYS_ADMIN) for trusted.*"), () => {
    const f = file();
    setXattr(f, "trusted.overlay.opaque", new TextEncoder().encode("y"));
    expect(listXattrs(f)).toContain("trusted.overlay.opaque");
    expect(getXattr(f, "trusted.overlay.opaque")).toEqual(new Uint8Array([0x79]));
  });

  test.skipIf(isRoot)(skipping("trusted.* is refused for a user", isRoot ? "runs as a non-root user" : undefined), () => {
    expect(thrown(() => setXattr(file(), "trusted.overlay.opaque", new Uint8Array([0x79]))).code).toBe("EPERM");
  });
});

describe("makeNode", () => {
  test("a fifo and an overlay whiteout (0/0 character device) for anyone", () => {
    const fifo = join(base, `fifo${count++}`);
    makeNode(fifo, NodeKind.fifo | 0o640);
    const st = lstatSync(fifo);
    expect(st.isFIFO()).toBe(true);
    expect(st.mode & 0o777 & ~0o640).toBe(0);
    const wh = join(base, `wh${count++}`);
    makeNode(wh, NodeKind.characterDevice, 0, 0);
    const w = lstatSync(wh);
    expect(w.isCharacterDevice()).toBe(true);
    expect(w.rdev).toBe(0);
  });

  test("a real device: made as root, EPERM for a user", () => {
    const dev = join(base, `null${count++}`);
    if (isRoot) {
      makeNode(dev, NodeKind.characterDevice | 0o666, 1, 3);
      const st = lstatSync(dev);
      expect(st.isCharacterDevice()).toBe(true);
      expect(st.rdev).toBe(lstatSync("/dev/null").rdev);
      makeNode(join(base, `blk${count++}`), NodeKind.blockDevice | 0o600, 259, 300000);
    } else {
      expect(thrown(() => makeNode(dev, NodeKind.characterDevice | 0o666, 1, 3)).code).toBe("EPERM");
    }
  });

  test("an existing path is EEXIST; bad numbers are EINVAL before any call", () => {
    const f = file();
    const e = thrown(() => makeNode(f, NodeKind.fifo | 0o600));
    expect(e.code).toBe("EEXIST");
    expect(e.message).toContain(f);
    expect(thrown(() => makeNode(join(base, "bad"), -1)).code).toBe("EINVAL");
    expect(thrown(() => makeNode(join(base, "bad"), NodeKind.fifo, 1.5)).code).toBe("EINVAL");
  });
});

describe("ffiLayerSys (the unpacker's default)", () => {
  test("mknod by tar type, xattrs through the helper, errors with the errno name as code", () => {
    const p = join(base, `p${count++}`);
    ffiLayerSys.mknod(p, "p", 0o600, 9, 9);
    expect(lstatSync(p).isFIFO()).toBe(true);
    const c = join(base, `c${count++}`);
    ffiLayerSys.mknod(c, "c", 0, 0, 0);
    expect(lstatSync(c).isCharacterDevice()).toBe(true);
    let code: string | undefined;
    try {
      ffiLayerSys.mknod(c, "c", 0, 0, 0);
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    expect(code).toBe("EEXIST");
    const f = file();
    expect(ffiLayerSys.llistxattr!(f)).toEqual([]);
    expect(ffiLayerSys.lgetxattr!(f, "user.a")).toBeUndefined();
    if (noUserXattrs === undefined) {
      ffiLayerSys.lsetxattr!(f, "user.a", new Uint8Array([1, 0, 2]));
      expect(ffiLayerSys.llistxattr!(f)).toEqual(["user.a"]);
      expect(ffiLayerSys.lgetxattr!(f, "user.a")).toEqual(new Uint8Array([1, 0, 2]));
    }
  });
});
