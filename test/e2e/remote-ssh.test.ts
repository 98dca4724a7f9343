import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { lookupUserName } from "../../src/runtime/index.ts";
import { compiledBinary, runBunker, waitFor } from "../helpers/bunker-command.ts";
import { busyboxPath } from "../helpers/busybox-rootfs.ts";
import { busyboxTar, freePort, runBunkerWithInput } from "../helpers/remote-fixtures.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const sshd = "/usr/sbin/sshd";
const ssh = Bun.which("ssh") ?? Bun.which("ssh", { PATH: "/usr/bin:/bin" });
const sshKeygen = Bun.which("ssh-keygen") ?? Bun.which("ssh-keygen", { PATH: "/usr/bin:/bin" });
/** A non-root sshd can only log in as its own user: the test's user, from /etc/passwd. */
const user = lookupUserName(process.getuid!()) ?? "root";

/** Why sshd could not log this user in, if it could not: no login shell, or (root's sshd reads /etc/shadow) a locked password. */
function loginProblem(): string {
  const entry = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${user}:`));
  const shell = entry?.split(":")[6] ?? "";
  if (/(nologin|false)$/.test(shell)) return `${user} has no login shell (${shell})`;
  if (process.getuid!() !== 0) return "";
  const shadow = readFileSync("/etc/shadow", "utf8").split("\n").find((l) => l.startsWith(`${user}:`));
  return shadow?.split(":")[1]?.startsWith("!") ? `sshd (UsePAM no) refuses ${user}: the account is locked in /etc/shadow` : "";
}

const skipReason = !existsSync(sshd)
  ? "openssh-server is not installed (/usr/sbin/sshd)"
  : !ssh || !sshKeygen
    ? "openssh-client is not installed (ssh, ssh-keygen)"
    : !busyboxPath
      ? "busybox-static is not installed"
      : !existsSync(compiledBinary)
        ? `${compiledBinary} is not built`
        : loginProblem();
if (skipReason) console.log(`skip: ssh:// tests: ${skipReason}`);

/** The "remote" machine's daemon: only the sshd session knows its dirs (through SetEnv). */
const dirs = tempBunkerDirs("bk-ssh-");
const sshDir = mkdtempSync("/tmp/bk-sshd-");
const cliConfig = mkdtempSync("/tmp/bk-sshcli-");
let port = 0;
/** A second port where the session's PATH has no bunker: "command not found" on the remote. */
let barePort = 0;
let server: Subprocess | undefined;
let image: ReturnType<typeof busyboxTar>;

function keygen(file: string): void {
  const r = Bun.spawnSync([sshKeygen!, "-q", "-t", "ed25519", "-N", "", "-f", file]);
  if (r.exitCode !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** ssh's configuration the client uses (ssh reads ~/.ssh/config from the passwd entry, not $HOME: so -F). */
function sshConfig(name: string, identity: string): string {
  const file = join(sshDir, name);
  writeFileSync(file, ["Host *", `  IdentityFile ${identity}`, "  IdentitiesOnly yes", "  StrictHostKeyChecking no", `  UserKnownHostsFile ${join(sshDir, "known_hosts")}`, "  BatchMode yes", "  LogLevel ERROR", ""].join("\n"));
  return file;
}

const env = (config = "ssh_config") => ({ BUNKER_HOST: "", BUNKER_CONTEXT: "", BUNKER_CONFIG: cliConfig, BUNKER_SSH_OPTS: `-F ${join(sshDir, config)}` });
const url = (p = port) => `ssh://${user}@127.0.0.1:${p}`;
const remote = (args: string[], config?: string) => runBunker("binary", ["-H", url(), ...args], env(config), 60_000);

describe.skipIf(!!skipReason)("-H ssh:// through ssh … bunker system dial-stdio", () => {
  beforeAll(async () => {
    chmodSync(sshDir, 0o700);
    keygen(join(sshDir, "host_key"));
    keygen(join(sshDir, "client_key"));
    keygen(join(sshDir, "stranger_key"));
    writeFileSync(join(sshDir, "authorized_keys"), readFileSync(join(sshDir, "client_key.pub")));
    mkdirSync(join(sshDir, "bin"));
    symlinkSync(compiledBinary, join(sshDir, "bin", "bunker"));
    sshConfig("ssh_config", join(sshDir, "client_key"));
    sshConfig("stranger_config", join(sshDir, "stranger_key"));
    // As root, sshd wants its privilege separation directory (Debian's unit makes it).
    if (process.getuid!() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755 });
    port = await freePort();
    barePort = await freePort();
    const sessionEnv = Object.entries({ ...dirs.env, PATH: `${join(sshDir, "bin")}:/usr/bin:/bin` }).map(([k, v]) => `${k}=${v}`);
    writeFileSync(
      join(sshDir, "sshd_config"),
      [
        `Port ${port}`,
        `Port ${barePort}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${join(sshDir, "host_key")}`,
        `AuthorizedKeysFile ${join(sshDir, "authorized_keys")}`,
        `PidFile ${join(sshDir, "sshd.pid")}`,
        "UsePAM no",
        "StrictModes no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        `SetEnv ${sessionEnv.join(" ")}`,
        `Match LocalPort ${barePort}`,
        "  SetEnv PATH=/nonexistent",
        "",
      ].join("\n"),
    );
    server = Bun.spawn([sshd, "-D", "-e", "-f", join(sshDir, "sshd_config")], { stdout: "ignore", stderr: Bun.file(join(sshDir, "sshd.log")) });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect({ host: "127.0.0.1", port }, () => (s.destroy(), resolve(true)));
          s.once("error", () => resolve(false));
        }),
      15_000,
      "sshd",
    );
    image = busyboxTar();
  });
  afterAll(async () => {
    await runBunker("binary", ["rm", "-f", "web"], dirs.env);
    await runBunker("binary", ["daemon", "stop"], dirs.env);
    server?.kill("SIGTERM");
    await server?.exited;
    dirs.cleanup();
    image?.cleanup();
    rmSync(sshDir, { recursive: true, force: true });
    rmSync(cliConfig, { recursive: true, force: true });
  });

  test("ps starts the remote daemon on demand (dial-stdio does), import and run --rm", async () => {
    const ps = await remote(["ps"]);
    if (ps.code !== 0) console.log(readFileSync(join(sshDir, "sshd.log"), "utf8"));
    expect(ps.stderr).toBe("");
    expect(ps.stdout).toStartWith("CONTAINER ID");
    expect(existsSync(dirs.paths.socket)).toBe(true);
    const imported = await remote(["import", image.file, "busybox"]);
    expect(imported.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(await remote(["run", "--rm", "busybox", "echo", "over ssh"])).toEqual({ code: 0, stdout: "over ssh\n", stderr: "" });
  });

  test("logs, exec -i and attach with stdin are hijacked through ssh", async () => {
    const id = (await remote(["run", "-d", "--name", "web", "busybox", "sh", "-c", "echo started; exec sleep 60"])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await waitFor(async () => (await remote(["logs", "web"])).stdout === "started\n", 15_000, "the container's log");
    const exec = await runBunkerWithInput(["-H", url(), "exec", "-i", "web", "sh", "-c", "cat; echo done"], "through ssh\n", env(), 60_000);
    expect(exec).toEqual({ code: 0, stdout: "through ssh\ndone\n", stderr: "" });
    expect((await remote(["exec", "web", "sh", "-c", "exit 5"])).code).toBe(5);
    const attach = await runBunkerWithInput(["-H", url(), "run", "--rm", "-i", "busybox", "tr", "a-z", "A-Z"], "quiet\n", env(), 60_000);
    expect(attach.stdout).toBe("QUIET\n");
  });

  test("ssh's own failures reach the user: a key the server does not know, no bunker on the remote PATH", async () => {
    const denied = await remote(["ps"], "stranger_config");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`Cannot connect to the Bunker daemon at ${url()}`);
    expect(denied.stderr).toContain("Permission denied (publickey)");
    const missing = await runBunker("binary", ["-H", url(barePort), "ps"], env(), 60_000);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("(exit status 127)");
    expect(missing.stderr).toMatch(/bunker: (command )?not found/); // bash or dash, whichever the login shell is
    expect(missing.stderr).toContain("is Bunker installed on the remote host");
  });

  test("context create box --host ssh://… && context use box && bunker ps", async () => {
    const created = await runBunker("binary", ["context", "create", "box", "--host", url()], env());
    expect(created).toEqual({ code: 0, stdout: "box\n", stderr: 'Successfully created context "box"\n' });
    expect((await runBunker("binary", ["context", "use", "box"], env())).code).toBe(0);
    expect((await runBunker("binary", ["context", "show"], env())).stdout).toBe("box\n");
    const ls = await runBunker("binary", ["context", "ls"], env());
    expect(ls.stdout).toContain(`box *`);
    expect(ls.stdout).toContain(url());
    const ps = await runBunker("binary", ["ps", "--format", "{{.Names}}"], env(), 60_000);
    expect(ps).toEqual({ code: 0, stdout: "web\n", stderr: "" });
    // -H wins over the current context; -H with --context is refused.
    const both = await runBunker("binary", ["-H", url(), "--context", "box", "ps"], env());
    expect(both.code).toBe(125);
    expect(both.stderr).toContain("conflicting options: cannot specify both --host and --context");
  });
});

describe.skipIf(!existsSync(compiledBinary))("bunker system dial-stdio", () => {
  const local = tempBunkerDirs("bk-dial-");
  afterAll(async () => {
    await runBunker("binary", ["daemon", "stop"], local.env);
    local.cleanup();
  });

  test("stdin and stdout become a connection to the daemon (started on demand); stdin's EOF is a half-close", async () => {
    const request = "GET /_ping HTTP/1.1\r\nHost: bunker\r\n\r\n";
    const r = await runBunkerWithInput(["system", "dial-stdio"], request, { ...local.env, BUNKER_HOST: "", BUNKER_CONTEXT: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith("HTTP/1.1 200");
    expect(r.stdout).toEndWith("\r\n\r\nOK");
  });
});
