import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseListenAddress, planListeners } from "../../../src/daemon/listen-addresses.ts";

const dir = mkdtempSync("/tmp/bk-listen-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(dir, f), f);

describe("the daemon's listen addresses", () => {
  test("unix and tcp forms", () => {
    expect(parseListenAddress("unix:///run/b.sock")).toEqual({ kind: "unix", path: "/run/b.sock", url: "unix:///run/b.sock" });
    expect(parseListenAddress("tcp://0.0.0.0:2376")).toEqual({ kind: "tcp", host: "0.0.0.0", port: 2376, url: "tcp://0.0.0.0:2376" });
    expect(parseListenAddress("tcp://:2377")).toMatchObject({ host: "127.0.0.1" });
    expect(parseListenAddress("tcp://[::1]").url).toBe("tcp://[::1]:2376");
    expect(() => parseListenAddress("ssh://box")).toThrow(/want unix:\/\/\/path or tcp:\/\/ADDR:PORT/);
  });

  test("the local socket is always served unless a unix host is given", () => {
    const tls = { tlsverify: true, tlscacert: join(dir, "ca.pem"), tlscert: join(dir, "cert.pem"), tlskey: join(dir, "key.pem") };
    expect(planListeners({ hosts: [], tls: {} }, "/run/u.sock").addresses.map((a) => a.url)).toEqual(["unix:///run/u.sock"]);
    const plan = planListeners({ hosts: ["tcp://127.0.0.1:2376"], tls }, "/run/u.sock");
    expect(plan.addresses.map((a) => a.url)).toEqual(["unix:///run/u.sock", "tcp://127.0.0.1:2376"]);
    expect(plan.tls).toEqual({ ca: "ca.pem", cert: "cert.pem", key: "key.pem" });
    expect(planListeners({ hosts: ["unix:///a.sock"], tls: {} }, "/run/u.sock").addresses.map((a) => a.url)).toEqual(["unix:///a.sock"]);
  });

  test("TCP without TLS client verification is refused; missing files are named; defaults from DOCKER_CERT_PATH", () => {
    expect(() => planListeners({ hosts: ["tcp://0.0.0.0:2375"], tls: {} }, "/s")).toThrow(/refusing to listen on tcp:\/\/0\.0\.0\.0:2375 without TLS client verification/);
    expect(() => planListeners({ hosts: ["tcp://0.0.0.0:2375"], tls: { tls: true } }, "/s")).toThrow(/refusing to listen/);
    expect(() => planListeners({ hosts: ["tcp://:2376"], tls: { tlsverify: true, tlscacert: join(dir, "nope.pem") } }, "/s", { DOCKER_CERT_PATH: dir })).toThrow(/could not read the CA certificate \(--tlscacert\) .*nope\.pem/);
    expect(planListeners({ hosts: ["tcp://:2376"], tls: { tlsverify: true } }, "/s", { DOCKER_CERT_PATH: dir }).tls).toEqual({ ca: "ca.pem", cert: "cert.pem", key: "key.pem" });
  });
});
