import { describe, expect, test } from "bun:test";
import { InvalidArgument } from "../../../src/lib/index.ts";
import { checkContainerSpec, encodeContainerSpec, encodeNetInterface, SpecTag, type ContainerSpecRecord, type NetInterfaceRecord } from "../../../src/sys/index.ts";

const eth0: NetInterfaceRecord = { name: "eth0", mac: "02:42:ac:11:00:02", ipv4: "10.0.2.15", prefixLength: 24, gateway: "10.0.2.2", mtu: 65520, socketPath: "/run/b/s/abc.n0.sock" };
const base: ContainerSpecRecord = { rootfs: "/r", args: ["sh"], newNetns: true };

/** The message checkContainerSpec throws (or "" when it accepts). */
function refusal(spec: ContainerSpecRecord): string {
  try {
    checkContainerSpec(encodeContainerSpec(spec));
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgument);
    return (err as Error).message;
  }
}

describe("network interface records (BUNKER_T_NET_IFACE, BUNKER_T_NETNS_PID)", () => {
  test("laid out as runtime.h says: mtu LE, mac, prefix, has_gateway, ipv4, gateway, name, socket", () => {
    const b = encodeNetInterface(eth0);
    expect(b.readUInt32LE(0)).toBe(65520);
    expect([...b.subarray(4, 10)]).toEqual([0x02, 0x42, 0xac, 0x11, 0x00, 0x02]);
    expect(b[10]).toBe(24);
    expect(b[11]).toBe(1);
    expect([...b.subarray(12, 16)]).toEqual([10, 0, 2, 15]);
    expect([...b.subarray(16, 20)]).toEqual([10, 0, 2, 2]);
    expect(b.subarray(20).toString()).toBe("eth0\0/run/b/s/abc.n0.sock\0");
    const none = encodeNetInterface({ ...eth0, gateway: undefined });
    expect(none[11]).toBe(0);
    expect([...none.subarray(16, 20)]).toEqual([0, 0, 0, 0]);
  });

  test("the spec carries them in order, after the other records", () => {
    const buf = encodeContainerSpec({ ...base, netInterfaces: [eth0, { ...eth0, name: "eth1", socketPath: "/s.n1" }] });
    const tags: number[] = [];
    for (let off = 0; off < buf.length; off += 8 + buf.readUInt32LE(off + 4)) tags.push(buf.readUInt16LE(off));
    expect(tags.filter((t) => t === SpecTag.netIface).length).toBe(2);
    expect(buf.includes(Buffer.from("eth0\0"))).toBe(true);
    expect(buf.indexOf("eth1\0")).toBeGreaterThan(buf.indexOf("eth0\0"));
    expect(refusal({ ...base, netInterfaces: [eth0] })).toBe("");
    expect(refusal({ rootfs: "/r", args: ["sh"], netnsPid: 42 })).toBe("");
  });

  test("bad addresses are refused before the helper sees them", () => {
    expect(() => encodeNetInterface({ ...eth0, ipv4: "10.0.2" })).toThrow(/not an IPv4 address/);
    expect(() => encodeNetInterface({ ...eth0, gateway: "10.0.2.256" })).toThrow(/not an IPv4 address/);
    expect(() => encodeNetInterface({ ...eth0, mac: "02:42:ac:11:00" })).toThrow(/not a MAC address/);
    expect(() => encodeNetInterface({ ...eth0, prefixLength: 33 })).toThrow(/prefixLength/);
  });

  test("the helper refuses what a TAP cannot be", () => {
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, name: "" }] })).toMatch(/interface name must have 1 to 15 bytes/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, name: "a-very-long-name0" }] })).toMatch(/1 to 15 bytes/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, name: "eth/0" }] })).toMatch(/without '\/'/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, mtu: 67 }] })).toMatch(/mtu must be from 68 to 65535/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, mtu: 65536 }] })).toMatch(/mtu must be from 68 to 65535/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, mac: "03:00:00:00:00:01" }] })).toMatch(/unicast/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, socketPath: "rel.sock" }] })).toMatch(/socket path must be absolute/);
    expect(refusal({ ...base, netInterfaces: [{ ...eth0, socketPath: `/${"x".repeat(107)}` }] })).toMatch(/at most 107 bytes/);
    expect(refusal({ ...base, netInterfaces: Array.from({ length: 9 }, (_, i) => ({ ...eth0, name: `eth${i}` })) })).toMatch(/too many network interfaces/);
  });

  test("interfaces need a new network namespace; joining one excludes making one", () => {
    expect(refusal({ rootfs: "/r", args: ["sh"], netInterfaces: [eth0] })).toMatch(/need a new network namespace/);
    expect(refusal({ ...base, netnsPid: 42 })).toMatch(/exclude each other/);
    expect(refusal({ rootfs: "/r", args: ["sh"], netnsPid: 0 })).toMatch(/netns pid.*not a pid/);
  });
});
