import { describe, expect, test } from "bun:test";
import { parseExpose, parsePublish } from "../../../src/cli/port-specs.ts";
import { displayPorts as portsColumn } from "../../../src/cli/format/index.ts";

describe("-p and --expose as docker's CLI reads them", () => {
  test("ip:host:container/proto, host:container, container alone", () => {
    expect(parsePublish(["127.0.0.1:18080:80", "8053:53/udp", "9000"])).toEqual({
      exposed: { "80/tcp": {}, "53/udp": {}, "9000/tcp": {} },
      bindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }], "53/udp": [{ HostIp: "", HostPort: "8053" }], "9000/tcp": [{ HostIp: "", HostPort: "" }] },
    });
  });
  test("ranges pair up; a host range for one port stays a range; an IP with an empty host port", () => {
    expect(parsePublish(["8000-8001:80-81"]).bindings).toEqual({ "80/tcp": [{ HostIp: "", HostPort: "8000" }], "81/tcp": [{ HostIp: "", HostPort: "8001" }] });
    expect(parsePublish(["7000-7010:80"]).bindings).toEqual({ "80/tcp": [{ HostIp: "", HostPort: "7000-7010" }] });
    expect(parsePublish(["127.0.0.1::80"]).bindings).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] });
    expect(parsePublish(["[::1]:8080:80"]).bindings).toEqual({ "80/tcp": [{ HostIp: "::1", HostPort: "8080" }] });
  });
  test("bad specs are usage errors", () => {
    expect(() => parsePublish(["80:http"])).toThrow("invalid containerPort");
    expect(() => parsePublish(["1-3:80-81"])).toThrow("invalid ranges");
    expect(() => parsePublish(["80/icmp"])).toThrow("invalid proto");
    expect(() => parsePublish(["70000"])).toThrow("invalid containerPort");
    expect(() => parsePublish(["a.b:1:2"])).toThrow("invalid IP address");
  });
  test("--expose takes ports and ranges", () => {
    expect(parseExpose(["80", "7000-7001/udp"])).toEqual({ "80/tcp": {}, "7000/udp": {}, "7001/udp": {} });
  });
  test("the PORTS column of ps", () => {
    expect(portsColumn([{ IP: "127.0.0.1", PrivatePort: 80, PublicPort: 8080, Type: "tcp" }, { PrivatePort: 53, Type: "udp" }])).toBe("53/udp, 127.0.0.1:8080->80/tcp");
    expect(portsColumn([])).toBe("");
  });
});
