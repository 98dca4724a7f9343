import { describe, expect, test } from "bun:test";
import {
  containerContext, containerHeaders, defaultContainerTable, displayPorts, humanSize, imageContext, imageHeaders, imageRows, defaultImageTable,
  renderList, tabwrite, volumeContext, volumeHeaders, defaultVolumeTable, type ContainerSummary,
} from "../../../src/cli/format/index.ts";
import { RunFailure } from "../../../src/cli/run-failure.ts";

const now = Math.floor(Date.now() / 1000);
const container: ContainerSummary = {
  Id: "4f2a9c0d1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5",
  Names: ["/web"],
  Image: "busybox",
  Command: "sh -c 'sleep 1000; echo done'",
  Created: now - 125,
  State: "running",
  Status: "Up 2 minutes",
  Labels: { tier: "front", "com.example": "x" },
  Ports: [],
};
const ps = (format: string, rows: ContainerSummary[] = [container], quiet = false, trunc = true) =>
  renderList({ format, defaultTable: defaultContainerTable, quietFormat: "{{.ID}}", quiet, headers: containerHeaders }, rows.map((r) => containerContext(r, { trunc })));

describe("tabwriter as Docker configures it", () => {
  test("columns: widest cell plus 3, at least 10; the text after the last tab is not aligned", () => {
    expect(tabwrite("A\tBB\tC\nxxxxxxxxxxxx\ty\tz\n")).toBe("A              BB        C\nxxxxxxxxxxxx   y         z\n");
  });
  test("a column is a block of consecutive lines that have it", () => {
    expect(tabwrite("a\tb\nno tabs here\nlonger-cell\tc\n")).toBe("a         b\nno tabs here\nlonger-cell   c\n");
  });
});

describe("ps formats", () => {
  test("the default table: Docker's headers, short id, quoted and cut command, names", () => {
    const out = ps("").split("\n");
    expect(out[0]).toBe("CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES");
    expect(out[1]).toBe('4f2a9c0d1e2b   busybox   "sh -c \'sleep 1000; …"   2 minutes ago   Up 2 minutes             web');
    expect(out).toHaveLength(3);
    expect(ps("table")).toBe(ps(""));
  });
  test("custom templates, table templates, json, -q and --no-trunc", () => {
    expect(ps("{{.Names}}")).toBe("web\n");
    expect(ps("{{.ID}}: {{.Label \"tier\"}} {{.Labels}}")).toBe("4f2a9c0d1e2b: front com.example=x,tier=front\n");
    expect(ps("table {{.ID}}\\t{{.Status}}")).toBe("CONTAINER ID   STATUS\n4f2a9c0d1e2b   Up 2 minutes\n");
    expect(ps("table {{.Names | upper}}\\t{{.Label \"tier\"}}")).toBe("NAMES     LABEL\nWEB       front\n");
    const json = JSON.parse(ps("json"));
    expect(Object.keys(json)).toEqual(["Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Names", "Networks", "Platform", "Ports", "RunningFor", "Size", "State", "Status"]);
    expect(json).toMatchObject({ ID: "4f2a9c0d1e2b", Names: "web", State: "running", LocalVolumes: "0", Command: '"sh -c \'sleep 1000; …"' });
    expect(ps("{{json .}}")).toBe(ps("json"));
    expect(ps("", [container], true)).toBe("4f2a9c0d1e2b\n");
    expect(ps("{{.ID}} {{.Command}}", [container], false, false)).toBe(`${container.Id} "sh -c 'sleep 1000; echo done'"\n`);
    expect(ps("{{.Names}}", [])).toBe("");
    expect(ps("table {{.Names}}", [])).toBe("NAMES\n");
  });
  test("a bad template is Docker's error", () => {
    expect(() => ps("{{.Names}")).toThrow(new RunFailure("template parsing error: template: :1: bad character U+007D '}'", 1));
    expect(() => ps("{{.Nope}}")).toThrow("can't evaluate field Nope in type *formatter.ContainerContext");
  });
  test("ports as Docker displays them", () => {
    expect(displayPorts([{ IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" }, { PrivatePort: 443, Type: "tcp" }])).toBe("443/tcp, 0.0.0.0:8080->80/tcp");
    expect(displayPorts([{ IP: "0.0.0.0", PrivatePort: 80, PublicPort: 80, Type: "tcp" }, { IP: "0.0.0.0", PrivatePort: 81, PublicPort: 81, Type: "tcp" }, { PrivatePort: 53, Type: "udp" }])).toBe("53/udp, 0.0.0.0:80-81->80-81/tcp");
    expect(displayPorts([{ PrivatePort: 1, Type: "tcp" }, { PrivatePort: 2, Type: "tcp" }, { PrivatePort: 5, Type: "tcp" }, { IP: "::", PrivatePort: 9, PublicPort: 9000, Type: "tcp" }])).toBe("1-2/tcp, 5/tcp, [::]:9000->9/tcp");
    expect(containerContext({ ...container, Image: "docker.io/library/busybox:1@sha256:" + "a".repeat(64) }, { trunc: true }).methods.Image!()).toBe("busybox:1");
  });
  test("sizes as go-units prints them", () => {
    expect([humanSize(0), humanSize(999), humanSize(1234), humanSize(4_567_890), humanSize(999_999)]).toEqual(["0B", "999B", "1.23kB", "4.57MB", "1e+03kB"]);
    expect(containerContext({ ...container, SizeRw: 12, SizeRootFs: 1_234_567 }, { trunc: true }).methods.Size!()).toBe("12B (virtual 1.23MB)");
  });
});

describe("images and volume ls formats", () => {
  const image = { Id: "sha256:" + "ab".repeat(32), RepoTags: ["busybox:latest", "busybox:1", "me/bb:x"], RepoDigests: ["busybox@sha256:" + "cd".repeat(32)], Created: now - 3 * 86400, Size: 4_261_000 };
  const rows = (i: typeof image, needDigest = false) => imageRows(i, { needDigest }).map((r) => imageContext(i, r, { trunc: true }));
  test("one row per repository:tag, <none> for a dangling image", () => {
    const out = renderList({ format: "", defaultTable: defaultImageTable, quietFormat: "{{.ID}}", quiet: false, headers: imageHeaders }, rows(image));
    expect(out).toBe(
      [
        "REPOSITORY   TAG       IMAGE ID       CREATED      SIZE",
        "busybox      latest    abababababab   3 days ago   4.26MB",
        "busybox      1         abababababab   3 days ago   4.26MB",
        "me/bb        x         abababababab   3 days ago   4.26MB",
        "",
      ].join("\n"),
    );
    expect(imageRows({ ...image, RepoTags: [], RepoDigests: [] })).toEqual([{ repository: "<none>", tag: "<none>", digest: "<none>" }]);
    expect(renderList({ format: "{{.Repository}}:{{.Tag}} {{.Digest}}", defaultTable: defaultImageTable, quietFormat: "{{.ID}}", quiet: false, headers: imageHeaders }, rows(image, true)).split("\n")[0]).toBe(`busybox:latest sha256:${"cd".repeat(32)}`);
    expect(imageRows({ ...image, RepoTags: [] })).toEqual([{ repository: "busybox", tag: "<none>", digest: "" }]);
    expect(imageRows({ ...image, RepoTags: [] }, { needDigest: true, showDigests: true })).toEqual([{ repository: "busybox", tag: "<none>", digest: `sha256:${"cd".repeat(32)}` }]);
  });
  test("volumes: the default table, names only with -q, labels", () => {
    const vols = [{ Name: "data", Driver: "local", Mountpoint: "/m/data", Labels: { a: "1" } }].map(volumeContext);
    const f = (format: string, quiet = false) => renderList({ format, defaultTable: defaultVolumeTable, quietFormat: "{{.Name}}", quiet, headers: volumeHeaders }, vols);
    expect(f("")).toBe("DRIVER    VOLUME NAME\nlocal     data\n");
    expect(f("", true)).toBe("data\n");
    expect(f('{{.Name}} {{.Label "a"}} {{.Scope}} {{.Links}}')).toBe("data 1 local N/A\n");
  });
});
