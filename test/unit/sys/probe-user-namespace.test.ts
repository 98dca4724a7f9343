import { expect, test } from "bun:test";
import { probeUserNamespace } from "../../../src/sys/index.ts";

/** Ground truth from outside Bunker: util-linux's unshare(1), if installed. */
const unshareBin = Bun.which("unshare");
const external = unshareBin ? Bun.spawnSync([unshareBin, "--user", "true"], { stderr: "pipe" }) : undefined;

test("probeUserNamespace answers ok or a reason", () => {
  const result = probeUserNamespace();
  if (!result.ok) {
    expect(result.reason).toContain("unshare(CLONE_NEWUSER)");
    expect(result.errno).toBeGreaterThan(0);
  }
});

const why = "util-linux unshare(1) is not installed, so there is no independent answer to compare with";
if (!unshareBin) console.log(`skip: probeUserNamespace agrees with unshare(1): ${why}`);
test.skipIf(!unshareBin)("probeUserNamespace agrees with `unshare --user true`", () => {
  const expected = external?.exitCode === 0;
  const result = probeUserNamespace();
  if (result.ok !== expected) {
    throw new Error(`probe says ${JSON.stringify(result)} but unshare(1) exited ${external?.exitCode}: ${external?.stderr.toString().trim()}`);
  }
});

test("children are reaped by the probe, not by Bun, even while Bun spawns processes", async () => {
  let stop = false;
  let spawned = 0;
  const churn = (async () => {
    while (!stop) {
      const batch = Array.from({ length: 4 }, () => Bun.spawn(["true"], { stdout: "ignore", stderr: "ignore" }));
      await Promise.all(batch.map((p) => p.exited));
      spawned += batch.length;
    }
  })();
  const first = probeUserNamespace();
  const failures: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = probeUserNamespace();
    // Same answer every time; a stolen child would show up as a waitpid/"before reporting" failure.
    if (r.ok !== first.ok || (!r.ok && !first.ok && r.reason !== first.reason)) failures.push(JSON.stringify(r));
    if (i % 2 === 0) await Bun.sleep(0);
  }
  stop = true;
  await churn;
  expect(failures).toEqual([]);
  expect(spawned).toBeGreaterThan(0);
}, 30_000); // 200 forks into new user namespaces: seconds on a loaded 2-core machine
