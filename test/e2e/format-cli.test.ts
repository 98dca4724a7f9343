import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, dockerCliPath, runBunker, runDocker } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : "";
if (skipReason) console.log(`skip: bunker --format tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-fmt-");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[]) => runBunker("binary", args, dirs.env);
const ids: Record<string, string> = {};
const dockerPath = dockerCliPath;

const docker = (args: string[]) => runDocker(dirs.paths.socket, join(dirs.base, "no-docker-config"), args);

describe.skipIf(!!skipReason)("--format, --filter and friends with the compiled binary", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    const done = await bunker(["run", "--name", "done", "-l", "tier=batch", "--rootfs", rootfs.dir, "sh", "-c", "exit 2"]);
    expect(done.code).toBe(2);
    const up = await bunker(["run", "-d", "--name", "up", "-l", "tier=web", "--rootfs", rootfs.dir, "sleep", "1000"]);
    expect(up.code).toBe(0);
    for (const name of ["done", "up"]) ids[name] = (await bunker(["inspect", "-f", "{{.Id}}", name])).stdout.trim();
    expect((await bunker(["volume", "create", "--label", "k=v", "vol1"])).code).toBe(0);
    const tar = join(dirs.base, "rootfs.tar");
    Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", tar, "."]);
    for (const ref of ["fmt-one:1", "fmt-two:2"]) expect((await bunker(["import", "-m", "from a tar", tar, ref])).code).toBe(0);
    expect((await bunker(["tag", "fmt-two:2", "fmt-two:latest"])).code).toBe(0);
  });
  afterAll(async () => {
    await bunker(["rm", "-f", "done", "up"]);
    await bunker(["volume", "rm", "vol1"]);
    await bunker(["rmi", "fmt-one:1", "fmt-two:2", "fmt-two:latest"]);
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs.cleanup();
  });

  test("ps --format with Go templates, table and json", async () => {
    expect((await bunker(["ps", "--format", "{{.Names}}"])).stdout).toBe("up\n");
    expect((await bunker(["ps", "-a", "--format", "{{.Names}} {{.State}} {{.Label \"tier\"}}"])).stdout).toBe("up running web\ndone exited batch\n");
    const table = (await bunker(["ps", "-a", "--format", "table {{.ID}}\\t{{.Status}}"])).stdout.split("\n");
    expect(table[0]).toBe("CONTAINER ID   STATUS");
    expect(table[1]).toMatch(new RegExp(`^${ids.up!.slice(0, 12)}   Up (Less than a second|\\d+ seconds?)$`));
    expect(table[2]).toMatch(new RegExp(`^${ids.done!.slice(0, 12)}   Exited \\(2\\) .* ago$`));
    const json = (await bunker(["ps", "--format", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ ID: ids.up!.slice(0, 12), Names: "up", State: "running", Command: '"sleep 1000"', Labels: "tier=web" });
    const def = (await bunker(["ps"])).stdout.split("\n");
    expect(def[0]).toMatch(/^CONTAINER ID   IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  });

  test("ps -q, -n, -l, --no-trunc, --filter", async () => {
    expect((await bunker(["ps", "-q"])).stdout).toBe(`${ids.up!.slice(0, 12)}\n`);
    expect((await bunker(["ps", "-aq", "--no-trunc"])).stdout).toBe(`${ids.up}\n${ids.done}\n`);
    expect((await bunker(["ps", "-l", "--format", "{{.Names}}"])).stdout).toBe("up\n");
    expect((await bunker(["ps", "-n", "2", "--format", "{{.Names}}"])).stdout).toBe("up\ndone\n");
    expect((await bunker(["ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"])).stdout).toBe("done\n");
    expect((await bunker(["ps", "-a", "-f", "label=tier=web", "-f", "name=u", "--format", "{{.Names}}"])).stdout).toBe("up\n");
    expect((await bunker(["ps", "-a", "--filter", "exited=2", "-q"])).stdout).toBe(`${ids.done!.slice(0, 12)}\n`);
    const bad = await bunker(["ps", "--filter", "status=sleepy"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid filter 'status=sleepy'");
    const noEq = await bunker(["ps", "--filter", "status"]);
    expect(noEq.code).toBe(125);
    expect(noEq.stderr).toContain("bad format of filter (expected name=value)");
    const size = await bunker(["ps", "-s", "--format", "{{.Names}} {{.Size}}"]);
    expect(size.stdout).toMatch(/^up \d+(\.\d+)?[kMG]?B/);
  });

  test("a bad template: Docker's message and exit status", async () => {
    const parse = await bunker(["ps", "--format", "{{.Names}"]);
    expect(parse.code).toBe(1);
    expect(parse.stderr).toContain("failed to parse template: template: :1: bad character U+007D '}'");
    const images = await bunker(["images", "--format", "table {{.ID}}\\t{{nope}}"]);
    expect(images.code).toBe(1);
    expect(images.stderr).toContain('template parsing error: template: :1: function "nope" not defined');
    const quiet = await bunker(["ps", "-q", "--format", "{{.Names}}"]);
    expect(quiet.stdout).toBe(`${ids.up!.slice(0, 12)}\n`);
    expect(quiet.stderr).toContain("WARNING: Ignoring custom format, because both --format and --quiet are set.");
    const raw = (await bunker(["ps", "--format", "raw"])).stdout;
    expect(raw).toStartWith(`container_id: ${ids.up!.slice(0, 12)}\nimage: `);
    expect(raw).toContain("\nstate: running\n");
    expect(raw).toContain("\nlabels: tier=web\nports:\n\n");
    const exec = await bunker(["ps", "--format", "{{.Nope}}", "--filter", "name=nothing-matches"]);
    expect(exec.code).toBe(1);
    expect(exec.stderr).toContain('failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext');
    const version = await bunker(["version", "-f", "{{.Nope}}"]);
    expect(version.stderr).toContain('template: version:1:2: executing "version" at <.Nope>: can\'t evaluate field Nope in type system.versionInfo');
    const inspect = await bunker(["inspect", "-f", "{{.State.Status", "up"]);
    expect(inspect.code).toBe(64);
    expect(inspect.stderr).toContain("template parsing error");
  });

  test("inspect --format on the API's JSON", async () => {
    expect((await bunker(["inspect", "-f", "{{.State.Status}} {{.Name}} {{.State.ExitCode}}", "done", "up"])).stdout).toBe("exited /done 2\nrunning /up 0\n");
    expect((await bunker(["inspect", "-f", "{{.Config.Labels}} {{index .Config.Labels \"tier\"}} {{json .Config.Labels}}", "up"])).stdout).toBe('map[tier:web] web {"tier":"web"}\n');
    expect((await bunker(["inspect", "-f", "{{range .Config.Cmd}}<{{.}}>{{end}}", "up"])).stdout).toBe("<sleep><1000>\n");
    const compact = JSON.parse((await bunker(["inspect", "-f", "json", "up"])).stdout);
    expect(compact[0].Id).toBe(ids.up);
    const missing = await bunker(["inspect", "-f", "{{.Nope}}", "up"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('map has no entry for key "Nope"');
    const vol = await bunker(["inspect", "--type", "volume", "-f", "{{.Name}} {{.Driver}} {{.Labels.k}}", "vol1"]);
    expect(vol.stdout).toBe("vol1 local v\n");
    expect((await bunker(["inspect", "-f", "{{.Name}}", "vol1"])).stdout).toBe("vol1\n");
    const none = await bunker(["inspect", "nothing-here"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No such object: nothing-here");
  });

  test("psFormat, imagesFormat and volumesFormat from the docker config file; --format raw for images", async () => {
    const configDir = join(dirs.base, "docker-config");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ psFormat: "ps:{{.Names}}", imagesFormat: "img:{{.Repository}}", volumesFormat: "vol:{{.Name}}" }));
    const env = { ...dirs.env, DOCKER_CONFIG: configDir };
    expect((await runBunker("binary", ["ps"], env)).stdout).toBe("ps:up\n");
    expect((await runBunker("binary", ["ps", "--format", "{{.State}}"], env)).stdout).toBe("running\n");
    expect((await runBunker("binary", ["images", "fmt-one"], env)).stdout).toBe("img:fmt-one\n");
    expect((await runBunker("binary", ["volume", "ls"], env)).stdout).toBe("vol:vol1\n");
    expect((await runBunker("binary", ["volume", "ls", "-q"], env)).stdout).toBe("vol1\n");
    const raw = (await bunker(["images", "--format", "raw", "fmt-one"])).stdout;
    expect(raw).toMatch(/^repository: fmt-one\ntag: 1\nimage_id: [0-9a-f]{12}\ncreated_at: .*\nvirtual_size: .*B\n\n$/);
  });

  test("volume ls and volume inspect, version and info", async () => {
    expect((await bunker(["volume", "ls", "--format", "{{.Name}}:{{.Driver}}:{{.Labels}}"])).stdout).toBe("vol1:local:k=v\n");
    expect((await bunker(["volume", "ls", "-q", "--filter", "label=k=v"])).stdout).toBe("vol1\n");
    expect((await bunker(["volume", "ls", "-q", "--filter", "dangling=false"])).stdout).toBe("");
    expect((await bunker(["volume", "ls"])).stdout).toBe("DRIVER    VOLUME NAME\nlocal     vol1\n");
    expect((await bunker(["volume", "inspect", "-f", "{{.Mountpoint}}", "vol1"])).stdout).toContain("vol1");
    expect((await bunker(["version", "--format", "{{.Server.APIVersion}} {{.Client.APIVersion}}"])).stdout).toBe("1.44 1.44\n");
    expect((await bunker(["info", "--format", "{{.OSType}} {{.Swarm.LocalNodeState}}"])).stdout).toBe("linux inactive\n");
  });

  test("images: --format, table, -q, --filter, REPOSITORY argument, history and image inspect", async () => {
    expect((await bunker(["images", "--format", "{{.Repository}}:{{.Tag}}"])).stdout.split("\n").filter(Boolean).sort()).toEqual(["fmt-one:1", "fmt-two:2", "fmt-two:latest"]);
    const table = (await bunker(["images"])).stdout.split("\n");
    expect(table[0]).toMatch(/^REPOSITORY   TAG       IMAGE ID       CREATED\s+SIZE$/);
    expect(table[1]).toMatch(/^fmt-(one|two)      (1|2|latest)\s+[0-9a-f]{12}   (Less than a second|\d+ seconds?) ago\s+\d/);
    const two = (await bunker(["inspect", "--type", "image", "-f", "{{.Id}}", "fmt-two:2"])).stdout.trim();
    expect(two).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await bunker(["images", "-q", "fmt-two"])).stdout).toBe(`${two.slice(7, 19)}\n${two.slice(7, 19)}\n`);
    expect((await bunker(["images", "--filter", "reference=fmt-*:1", "--format", "{{.Repository}} {{.Tag}}"])).stdout).toBe("fmt-one 1\n");
    expect((await bunker(["images", "--filter", "since=fmt-one:1", "--format", "{{.Tag}}"])).stdout.split("\n").filter(Boolean).sort()).toEqual(["2", "latest"]);
    expect((await bunker(["images", "--no-trunc", "-q", "fmt-two:2"])).stdout).toBe(`${two}\n`);
    const json = JSON.parse((await bunker(["images", "--format", "json", "fmt-one"])).stdout);
    expect(json).toMatchObject({ Repository: "fmt-one", Tag: "1", Digest: "<none>", Containers: "N/A" });
    expect((await bunker(["images", "--filter", "nope=1"])).stderr).toContain("invalid filter 'nope'");
    expect((await bunker(["history", "--format", "{{.Comment}}|{{.CreatedBy}}", "fmt-one:1"])).stdout).toBe("from a tar|\n");
    expect((await bunker(["history", "fmt-one:1"])).stdout.split("\n")[0]).toMatch(/^IMAGE          CREATED\s+CREATED BY   SIZE      COMMENT$/);
    expect((await bunker(["inspect", "-f", "{{.Os}} {{len .RootFS.Layers}} {{.RepoTags}}", "fmt-one:1"])).stdout).toBe("linux 1 [fmt-one:1]\n");
  });

  test.skipIf(!dockerPath)("the same output as the real docker CLI against the same daemon", async () => {
    const cases = [
      ["ps"],
      ["ps", "-a"],
      ["ps", "-a", "--no-trunc"],
      ["ps", "-a", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Command}} {{.State}} {{.Labels}} {{.Label \"tier\"}} {{.Mounts}} {{.Ports}}"],
      ["ps", "-a", "--format", "table {{.Names}}\\t{{.Status}}\\t{{.Command}}"],
      ["ps", "-a", "--filter", "label=tier=web", "--filter", "status=running", "-q"],
      ["ps", "-a", "--filter", "exited=2", "--format", "{{.Names}}"],
      ["ps", "-n", "1", "--format", "{{.Names}}"],
      ["images"],
      ["images", "--no-trunc"],
      ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}} {{.Containers}}"],
      ["images", "--filter", "reference=fmt-t*", "--format", "table {{.Repository}}\\t{{.Tag}}"],
      ["volume", "ls"],
      ["volume", "ls", "--format", "{{.Name}} {{.Driver}} {{.Labels}} {{.Label \"k\"}} {{.Scope}}"],
      ["inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.Config.Labels}} {{range .Config.Cmd}}[{{.}}]{{end}} {{json .Config.Labels}}", "up", "done"],
      ["inspect", "-f", "{{if .State.Running}}running{{else}}stopped {{.State.ExitCode}}{{end}} {{len .Config.Env}} {{index .Config.Labels \"tier\"}}", "up", "done"],
      ["image", "inspect", "-f", "{{.Os}} {{.Architecture}} {{.RepoTags}} {{len .RootFS.Layers}}", "fmt-one:1"],
      ["volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Labels}}", "vol1"],
      ["inspect", "-f", "{{.Config.Entrypoint}} {{.Config.Volumes}} {{json .Config.Entrypoint}} {{len .Config.Entrypoint}} {{if .Config.Entrypoint}}x{{else}}none{{end}} {{range .Config.Entrypoint}}{{.}}{{end}}", "up"],
      ["inspect", "-f", "{{.HostConfig.Binds}} {{.Mounts}} {{.Args}} {{.State.Pid}} {{.Name}} {{.Path}} {{.HostConfig.RestartPolicy.Name}}", "up"],
      ["ps", "-a", "--format", "json"],
      ["ps", "-a", "-s"],
      ["ps", "-a", "--format", "{{.Names}} {{.Size}} {{.CreatedAt}} {{.RunningFor}} {{.LocalVolumes}} {{.Networks}}"],
      ["images", "--format", "json"],
      ["images", "--digests"],
      ["images", "-q"],
      ["volume", "ls", "--format", "json"],
      ["volume", "ls", "-q", "--filter", "dangling=true"],
      ["image", "ls", "--format", "{{.Repository}}"],
      ["image", "history", "--format", "{{.ID}} {{.Size}} {{.Comment}}", "fmt-two:2"],
      ["history", "fmt-one:1"],
      ["history", "--format", "json", "fmt-one:1"],
      ["history", "--no-trunc", "-H=false", "fmt-one:1"],
      ["version", "-f", "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}} {{json .Server.Platform}} {{.Client.APIVersion}}"],
      ["info", "-f", "{{.Driver}} {{.OSType}} {{.Containers}} {{.Images}} {{json .RegistryConfig.Mirrors}}"],
    ];
    for (const args of cases) {
      let ours = "";
      let theirs = "";
      // Relative times may tick between the two runs: compare again when they differ.
      for (let attempt = 0; attempt < 4; attempt++) {
        if (attempt) await Bun.sleep(350);
        const [a, b] = await Promise.all([bunker(args), docker(args)]);
        ours = a.stdout;
        theirs = b.stdout;
        expect(b.stderr).toBe("");
        if (ours === theirs) break;
      }
      // Still apart after the retries: only the relative times (computed at different instants) may differ.
      const times = (text: string) => text.replace(/(Less than a second|About a minute|\d+ (second|minute)s?)( ago)?/g, "T").replace(/ +/g, " ");
      if (ours !== theirs) expect({ args, out: times(ours) }).toEqual({ args, out: times(theirs) });
    }
  });

  test.skipIf(!dockerPath)("the same errors and exit statuses as the real docker CLI", async () => {
    const cases = [
      ["ps", "--format", "{{.Nope}}", "--filter", "name=none"],
      ["ps", "--format", "{{.Names}"],
      ["ps", "--format", "{{nosuch .Names}}"],
      ["images", "--format", "{{.Tag"],
      ["volume", "ls", "--format", "{{if .Name}}"],
      ["inspect", "-f", "{{.Nope}}", "up"],
      ["inspect", "-f", "{{.State.Status", "up"],
      ["inspect", "-f", "{{index .Config.Env 99}}", "up"],
      ["version", "-f", "{{.Nope}}"],
      ["ps", "--filter", "status=sleepy"],
      ["ps", "--filter", "bogus=1"],
      ["images", "--filter", "dangling=maybe"],
      ["volume", "ls", "--filter", "bogus=1"],
      ["inspect", "nothing-here"],
      ["image", "inspect", "nothing-here"],
      ["inspect", "--type", "container", "nothing-here"],
    ];
    for (const args of cases) {
      const [a, b] = await Promise.all([bunker(args), docker(args)]);
      const strip = (text: string) => text.replace(/^bunker: /gm, "").trim();
      expect({ args, code: a.code, stdout: a.stdout, stderr: strip(a.stderr) }).toEqual({ args, code: b.code, stdout: b.stdout, stderr: strip(b.stderr) });
    }
  });
});
