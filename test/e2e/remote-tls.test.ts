import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { compiledBinary, dockerCliPath, runBunker, waitFor, type Result } from "../helpers/bunker-command.ts";
import { busyboxPath } from "../helpers/busybox-rootfs.ts";
import { busyboxTar, freePort, makeTestCerts, opensslPath, runBunkerWithInput } from "../helpers/remote-fixtures.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skipReason = !opensslPath ? "openssl is not installed" : !busyboxPath ? "busybox-static is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : "";
if (skipReason) console.log(`skip: remote TLS tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-tls-");
const cliConfig = mkdtempSync("/tmp/bk-tlscli-");
let certs: ReturnType<typeof makeTestCerts>;
let port = 0;
let daemon: Subprocess | undefined;
let image: ReturnType<typeof busyboxTar>;

/** The client side never sees the daemon's dirs: it reaches it over TCP only. */
const clientEnv = () => ({ BUNKER_HOST: "", BUNKER_CONTEXT: "", BUNKER_CONFIG: cliConfig, BUNKER_TLS_VERIFY: "", DOCKER_TLS_VERIFY: "", DOCKER_CERT_PATH: "" });
const tlsFlags = (cert = certs.clientCert, key = certs.clientKey, ca = certs.ca) => ["-H", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", ca, "--tlscert", cert, "--tlskey", key];
const remote = (args: string[]) => runBunker("binary", [...tlsFlags(), ...args], clientEnv());

async function docker(args: string[], input?: string): Promise<Result> {
  const proc = Bun.spawn([dockerCliPath!, ...args], {
    env: { ...process.env, DOCKER_HOST: "", DOCKER_CONTEXT: "", DOCKER_CONFIG: cliConfig, DOCKER_CLI_HINTS: "false" },
    stdin: input === undefined ? "ignore" : "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  if (input !== undefined && proc.stdin) {
    proc.stdin.write(input);
    proc.stdin.end();
  }
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

beforeAll(() => {
  if (!skipReason) certs = makeTestCerts();
});
afterAll(() => {
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
  rmSync(cliConfig, { recursive: true, force: true });
});

describe.skipIf(!!skipReason)("a daemon on TCP with mutual TLS", () => {
  beforeAll(async () => {
    image = busyboxTar();
    port = await freePort();
    daemon = Bun.spawn(
      [compiledBinary, "daemon", "-H", `unix://${dirs.paths.socket}`, "-H", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", certs.serverCert, "--tlskey", certs.serverKey],
      { env: { ...process.env, ...dirs.env }, stdout: "ignore", stderr: "pipe" },
    );
    const local = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
    await waitFor(() => local.ping(500), 20_000, "the TLS daemon");
    const imported = await remote(["import", image.file, "busybox"]);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });
  afterAll(async () => {
    await runBunker("binary", ["rm", "-f", "web"], dirs.env);
    daemon?.kill("SIGTERM");
    await daemon?.exited;
    dirs.cleanup();
    image?.cleanup();
  });

  test("ps, run, logs, exec and attach with stdin (hijacked over TLS) through -H tcp:// --tlsverify", async () => {
    const ps = await remote(["ps"]);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toStartWith("CONTAINER ID");
    const run = await remote(["run", "--rm", "busybox", "echo", "over tls"]);
    expect(run).toEqual({ code: 0, stdout: "over tls\n", stderr: "" });
    const id = (await remote(["run", "-d", "--name", "web", "busybox", "sh", "-c", "echo started; exec sleep 60"])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await waitFor(async () => (await remote(["logs", "web"])).stdout === "started\n", 10_000, "the container's log");
    expect((await remote(["ps", "--format", "{{.Names}}"])).stdout).toBe("web\n");
    const exec = await runBunkerWithInput([...tlsFlags(), "exec", "-i", "web", "sh", "-c", "cat; echo done"], "piped in\n", clientEnv());
    expect(exec).toEqual({ code: 0, stdout: "piped in\ndone\n", stderr: "" });
    expect((await remote(["exec", "web", "sh", "-c", "exit 3"])).code).toBe(3);
    const attach = await runBunkerWithInput([...tlsFlags(), "run", "--rm", "-i", "busybox", "tr", "a-z", "A-Z"], "shout\n", clientEnv());
    expect(attach.stdout).toBe("SHOUT\n");
  });

  test("a client certificate of another CA, no certificate, or no TLS at all is refused", async () => {
    const intruder = await runBunker("binary", [...tlsFlags(certs.otherCert, certs.otherKey), "ps"], clientEnv());
    expect(intruder.code).toBe(1);
    expect(intruder.stdout).toBe("");
    expect(intruder.stderr).toContain(`Cannot connect to the Bunker daemon at tcp://127.0.0.1:${port}`);
    const plain = await runBunker("binary", ["-H", `tcp://127.0.0.1:${port}`, "ps"], clientEnv());
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("Cannot connect to the Bunker daemon");
    const noCert = await runBunker("binary", ["-H", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", join(cliConfig, "none.pem"), "ps"], clientEnv());
    expect(noCert.code).toBe(1);
    expect(noCert.stderr).toContain("none.pem");
    // --tls without --tlsverify: the client still shows its certificate but does not check the daemon's.
    const unverified = await runBunker("binary", ["-H", `tcp://127.0.0.1:${port}`, "--tls", "--tlscert", certs.clientCert, "--tlskey", certs.clientKey, "ps", "-q"], clientEnv());
    expect(unverified.code).toBe(0);
    // The client checks the daemon too: a CA that did not sign the server's certificate.
    const wrongCa = await runBunker("binary", [...tlsFlags(certs.clientCert, certs.clientKey, certs.otherCa), "ps"], clientEnv());
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stderr).toMatch(/certificate/i);
  });

  test("BUNKER_CERT_PATH and BUNKER_TLS_VERIFY stand for the flags, as DOCKER_CERT_PATH does for docker", async () => {
    const certDir = mkdtempSync("/tmp/bk-certpath-");
    try {
      writeFileSync(join(certDir, "ca.pem"), await Bun.file(certs.ca).text());
      writeFileSync(join(certDir, "cert.pem"), await Bun.file(certs.clientCert).text());
      writeFileSync(join(certDir, "key.pem"), await Bun.file(certs.clientKey).text());
      const r = await runBunker("binary", ["ps", "-q"], { ...clientEnv(), BUNKER_HOST: `tcp://127.0.0.1:${port}`, BUNKER_TLS_VERIFY: "1", BUNKER_CERT_PATH: certDir });
      expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^[0-9a-f]{12}\n$/), stderr: "" });
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  test("a context holding the endpoint and its TLS material", async () => {
    const created = await runBunker("binary", ["context", "create", "tls-box", "--description", "over TLS", "--docker", `host=tcp://127.0.0.1:${port},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`], clientEnv());
    expect(created).toEqual({ code: 0, stdout: "tls-box\n", stderr: 'Successfully created context "tls-box"\n' });
    const inspect = JSON.parse((await runBunker("binary", ["context", "inspect", "tls-box"], clientEnv())).stdout);
    expect(inspect[0].Endpoints.docker).toEqual({ Host: `tcp://127.0.0.1:${port}`, SkipTLSVerify: false });
    expect(inspect[0].TLSMaterial).toEqual({ docker: ["ca.pem", "cert.pem", "key.pem"] });
    const viaFlag = await runBunker("binary", ["--context", "tls-box", "ps", "--format", "{{.Names}}"], clientEnv());
    expect(viaFlag).toEqual({ code: 0, stdout: "web\n", stderr: "" });
    const viaEnv = await runBunker("binary", ["ps", "--format", "{{.Names}}"], { ...clientEnv(), BUNKER_CONTEXT: "tls-box" });
    expect(viaEnv.stdout).toBe("web\n");
    expect((await runBunker("binary", ["context", "rm", "tls-box"], clientEnv())).code).toBe(0);
  });

  test.skipIf(!dockerCliPath)("the docker CLI with --tlsverify: ps, run, exec -i; a foreign client certificate is refused", async () => {
    const flags = ["-H", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", certs.clientCert, "--tlskey", certs.clientKey];
    const ps = await docker([...flags, "ps", "--format", "{{.Names}} {{.Image}}"]);
    expect(ps).toEqual({ code: 0, stdout: "web busybox\n", stderr: "" });
    expect((await docker([...flags, "run", "--rm", "busybox", "echo", "docker over tls"])).stdout).toBe("docker over tls\n");
    const exec = await docker([...flags, "exec", "-i", "web", "cat"], "from docker\n");
    expect(exec).toEqual({ code: 0, stdout: "from docker\n", stderr: "" });
    const intruder = await docker(["-H", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", certs.otherCert, "--tlskey", certs.otherKey, "ps"]);
    expect(intruder.code).not.toBe(0);
    expect(intruder.stderr).toMatch(/certificate|tls/i);
  });
});

describe.skipIf(!!skipReason)("the daemon refuses TCP without TLS client verification", () => {
  test("-H tcp:// alone, daemon.json hosts without tlsverify, and tls without verify all stop the daemon with the reason", async () => {
    const d = tempBunkerDirs("bk-notls-");
    try {
      const p = await freePort();
      const flag = await runBunker("binary", ["daemon", "-H", `tcp://127.0.0.1:${p}`], d.env);
      expect(flag.code).toBe(1);
      expect(flag.stderr).toContain(`refusing to listen on tcp://127.0.0.1:${p} without TLS client verification`);
      writeFileSync(d.paths.configFile, JSON.stringify({ hosts: [`tcp://127.0.0.1:${p}`], tls: true }));
      const file = await runBunker("binary", ["daemon"], d.env);
      expect(file.code).toBe(1);
      expect(file.stderr).toContain("refusing to listen");
      const both = await runBunker("binary", ["daemon", "-H", `unix://${d.paths.socket}`], d.env);
      expect(both.code).toBe(1);
      expect(both.stderr).toContain("specified both as a flag and in the configuration file");
      expect(existsSync(d.paths.socket)).toBe(false);
    } finally {
      d.cleanup();
    }
  });

  test("daemon.json hosts with tlsverify, tlscacert, tlscert and tlskey: the daemon serves both the socket and TLS", async () => {
    const d = tempBunkerDirs("bk-tlsjson-");
    const pki = certs;
    const p = await freePort();
    writeFileSync(d.paths.configFile, JSON.stringify({ hosts: [`unix://${d.paths.socket}`, `tcp://127.0.0.1:${p}`], tlsverify: true, tlscacert: pki.ca, tlscert: pki.serverCert, tlskey: pki.serverKey }));
    const proc = Bun.spawn([compiledBinary, "daemon"], { env: { ...process.env, ...d.env }, stdout: "ignore", stderr: "ignore" });
    try {
      const tls = { verify: true, ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
      const client = new DockerClient(parseHost(`tcp://127.0.0.1:${p}`, tls));
      await waitFor(() => client.ping(500), 20_000, "the daemon from daemon.json");
      expect(await new DockerClient(parseHost(`unix://${d.paths.socket}`)).ping()).toBe(true);
      const plain = new DockerClient(parseHost(`tcp://127.0.0.1:${p}`));
      expect(await plain.ping()).toBe(false);
      // Another daemon asked to serve this one's socket refuses rather than steal it.
      const other = tempBunkerDirs("bk-steal-");
      try {
        const steal = await runBunker("binary", ["daemon", "-H", `unix://${d.paths.socket}`], other.env);
        expect(steal.code).toBe(1);
        expect(steal.stderr).toContain("another process is serving that socket");
        expect(await new DockerClient(parseHost(`unix://${d.paths.socket}`)).ping()).toBe(true);
      } finally {
        other.cleanup();
      }
    } finally {
      proc.kill("SIGTERM");
      await proc.exited;
      d.cleanup();
    }
  });
});
