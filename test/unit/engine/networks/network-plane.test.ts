import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { NetworkPlane } from "../../../../src/engine/networks/network-plane.ts";
import type { Endpoint, NetworkRecord } from "../../../../src/engine/index.ts";
import { macOf, parseIp } from "../../../../src/engine/networks/ipv4.ts";

const dir = mkdtempSync("/tmp/bk-plane-");
const servers: Server[] = [];
const peers: Socket[] = [];
afterAll(() => {
  for (const p of peers) p.destroy();
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A unix socket that stands in for a container monitor's frame socket. */
async function frameSocket(name: string): Promise<string> {
  const path = join(dir, name);
  const server = createServer((s) => peers.push(s));
  await new Promise<void>((r) => server.listen(path, r));
  servers.push(server);
  return path;
}

const net = (id: string, subnet: string): NetworkRecord => ({ id, name: id, created: "", driver: "bridge", builtin: false, internal: false, attachable: false, labels: {}, options: {}, ipam: { subnet, gateway: subnet.replace(/0\/\d+$/, "1") } });
const endpoint = (networkId: string, ip: string): Endpoint => ({ networkId, endpointId: `${networkId}-${ip}`, ipv4: ip, prefixLength: 24, gateway: "", mac: macOf(parseIp(ip)), aliases: [] });

describe("the network plane", () => {
  test("a network is up while endpoints are attached: made on first attach, closed after the last leaves", async () => {
    const plane = new NetworkPlane({ mtu: 65520, dns: ["192.0.2.53"], hostLoopback: false });
    const a = net("na", "10.201.0.0/24");
    const b = net("nb", "10.202.0.0/24");
    expect(plane.activeNetworks).toBe(0);
    await plane.attach("c1", a, endpoint("na", "10.201.0.2"), ["c1"], await frameSocket("s1"));
    await plane.attach("c2", a, endpoint("na", "10.201.0.3"), ["c2"], await frameSocket("s2"));
    await plane.attach("c2", b, endpoint("nb", "10.202.0.2"), ["c2"], await frameSocket("s3"));
    expect(plane.activeNetworks).toBe(2);
    plane.detachAll("c2");
    expect(plane.activeNetworks).toBe(1);
    plane.detach("c1", "na-10.201.0.2");
    expect(plane.activeNetworks).toBe(0);
    plane.close();
  });

  test("a refused attach leaves no network up and closes its link", async () => {
    const plane = new NetworkPlane({ mtu: 65520, dns: ["192.0.2.53"], hostLoopback: false });
    const bad = await plane.attach("c3", net("nc", "10.203.0.0/24"), endpoint("nc", "10.99.0.2"), [], await frameSocket("s4")).then(() => "attached", (err: Error) => err.message);
    expect(bad).toBe("address 10.99.0.2 is not in subnet 10.203.0.0/24");
    expect(plane.activeNetworks).toBe(0);
    plane.close();
  });
});
