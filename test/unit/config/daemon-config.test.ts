import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDaemonConfig, parseDaemonConfig } from "../../../src/config/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

describe("daemon.json", () => {
  test("an empty file means the defaults", () => {
    expect(parseDaemonConfig("{}")).toEqual({
      hosts: [],
      tls: {},
      dataRoot: undefined,
      logLevel: "info",
      registryMirrors: [],
      insecureRegistries: [],
      storageDriver: undefined,
      unenforcedLimits: "refuse",
      network: { bip: undefined, mtu: 65520, dns: [], hostGatewayIp: undefined, hostLoopback: true, dnsSearch: [], dnsOptions: [], defaultAddressPools: [] },
    });
  });

  test("hosts and TLS with Docker's keys; a host that is neither unix nor tcp is refused", () => {
    const c = parseDaemonConfig(JSON.stringify({ hosts: ["unix:///tmp/x.sock", "tcp://127.0.0.1:2376"], tlsverify: true, tlscacert: "/c/ca.pem", tlscert: "/c/cert.pem", tlskey: "/c/key.pem" }));
    expect(c.hosts).toEqual(["unix:///tmp/x.sock", "tcp://127.0.0.1:2376"]);
    expect(c.tls).toEqual({ tls: undefined, tlsverify: true, tlscacert: "/c/ca.pem", tlscert: "/c/cert.pem", tlskey: "/c/key.pem" });
    expect(() => parseDaemonConfig(JSON.stringify({ hosts: ["ssh://box"] }))).toThrow(/"hosts.0": must be unix:\/\/\/path or tcp:\/\/ADDR:PORT/);
    expect(() => parseDaemonConfig(JSON.stringify({ tlscert: "cert.pem" }))).toThrow(/"tlscert": must be an absolute path/);
  });

  test("Docker's keys are read into camelCase settings", () => {
    const c = parseDaemonConfig(
      JSON.stringify({
        "data-root": "/srv/bunker",
        "log-level": "warn",
        "registry-mirrors": ["http://127.0.0.1:5000"],
        "insecure-registries": ["127.0.0.1:5000"],
        "storage-driver": "overlay2",
        bip: "10.99.0.1/16",
        mtu: 1500,
        dns: ["1.1.1.1"],
        "dns-search": ["example.com"],
        "dns-opts": ["ndots:2"],
        "default-address-pools": [{ base: "10.100.0.0/16", size: 24 }],
        "host-gateway-ip": "192.0.2.1",
        "host-loopback": false,
      }),
    );
    expect(c.dataRoot).toBe("/srv/bunker");
    expect(c.logLevel).toBe("warn");
    expect(c.registryMirrors).toEqual(["http://127.0.0.1:5000"]);
    expect(c.insecureRegistries).toEqual(["127.0.0.1:5000"]);
    expect(c.storageDriver).toBe("overlay");
    expect(c.network).toEqual({ bip: "10.99.0.1/16", mtu: 1500, dns: ["1.1.1.1"], hostGatewayIp: "192.0.2.1", hostLoopback: false, dnsSearch: ["example.com"], dnsOptions: ["ndots:2"], defaultAddressPools: [{ base: "10.100.0.0/16", size: 24 }] });
    expect(parseDaemonConfig('{"debug": true}').logLevel).toBe("debug");
  });

  test("errors name the file and the key", () => {
    const cases: [string, RegExp][] = [
      ['{"log-level": "loud"}', /^invalid configuration file \/etc\/x\.json: "log-level": Invalid type/],
      ['{"unknown-thing": 1}', /"unknown-thing": unknown key/],
      ['{"data-root": "relative/path"}', /"data-root": must be an absolute path/],
      ['{"mtu": 70000}', /"mtu": Invalid value/],
      ['{"default-address-pools": [{"base": "10.0.0.0/8", "size": "24"}]}', /"default-address-pools\.0\.size"/],
      ['{"registry-mirrors": ["ftp://x"]}', /"registry-mirrors\.0": must be an http/],
      ["{broken", /not valid JSON/],
      ["[]", /invalid configuration file/],
    ];
    for (const [text, pattern] of cases) {
      let err: unknown;
      try {
        parseDaemonConfig(text, "/etc/x.json");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgument);
      expect((err as Error).message).toMatch(pattern);
    }
  });

  test("a missing file is the defaults; an unreadable path is an error", () => {
    const dir = mkdtempSync("/tmp/bk-cfg-");
    try {
      expect(loadDaemonConfig(join(dir, "none.json")).logLevel).toBe("info");
      writeFileSync(join(dir, "d.json"), '{"log-level": "error"}');
      expect(loadDaemonConfig(join(dir, "d.json")).logLevel).toBe("error");
      expect(() => loadDaemonConfig(dir)).toThrow(/cannot read configuration file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
