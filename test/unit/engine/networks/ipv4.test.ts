import { describe, expect, test } from "bun:test";
import { formatIp, formatSubnet, inSubnet, macOf, nextFreeAddress, overlaps, parseIp, parseSubnet, tryParseIp } from "../../../../src/engine/networks/ipv4.ts";
import { pickSubnet, dockerDefaultPools } from "../../../../src/engine/networks/address-pools.ts";
import { portWishes, parsePortKey, checkPorts } from "../../../../src/engine/networks/port-bindings.ts";

describe("IPv4 helpers", () => {
  test("addresses and subnets round-trip; host bits are cleared", () => {
    expect(formatIp(parseIp("172.18.0.255"))).toBe("172.18.0.255");
    expect(tryParseIp("1.2.3.256")).toBeUndefined();
    expect(tryParseIp("1.2.3")).toBeUndefined();
    expect(formatSubnet(parseSubnet("10.1.2.3/16"))).toBe("10.1.0.0/16");
    expect(() => parseSubnet("10.0.0.0/33")).toThrow("invalid CIDR address: 10.0.0.0/33");
    expect(() => parseSubnet("10.0.0.0")).toThrow("invalid CIDR address");
  });
  test("membership and overlap", () => {
    const s = parseSubnet("192.168.16.0/20");
    expect(inSubnet(s, parseIp("192.168.31.255"))).toBe(true);
    expect(inSubnet(s, parseIp("192.168.32.0"))).toBe(false);
    expect(overlaps(s, parseSubnet("192.168.0.0/16"))).toBe(true);
    expect(overlaps(s, parseSubnet("192.168.32.0/20"))).toBe(false);
  });
  test("Docker's MAC from the address", () => {
    expect(macOf(parseIp("172.17.0.2"))).toBe("02:42:ac:11:00:02");
  });
  test("the next free address skips the network address, used ones and the broadcast", () => {
    const s = parseSubnet("10.0.0.0/30");
    expect(formatIp(nextFreeAddress(s, new Set([parseIp("10.0.0.1")]))!)).toBe("10.0.0.2");
    expect(nextFreeAddress(s, new Set([parseIp("10.0.0.1"), parseIp("10.0.0.2")]))).toBeUndefined();
  });
});

describe("address pools", () => {
  test("the first piece of the pools that overlaps nothing", () => {
    const taken = [parseSubnet("172.17.0.0/16"), parseSubnet("172.18.0.0/16")];
    expect(formatSubnet(pickSubnet(dockerDefaultPools, taken))).toBe("172.19.0.0/16");
    expect(formatSubnet(pickSubnet([{ base: "10.10.0.0/16", size: 24 }], [parseSubnet("10.10.0.0/23")]))).toBe("10.10.2.0/24");
    expect(() => pickSubnet([{ base: "10.10.0.0/24", size: 24 }], [parseSubnet("10.0.0.0/8")])).toThrow("could not find an available, non-overlapping IPv4 address pool");
  });
});

describe("port bindings", () => {
  test("keys, wishes with -P for exposed ports, bad input", () => {
    expect(parsePortKey("53/udp")).toEqual({ port: 53, proto: "udp" });
    expect(parsePortKey("80")).toEqual({ port: 80, proto: "tcp" });
    const wishes = portWishes({ portBindings: { "80/tcp": [{ hostIp: "127.0.0.1", hostPort: "8000-8002" }] }, exposedPorts: ["80/tcp", "53/udp"], publishAll: true });
    expect(wishes).toEqual([
      { containerPort: 80, proto: "tcp", hostIp: "127.0.0.1", hostPorts: [8000, 8001, 8002] },
      { containerPort: 53, proto: "udp", hostIp: "0.0.0.0", hostPorts: [] },
    ]);
    expect(portWishes({ portBindings: {}, exposedPorts: ["53/udp"], publishAll: false })).toEqual([]);
    expect(() => checkPorts({ portBindings: { "80/tcp": [{ hostIp: "", hostPort: "9-1" }] }, exposedPorts: [] })).toThrow("invalid hostPort: 9-1");
    expect(() => checkPorts({ portBindings: {}, exposedPorts: ["0/tcp"] })).toThrow("invalid port specification");
  });
});
