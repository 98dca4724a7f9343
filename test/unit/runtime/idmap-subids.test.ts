import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSubordinateIds, subordinateRanges } from "../../../src/runtime/index.ts";

const SUBUID = `# subordinate uids
alice:100000:65536

bob:165536:65536
1000:300000:1000
alice:400000:10
  alice:500000:5  
alice:600000
alice:x:10
alice:700000:0
alice:-5:10
alice:800000:10:extra
alice:4294967290:100
ali:900000:10
:950000:10
`;

describe("subordinateRanges", () => {
  test("collects a user's ranges by name and by uid, in file order", () => {
    expect(subordinateRanges(SUBUID, { name: "alice", uid: 1000 })).toEqual([
      { start: 100000, count: 65536 },
      { start: 300000, count: 1000 },
      { start: 400000, count: 10 },
      { start: 500000, count: 5 },
    ]);
  });

  test("another user gets only their lines", () => {
    expect(subordinateRanges(SUBUID, { name: "bob", uid: 1001 })).toEqual([{ start: 165536, count: 65536 }]);
  });

  test("nothing for an unknown user, an empty name, or empty text", () => {
    expect(subordinateRanges(SUBUID, { name: "carol", uid: 1002 })).toEqual([]);
    expect(subordinateRanges(SUBUID, { name: "", uid: 1002 })).toEqual([]);
    expect(subordinateRanges("", { name: "alice", uid: 1000 })).toEqual([]);
  });
});

describe("readSubordinateIds", () => {
  const dir = mkdtempSync(join(tmpdir(), "bunker-subids-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("reads both files", () => {
    writeFileSync(join(dir, "subuid"), "alice:100000:65536\n");
    writeFileSync(join(dir, "subgid"), "alice:200000:1000\nalice:300000:1000\n");
    expect(readSubordinateIds({ name: "alice", uid: 1000 }, { subuid: join(dir, "subuid"), subgid: join(dir, "subgid") })).toEqual({
      uids: [{ start: 100000, count: 65536 }],
      gids: [{ start: 200000, count: 1000 }, { start: 300000, count: 1000 }],
    });
  });

  test("a missing file gives no ranges", () => {
    expect(readSubordinateIds({ name: "alice", uid: 1000 }, { subuid: join(dir, "nope"), subgid: join(dir, "nope2") })).toEqual({ uids: [], gids: [] });
  });

  test("the real files do not throw", () => {
    const ids = readSubordinateIds({ name: "nobody-bunker-test", uid: 4_000_000 });
    expect(ids).toEqual({ uids: [], gids: [] });
  });
});
