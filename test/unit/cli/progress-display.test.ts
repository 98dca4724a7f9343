import { describe, expect, test } from "bun:test";
import { humanSize, progressBar, ProgressDisplay } from "../../../src/cli/progress-display.ts";

function sink() {
  const parts: string[] = [];
  return { out: { write: (s: string) => (parts.push(s), true) } as unknown as NodeJS.WritableStream, text: () => parts.join("") };
}

/** Replays the cursor moves a terminal would make: the screen as lines of text. */
function screen(text: string): string[] {
  const rows: string[] = [""];
  let row = 0;
  const re = /\x1b\[(\d*)([ABK])|\r|\n|[^\x1b\r\n]+/g;
  for (const m of text.matchAll(re)) {
    if (m[0] === "\n") rows[++row] ??= "";
    else if (m[0] === "\r") continue;
    else if (m[2] === "A") row -= Number(m[1]);
    else if (m[2] === "B") rows[(row += Number(m[1]))] ??= "";
    else if (m[2] === "K") rows[row] = "";
    else rows[row] = (rows[row] ?? "") + m[0];
  }
  return rows;
}

describe("progress display", () => {
  test("sizes and bars as Docker prints them", () => {
    expect(humanSize(512)).toBe("512B");
    expect(humanSize(2_150_000)).toBe("2.15MB");
    expect(humanSize(1000)).toBe("1kB");
    expect(progressBar(0, 100)).toBe(`[${" ".repeat(50)}]  0B/100B`);
    expect(progressBar(50, 100)).toBe(`[${"=".repeat(24)}>${" ".repeat(25)}]  50B/100B`);
    expect(progressBar(100, 100)).toBe(`[${"=".repeat(50)}]  100B/100B`);
  });

  test("on a terminal each layer keeps one line, rewritten in place", () => {
    const s = sink();
    const d = new ProgressDisplay(s.out, true);
    d.show({ status: "Pulling from library/busybox", id: "latest" });
    d.show({ status: "Pulling fs layer", id: "aaa" });
    d.show({ status: "Pulling fs layer", id: "bbb" });
    d.show({ status: "Downloading", id: "aaa", progressDetail: { current: 500, total: 1000 } });
    d.show({ status: "Download complete", id: "bbb" });
    d.show({ status: "Pull complete", id: "aaa" });
    d.show({ status: "Digest: sha256:abc" });
    d.show({ status: "Status: Downloaded newer image for busybox:latest" });
    expect(screen(s.text())).toEqual([
      "latest: Pulling from library/busybox",
      "aaa: Pull complete",
      "bbb: Download complete",
      "Digest: sha256:abc",
      "Status: Downloaded newer image for busybox:latest",
      "",
    ]);
    expect(s.text()).toContain(`aaa: Downloading [${"=".repeat(24)}>`);
  });

  test("without a terminal: plain lines, byte counters left out", () => {
    const s = sink();
    const d = new ProgressDisplay(s.out, false, ["Downloading"]);
    d.show({ status: "Pulling fs layer", id: "aaa" });
    d.show({ status: "Downloading", id: "aaa", progressDetail: { current: 1, total: 2 } });
    d.show({ status: "Pull complete", id: "aaa" });
    expect(s.text()).toBe("aaa: Pulling fs layer\naaa: Pull complete\n");
  });

  test("text between progress lines (a build's output) ends the block: later lines of an id start below it", () => {
    const s = sink();
    const d = new ProgressDisplay(s.out, true);
    d.text("Step 1/2 : FROM busybox\n");
    d.show({ status: "Loading layer", id: "aaa", progressDetail: { current: 0, total: 10 } });
    d.show({ status: "Loading layer", id: "aaa", progressDetail: { current: 10, total: 10 } });
    d.text("Step 2/2 : RUN true\n");
    d.show({ status: "Pull complete", id: "aaa" });
    expect(screen(s.text())).toEqual([
      "Step 1/2 : FROM busybox",
      `aaa: Loading layer [${"=".repeat(50)}]  10B/10B`,
      "Step 2/2 : RUN true",
      "aaa: Pull complete",
      "",
    ]);
  });
});
