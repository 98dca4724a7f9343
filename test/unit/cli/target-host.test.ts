import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContextStore } from "../../../src/config/index.ts";
import { resolveTarget, tlsFromFlags } from "../../../src/cli/target-host.ts";

const dir = mkdtempSync("/tmp/bk-target-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new ContextStore(join(dir, "cfg"));
store.create({ name: "box", host: "ssh://me@box", skipTlsVerify: false });
store.create({ name: "tl", host: "tcp://10.0.0.2:2376", skipTlsVerify: false }, { "ca.pem": "CA", "cert.pem": "CERT", "key.pem": "KEY" });
const env = { XDG_RUNTIME_DIR: "/run/user/1000", BUNKER_EXEC_ROOT: "" };

describe("which daemon the CLI talks to", () => {
  test("Docker's precedence: -H > --context > BUNKER_HOST > BUNKER_CONTEXT > current context > the local socket", () => {
    const all = { ...env, BUNKER_HOST: "unix:///env.sock", BUNKER_CONTEXT: "tl" };
    store.setCurrent("box");
    expect(resolveTarget({ host: "unix:///flag.sock" }, all, store)).toMatchObject({ host: { url: "unix:///flag.sock" }, source: "flag", context: "default" });
    expect(resolveTarget({ context: "tl" }, all, store)).toMatchObject({ host: { url: "tcp://10.0.0.2:2376" }, source: "context", context: "tl" });
    expect(resolveTarget({}, all, store)).toMatchObject({ host: { url: "unix:///env.sock" }, source: "env", context: "default" });
    expect(resolveTarget({}, { ...all, BUNKER_HOST: "" }, store)).toMatchObject({ context: "tl", source: "context" });
    expect(resolveTarget({}, env, store)).toMatchObject({ host: { kind: "ssh", url: "ssh://me@box" }, context: "box" });
    store.setCurrent(undefined);
    const local = resolveTarget({}, env, store);
    expect(local.source).toBe("default");
    expect(local.context).toBe("default");
    expect(local.host.kind).toBe("unix");
    expect(resolveTarget({ context: "default" }, { ...env, BUNKER_HOST: "tcp://h:1" }, store).host.url).toBe("tcp://h:1");
  });

  test("-H with --context, and a context that does not exist, are errors", () => {
    expect(() => resolveTarget({ host: "unix:///x.sock", context: "box" }, env, store)).toThrow("conflicting options: cannot specify both --host and --context");
    expect(() => resolveTarget({ context: "nope" }, env, store)).toThrow('context "nope": context not found');
  });

  test("a context with TLS material connects with TLS and verification, files from the store", () => {
    const t = resolveTarget({ context: "tl" }, env, store).host;
    expect(t.kind === "tcp" && t.tls).toEqual({ verify: true, ca: join(store.dir, "contexts/tls", new Bun.CryptoHasher("sha256").update("tl").digest("hex"), "docker/ca.pem"), cert: expect.stringMatching(/cert\.pem$/), key: expect.stringMatching(/key\.pem$/) });
  });

  test("TLS flags as Docker's: --tlsverify implies --tls; defaults in BUNKER_CERT_PATH, missing client files left out", () => {
    expect(tlsFromFlags({}, {})).toBeUndefined();
    const certs = join(dir, "certs");
    mkdirSync(certs);
    writeFileSync(join(certs, "cert.pem"), "x");
    expect(tlsFromFlags({ tlsverify: true }, { BUNKER_CERT_PATH: certs })).toEqual({ verify: true, ca: join(certs, "ca.pem"), cert: join(certs, "cert.pem"), key: undefined });
    expect(tlsFromFlags({}, { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs })?.verify).toBe(true);
    expect(tlsFromFlags({ tls: true, tlskey: "/k.pem" }, { BUNKER_CERT_PATH: certs })).toMatchObject({ verify: false, key: "/k.pem" });
    expect(tlsFromFlags({ tlsverify: false }, { BUNKER_TLS_VERIFY: "1" })).toBeUndefined();
  });
});
