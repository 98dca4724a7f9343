import { describe, expect, test } from "bun:test";
import { defaultDiskUsageTable, diskUsageHeaders, diskUsageRows, renderList } from "../../../src/cli/format/index.ts";
import { escapeCodes } from "../../../src/cli/terminal.ts";

const image = (Id: string, Size: number, SharedSize: number, Containers: number) => ({ Id, RepoTags: [], RepoDigests: [], Created: 0, Size, SharedSize, Containers });
const container = (State: string, SizeRw: number) => ({ Id: State, Names: [], Image: "", Command: "", Created: 0, State, Status: "", SizeRw });

describe("system df rows", () => {
  test("Docker's arithmetic: reclaimable images are the layers no container's image holds alone; whole percents", () => {
    const text = renderList(
      { format: "", defaultTable: defaultDiskUsageTable, quietFormat: "", quiet: false, headers: diskUsageHeaders },
      diskUsageRows({
        LayersSize: 3_000_000,
        Images: [image("a", 2_000_000, 1_000_000, 1), image("b", 2_000_000, 1_000_000, 0)],
        Containers: [container("running", 1000), container("exited", 3000)],
        Volumes: [{ Name: "v", Driver: "local", Mountpoint: "", UsageData: { Size: 10, RefCount: 0 } }, { Name: "w", Driver: "local", Mountpoint: "", UsageData: { Size: 30, RefCount: 1 } }],
        BuildCache: [{ ID: "x", Type: "regular", Description: "", InUse: false, Shared: false, Size: 500, CreatedAt: "", LastUsedAt: null, UsageCount: 0 }],
      }),
    );
    expect(text).toBe(
      [
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE",
        "Images          2         1         3MB       2MB (66%)",
        "Containers      2         1         4kB       3kB (75%)",
        "Local Volumes   2         1         40B       10B (25%)",
        "Build Cache     1         0         500B      500B",
        "",
      ].join("\n"),
    );
  });
});

describe("escape codes", () => {
  test("only on a terminal, not with TERM=dumb or NO_COLOR", () => {
    expect(escapeCodes({ isTTY: true }, { TERM: "xterm" })).toBe(true);
    expect(escapeCodes({ isTTY: false }, { TERM: "xterm" })).toBe(false);
    expect(escapeCodes({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(escapeCodes({ isTTY: true }, { TERM: "xterm", NO_COLOR: "1" })).toBe(false);
    expect(escapeCodes({ isTTY: true }, { TERM: "xterm", NO_COLOR: "" })).toBe(true);
  });
});
