import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { MetadataDb } from "../../../../src/store/index.ts";
import { NetworkService, type Member } from "../../../../src/engine/networks/network-service.ts";

const dir = mkdtempSync("/tmp/bk-netsvc-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const service = (config: ConstructorParameters<typeof NetworkService>[1], members: Member[] = []) => new NetworkService(new MetadataDb(join(dir, `db${n++}`, "bunker.db")), config, () => members);

describe("network service settings from daemon.json", () => {
  test("bip sets the default bridge's subnet and gateway; a changed bip is taken up on the next start", () => {
    const file = join(dir, "kept", "bunker.db");
    const first = new NetworkService(new MetadataDb(file), { bip: "10.66.0.1/24", defaultAddressPools: [] }, () => []);
    const id = first.find("bridge").id;
    expect(first.find("bridge").ipam).toEqual({ subnet: "10.66.0.0/24", gateway: "10.66.0.1" });
    const again = new NetworkService(new MetadataDb(file), { bip: "10.67.0.5/16", defaultAddressPools: [] }, () => []);
    expect(again.find("bridge")).toMatchObject({ id, ipam: { subnet: "10.67.0.0/16", gateway: "10.67.0.5" } });
    expect(again.all().map((x) => x.name).sort()).toEqual(["bridge", "host", "none"]);
  });

  test("default-address-pools: new networks are cut from them in order, skipping what is taken", () => {
    const s = service({ defaultAddressPools: [{ base: "10.10.0.0/16", size: 24 }] });
    s.create({ name: "manual", ipam: [{ subnet: "10.10.1.0/24" }] });
    const a = s.find(s.create({ name: "a" }).id);
    const b = s.find(s.create({ name: "b" }).id);
    expect([a.ipam, b.ipam]).toEqual([
      { subnet: "10.10.0.0/24", gateway: "10.10.0.1" },
      { subnet: "10.10.2.0/24", gateway: "10.10.2.1" },
    ]);
  });

  test("allocation: the gateway and every member's address are skipped; a full subnet is a conflict", () => {
    const members: Member[] = [];
    const s = service({ defaultAddressPools: [] }, members);
    const net = s.find(s.create({ name: "tiny", ipam: [{ subnet: "10.20.0.0/29", gateway: "10.20.0.2" }] }).id);
    const taken: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = s.allocate(net, {});
      taken.push(e.ipv4);
      members.push({ id: `c${i}`, name: `c${i}`, network: { request: { mode: "tiny", endpoints: {}, portBindings: {}, publishAll: false, exposedPorts: [] }, endpoints: { tiny: e }, published: [] } });
    }
    expect(taken).toEqual(["10.20.0.1", "10.20.0.3", "10.20.0.4", "10.20.0.5", "10.20.0.6"]);
    expect(() => s.allocate(net, {})).toThrow("no available IPv4 addresses");
    expect(() => s.allocate(s.find("bridge"), { ipv4Address: "172.17.0.9" })).toThrow("user specified IP address is supported on user defined networks only");
  });
});
