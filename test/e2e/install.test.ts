import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

// install.sh from this checkout into a temporary PREFIX, twice: it must be idempotent.
const repo = join(import.meta.dir, "..", "..");
const prefix = mkdtempSync("/tmp/bk-install-");
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

function install() {
  const r = Bun.spawnSync(["bash", join(repo, "install.sh")], {
    env: { ...process.env, PREFIX: prefix },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe("install.sh", () => {
  test("installs the binary and the completions under PREFIX", () => {
    const r = install();
    expect(r.stderr.includes("error")).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`installed ${prefix}/bin/bunker (Bunker version`);
    expect(statSync(join(prefix, "bin/bunker")).mode & 0o777).toBe(0o755);
    for (const f of ["share/bash-completion/completions/bunker", "share/zsh/site-functions/_bunker", "share/fish/vendor_completions.d/bunker.fish"]) {
      expect(existsSync(join(prefix, f))).toBe(true);
    }
    expect(r.stdout).toContain(`note: ${prefix}/bin is not on your PATH`);
    expect(r.stdout).toContain("export DOCKER_HOST=unix://");
  }, 180_000);

  test("running it again changes nothing and still succeeds", () => {
    const before = statSync(join(prefix, "share/zsh/site-functions/_bunker")).size;
    const r = install();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("npm ci");
    expect(statSync(join(prefix, "share/zsh/site-functions/_bunker")).size).toBe(before);
    const v = Bun.spawnSync([join(prefix, "bin/bunker"), "--version"], { stdout: "pipe" });
    expect(v.stdout.toString()).toMatch(/^Bunker version \d+\.\d+\.\d+, build \w+/);
  }, 180_000);
});
