import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

// Each library of the design card, exercised inside a `bun build --compile` executable, since a
// compiled binary may resolve modules differently from `bun run` (Bun swaps some for built-ins).
const dir = mkdtempSync("/tmp/bk-libs-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("design-card libraries inside a compiled binary", () => {
  let result: Record<string, unknown>;

  test("the probe compiles and runs", async () => {
    const out = join(dir, "probe");
    const build = Bun.spawnSync([process.execPath, "build", "--compile", join(import.meta.dir, "fixtures/library-probe.ts"), "--outfile", out], { stderr: "pipe" });
    expect(build.exitCode).toBe(0);
    const run = Bun.spawnSync([out], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(0);
    result = JSON.parse(run.stdout.toString());
  }, 120_000);

  test("citty parses flags", () => {
    expect(result.citty).toMatchObject({ name: "x", detach: true });
  });
  test("valibot validates", () => {
    expect(result.valibot).toBe(false);
  });
  test("tar-stream packs and extracts", () => {
    expect(result.tarStream).toEqual(["hello.txt=hi there"]);
  });
  test("@clack/prompts loads its prompts", () => {
    expect(result.clack).toBe(true);
  });
  test("bun:ffi opens the embedded C helper", () => {
    expect(result.ffi).toBe(1);
  });
  test("undici is Bun's stand-in and cannot talk over a unix socket; Bun's fetch can", () => {
    // This is why Bunker has no undici dependency (README, dependency notes). If this test
    // starts failing, Bun has grown a working undici: reconsider.
    expect(result.undiciClientRequest).toBe("undefined");
    expect(String(result.undiciAgentSocketPath)).toStartWith("error:");
    expect(result.bunFetchUnix).toBe("pong");
  });
});
