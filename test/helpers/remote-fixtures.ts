import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bunkerArgv, type Result } from "./bunker-command.ts";
import { makeBusyboxRootfs } from "./busybox-rootfs.ts";

export const opensslPath = Bun.which("openssl") ?? Bun.which("openssl", { PATH: "/usr/bin:/bin" });

function openssl(dir: string, args: string[]): void {
  const r = Bun.spawnSync([opensslPath!, ...args], { cwd: dir, stderr: "pipe", stdout: "pipe" });
  if (r.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr}`);
}

/** Issue a certificate for `name` signed by the CA `ca` (files ca.pem, ca-key.pem in `dir`). */
function issue(dir: string, ca: string, name: string, subject: string, ext: string): void {
  openssl(dir, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}-key.pem`, "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`]);
}

/**
 * A test PKI made with openssl: a CA, a server certificate for 127.0.0.1 (IP SAN), a client
 * certificate, and a client certificate of another CA (which the daemon must refuse).
 */
export function makeTestCerts(): Record<"dir" | "ca" | "serverCert" | "serverKey" | "clientCert" | "clientKey" | "otherCa" | "otherCert" | "otherKey", string> {
  const dir = mkdtempSync("/tmp/bk-pki-");
  for (const ca of ["ca", "other-ca"]) {
    openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${ca}`, "-keyout", `${ca}-key.pem`, "-out", `${ca}.pem`]);
  }
  issue(dir, "ca", "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  issue(dir, "ca", "client", "/CN=client", "extendedKeyUsage=clientAuth\n");
  issue(dir, "other-ca", "intruder", "/CN=intruder", "extendedKeyUsage=clientAuth\n");
  const f = (name: string) => join(dir, name);
  return {
    dir,
    ca: f("ca.pem"),
    serverCert: f("server.pem"),
    serverKey: f("server-key.pem"),
    clientCert: f("client.pem"),
    clientKey: f("client-key.pem"),
    otherCa: f("other-ca.pem"),
    otherCert: f("intruder.pem"),
    otherKey: f("intruder-key.pem"),
  };
}

export { freePort } from "./free-port.ts";

/** A tar of a busybox root filesystem, for `bunker import FILE busybox` (no registry needed). */
export function busyboxTar(): { file: string; cleanup: () => void } {
  const rootfs = makeBusyboxRootfs("bk-bbtar-");
  const file = join(rootfs.dir, "..", "busybox.tar");
  const r = Bun.spawnSync(["tar", "-C", rootfs.dir, "-cf", file, "."]);
  if (r.exitCode !== 0) throw new Error(`tar failed: ${r.stderr}`);
  return { file, cleanup: rootfs.cleanup };
}

/** Run the compiled bunker with `input` on its stdin. */
export async function runBunkerWithInput(args: string[], input: string, env: Record<string, string>, timeoutMs = 30_000): Promise<Result> {
  const proc = Bun.spawn([...bunkerArgv("binary"), ...args], { env: { ...process.env, ...env }, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  proc.stdin.write(input);
  proc.stdin.end();
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}
