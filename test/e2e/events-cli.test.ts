import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { compiledBinary, dockerCliPath, runBunker, runDocker } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const docker = dockerCliPath;
const skipReason = !existsSync(compiledBinary) ? `${compiledBinary} is not built` : !busyboxPath ? "busybox-static is missing" : "";
if (skipReason) console.log(`skip: events CLI tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-evcli-");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[]) => runBunker("binary", args, dirs.env);

const dockerCli = (args: string[]) => runDocker(dirs.paths.socket, dirs.base, args);

describe.skipIf(!!skipReason)("bunker events and docker events", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    expect((await bunker(["info"])).code).toBe(0);
    expect((await bunker(["volume", "create", "ev-e2e"])).code).toBe(0);
    const run = await bunker(["run", "--rm", "--name", "ev-run", "-l", "k=v", "--rootfs", rootfs.dir, "true"]);
    expect(run.code).toBe(0);
    expect((await bunker(["volume", "rm", "ev-e2e"])).code).toBe(0);
    await Bun.sleep(1100); // --until 0s is "now" in whole seconds, as the docker CLI computes it
  });
  afterAll(async () => {
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs?.cleanup();
  });

  test("Docker's text lines: local time with nanoseconds, type, action, id, sorted attributes", async () => {
    const r = await bunker(["events", "--since", "5m", "--until", "0s"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const stamp = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d)`;
    expect(lines[0]).toMatch(new RegExp(`^${stamp} volume create ev-e2e \\(driver=local\\)$`));
    const run = lines.filter((l) => l.includes("name=ev-run"));
    expect(run.map((l) => l.split(" ")[2])).toEqual(["create", "attach", "start", "die", "destroy"]);
    expect(run[3]).toMatch(new RegExp(`^${stamp} container die [0-9a-f]{64} \\(execDuration=\\d+, exitCode=0, image=${rootfs.dir}, k=v, name=ev-run\\)$`));
    expect(lines.at(-1)).toMatch(/ volume destroy ev-e2e \(driver=local\)$/);
  });

  test("--filter and --format '{{json .}}'", async () => {
    const r = await bunker(["events", "--since", "5m", "--until", "0s", "--filter", "type=volume", "--filter", "event=create", "--format", "{{json .}}"]);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.map((e) => [e.Type, e.Action, e.Actor.ID])).toEqual([["volume", "create", "ev-e2e"]]);
    const bad = await bunker(["events", "--filter", "colour=red", "--until", "0s"]);
    expect(bad.code).toBe(1); // as docker events exits
    expect(bad.stderr).toContain("invalid filter 'colour'");
  });

  test.skipIf(!docker)("the docker CLI prints the same lines", async () => {
    const args = ["events", "--since", "5m", "--until", "0s", "--filter", "container=ev-run"];
    const ours = await bunker(args);
    const theirs = await dockerCli(args);
    expect(theirs.code).toBe(0);
    expect(theirs.stdout).toBe(ours.stdout);
    expect(theirs.stdout.trim().split("\n")).toHaveLength(5);
    const json = await dockerCli(["events", "--since", "5m", "--until", "0s", "--filter", "event=die", "--format", "{{json .}}"]);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ status: "die", Type: "container", Action: "die", Actor: { Attributes: { name: "ev-run", exitCode: "0" } }, scope: "local" });
  });
});
