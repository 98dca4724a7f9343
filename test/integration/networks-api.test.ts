import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, stopApiDaemon } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs> | undefined;

/** A raw request: status and parsed body (errors included). */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://x/v1.44${path}`, { method, unix: ctx.dirs.paths.socket, body: body === undefined ? undefined : JSON.stringify(body), headers: { "Content-Type": "application/json" } } as RequestInit);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

interface NetworkJson {
  Name: string;
  Id: string;
  Driver: string;
  Internal: boolean;
  IPAM: { Config: { Subnet: string; Gateway: string }[] };
  Containers: Record<string, { Name: string; IPv4Address: string; MacAddress: string; EndpointID: string }>;
  Labels: Record<string, string>;
}

describe("networks through the API", () => {
  beforeAll(async () => {
    ctx = await apiDaemon("bk-net-");
    client = ctx.client;
    if (busyboxPath) rootfs = makeBusyboxRootfs();
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs?.cleanup();
  });

  test("bridge, host and none exist from the start, in Docker's shape", async () => {
    const list = await client.json<NetworkJson[]>("GET", "/networks");
    expect(list.map((n) => [n.Name, n.Driver]).sort()).toEqual([["bridge", "bridge"], ["host", "host"], ["none", "null"]]);
    const bridge = await client.json<NetworkJson>("GET", "/networks/bridge");
    expect(bridge.IPAM.Config).toEqual([{ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }]);
    expect(bridge.Id).toMatch(/^[0-9a-f]{64}$/);
    expect((await client.json<NetworkJson>("GET", `/networks/${bridge.Id.slice(0, 12)}`)).Name).toBe("bridge");
    expect(await call("DELETE", "/networks/bridge")).toMatchObject({ status: 403, json: { message: "bridge is a pre-defined network and cannot be removed" } });
  });

  test("create: 201 {Id, Warning}, subnets from the default pools in order, then inspect and rm", async () => {
    const a = await call("POST", "/networks/create", { Name: "na", Labels: { team: "x" } });
    expect(a.status).toBe(201);
    expect(a.json).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{64}$/), Warning: "" });
    const b = await client.json<{ Id: string }>("POST", "/networks/create", { body: { Name: "nb", Internal: true } });
    const na = await client.json<NetworkJson>("GET", "/networks/na");
    const nb = await client.json<NetworkJson>("GET", `/networks/${b.Id}`);
    expect(na.IPAM.Config).toEqual([{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }]);
    expect(nb.IPAM.Config).toEqual([{ Subnet: "172.19.0.0/16", Gateway: "172.19.0.1" }]);
    expect(na.Labels).toEqual({ team: "x" });
    expect(nb.Internal).toBe(true);
    await client.request("DELETE", "/networks/na");
    await client.request("DELETE", "/networks/nb");
    expect(await call("GET", "/networks/na")).toMatchObject({ status: 404, json: { message: "network na not found" } });
  });

  test("bad input: duplicate names, overlapping or invalid subnets, foreign gateways, other drivers", async () => {
    await client.request("POST", "/networks/create", { body: { Name: "dup", IPAM: { Config: [{ Subnet: "10.77.0.0/24", Gateway: "10.77.0.254" }] } } });
    expect((await client.json<NetworkJson>("GET", "/networks/dup")).IPAM.Config).toEqual([{ Subnet: "10.77.0.0/24", Gateway: "10.77.0.254" }]);
    expect(await call("POST", "/networks/create", { Name: "dup" })).toMatchObject({ status: 409, json: { message: "network with name dup already exists" } });
    const overlap = await call("POST", "/networks/create", { Name: "other", IPAM: { Config: [{ Subnet: "10.77.0.128/25" }] } });
    expect(overlap).toMatchObject({ status: 409, json: { message: "invalid pool request: Pool overlaps with other one on this address space" } });
    expect((await call("POST", "/networks/create", { Name: "o2", IPAM: { Config: [{ Subnet: "172.17.5.0/24" }] } })).json.message).toContain("Pool overlaps");
    expect(await call("POST", "/networks/create", { Name: "bad", IPAM: { Config: [{ Subnet: "10.1.2.300/24" }] } })).toMatchObject({ status: 400, json: { message: "invalid CIDR address: 10.1.2.300/24" } });
    expect((await call("POST", "/networks/create", { Name: "gw", IPAM: { Config: [{ Subnet: "10.78.0.0/24", Gateway: "10.79.0.1" }] } })).status).toBe(400);
    expect((await call("POST", "/networks/create", { Name: "ov", Driver: "overlay" })).status).toBe(501);
    expect((await call("POST", "/networks/create", {})).status).toBe(400);
    expect(await call("DELETE", "/networks/nope")).toMatchObject({ status: 404, json: { message: "network nope not found" } });
    await client.request("DELETE", "/networks/dup");
  });

  test("ls filters: name, label, driver, type, dangling; prune removes unused custom networks", async () => {
    await client.request("POST", "/networks/create", { body: { Name: "f-one", Labels: { env: "dev" } } });
    await client.request("POST", "/networks/create", { body: { Name: "f-two", Labels: { env: "prod" } } });
    const names = async (filters: Record<string, string[]>) => (await client.json<NetworkJson[]>("GET", "/networks", { query: { filters: JSON.stringify(filters) } })).map((n) => n.Name).sort();
    expect(await names({ name: ["f-"] })).toEqual(["f-one", "f-two"]);
    expect(await names({ name: ["^f-one$"] })).toEqual(["f-one"]);
    expect(await names({ label: ["env=prod"] })).toEqual(["f-two"]);
    expect(await names({ label: ["env"] })).toEqual(["f-one", "f-two"]);
    expect(await names({ type: ["builtin"] })).toEqual(["bridge", "host", "none"]);
    expect(await names({ driver: ["null"] })).toEqual(["none"]);
    expect(await names({ dangling: ["true"] })).toEqual(["f-one", "f-two"]);
    expect((await call("GET", `/networks?filters=${encodeURIComponent('{"bogus":["x"]}')}`)).status).toBe(400);
    const pruned = await client.json<{ NetworksDeleted: string[] }>("POST", "/networks/prune", { query: { filters: JSON.stringify({ label: ["env=dev"] }) } });
    expect(pruned.NetworksDeleted).toEqual(["f-one"]);
    expect((await client.json<{ NetworksDeleted: string[] }>("POST", "/networks/prune")).NetworksDeleted).toEqual(["f-two"]);
    expect(await names({})).toEqual(["bridge", "host", "none"]);
  });

  describe.skipIf(!busyboxPath)("containers on networks", () => {
    const create = async (body: Record<string, unknown>, name?: string) => (await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body: { Rootfs: rootfs!.dir, Cmd: ["true"], ...body } })).Id;

    test("--ip-range and --aux-address: automatic addresses come from the range, never an auxiliary one; an explicit one may be anywhere in the subnet", async () => {
      const aux = { router: "10.89.0.128" };
      const made = await call("POST", "/networks/create", { Name: "ranged", IPAM: { Config: [{ Subnet: "10.89.0.0/24", IPRange: "10.89.0.128/25", Gateway: "10.89.0.1", AuxiliaryAddresses: aux }] } });
      expect(made.status).toBe(201);
      expect((await client.json<any>("GET", "/networks/ranged")).IPAM.Config).toEqual([{ Subnet: "10.89.0.0/24", IPRange: "10.89.0.128/25", Gateway: "10.89.0.1", AuxiliaryAddresses: aux }]);
      const a = await create({ HostConfig: { NetworkMode: "ranged" } });
      const b = await create({ HostConfig: { NetworkMode: "ranged" }, NetworkingConfig: { EndpointsConfig: { ranged: { IPAMConfig: { IPv4Address: "10.89.0.7" } } } } });
      // The auxiliary address .128 is kept back: the first one given out is .129.
      expect((await client.json<any>("GET", `/containers/${a}/json`)).NetworkSettings.Networks.ranged.IPAddress).toBe("10.89.0.129");
      expect((await client.json<any>("GET", `/containers/${b}/json`)).NetworkSettings.Networks.ranged.IPAddress).toBe("10.89.0.7");
      expect(await call("POST", "/networks/create", { Name: "badrange", IPAM: { Config: [{ Subnet: "10.90.0.0/24", IPRange: "10.91.0.0/25" }] } })).toMatchObject({ status: 400, json: { message: "invalid pool request: ip-range 10.91.0.0/25 is not in subnet 10.90.0.0/24" } });
      for (const id of [a, b]) await client.request("DELETE", `/containers/${id}`);
      await client.request("DELETE", "/networks/ranged");
    });

    test("an endpoint's own MAC address (top-level MacAddress or EndpointsConfig), link-local IPs and driver options are kept and shown back", async () => {
      const a = await create({ MacAddress: "02:42:AC:11:00:0A" });
      const info = await client.json<any>("GET", `/containers/${a}/json`);
      expect(info.NetworkSettings.MacAddress).toBe("02:42:ac:11:00:0a");
      expect(info.NetworkSettings.Networks.bridge.MacAddress).toBe("02:42:ac:11:00:0a");
      const b = await create({ HostConfig: { NetworkMode: "bridge" }, NetworkingConfig: { EndpointsConfig: { bridge: { MacAddress: "92:d0:c6:0a:29:33", IPAMConfig: { LinkLocalIPs: ["169.254.8.8"] }, DriverOpts: { "com.example.setting": "on" } } } } });
      const ep = (await client.json<any>("GET", `/containers/${b}/json`)).NetworkSettings.Networks.bridge;
      expect(ep).toMatchObject({ MacAddress: "92:d0:c6:0a:29:33", IPAMConfig: { LinkLocalIPs: ["169.254.8.8"] }, DriverOpts: { "com.example.setting": "on" } });
      expect(await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], MacAddress: "not-a-mac" })).toMatchObject({ status: 400, json: { message: "invalid MAC address: not-a-mac" } });
      for (const id of [a, b]) await client.request("DELETE", `/containers/${id}`);
    });

    test("addresses come from the network in order, kept in inspect with Docker's MAC, freed by rm", async () => {
      await client.request("POST", "/networks/create", { body: { Name: "ipam", IPAM: { Config: [{ Subnet: "10.88.0.0/24" }] } } });
      const a = await create({ HostConfig: { NetworkMode: "ipam" }, NetworkingConfig: { EndpointsConfig: { ipam: { Aliases: ["db"] } } } }, "ipam-a");
      const b = await create({ HostConfig: { NetworkMode: "ipam" } }, "ipam-b");
      const info = await client.json<any>("GET", `/containers/${a}/json`);
      const ep = info.NetworkSettings.Networks.ipam;
      expect(ep).toMatchObject({ IPAddress: "10.88.0.2", IPPrefixLen: 24, Gateway: "10.88.0.1", MacAddress: "02:42:0a:58:00:02", Aliases: ["db"] });
      expect(ep.NetworkID).toMatch(/^[0-9a-f]{64}$/);
      expect(ep.DNSNames).toEqual(["ipam-a", "db", a.slice(0, 12)]);
      expect(info.NetworkSettings.IPAddress).toBe(""); // the top-level fields belong to the default bridge
      expect(info.HostConfig.NetworkMode).toBe("ipam");
      expect((await client.json<any>("GET", `/containers/${b}/json`)).NetworkSettings.Networks.ipam.IPAddress).toBe("10.88.0.3");
      const net = await client.json<NetworkJson>("GET", "/networks/ipam");
      expect(net.Containers[a]).toMatchObject({ Name: "ipam-a", IPv4Address: "10.88.0.2/24", MacAddress: "02:42:0a:58:00:02" });
      expect(Object.keys(net.Containers).sort()).toEqual([a, b].sort());
      expect(await call("DELETE", "/networks/ipam")).toMatchObject({ status: 409, json: { message: expect.stringContaining("error while removing network: network ipam id") } });
      await client.request("DELETE", `/containers/${a}`);
      const c = await create({ HostConfig: { NetworkMode: "ipam" }, NetworkingConfig: { EndpointsConfig: { ipam: { IPAMConfig: { IPv4Address: "10.88.0.50" } } } } });
      expect((await client.json<any>("GET", `/containers/${c}/json`)).NetworkSettings.Networks.ipam).toMatchObject({ IPAddress: "10.88.0.50", IPAMConfig: { IPv4Address: "10.88.0.50" } });
      const taken = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], HostConfig: { NetworkMode: "ipam" }, NetworkingConfig: { EndpointsConfig: { ipam: { IPAMConfig: { IPv4Address: "10.88.0.3" } } } } });
      expect(taken.status).toBe(409);
      const d = await create({ HostConfig: { NetworkMode: "ipam" } });
      expect((await client.json<any>("GET", `/containers/${d}/json`)).NetworkSettings.Networks.ipam.IPAddress).toBe("10.88.0.2"); // a's address came back
      for (const id of [b, c, d]) await client.request("DELETE", `/containers/${id}`);
      await client.request("DELETE", "/networks/ipam");
    });

    test("the default bridge: top-level address fields, no DNS names; none and host have no address", async () => {
      const id = await create({});
      const info = await client.json<any>("GET", `/containers/${id}/json`);
      expect(info.NetworkSettings.IPAddress).toMatch(/^172\.17\.0\.\d+$/);
      expect(info.NetworkSettings.Gateway).toBe("172.17.0.1");
      expect(info.NetworkSettings.Networks.bridge.DNSNames).toBeNull();
      const none = await create({ HostConfig: { NetworkMode: "none" } });
      expect((await client.json<any>("GET", `/containers/${none}/json`)).NetworkSettings.Networks.none).toMatchObject({ IPAddress: "", MacAddress: "" });
      const bad = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], HostConfig: { NetworkMode: "nowhere" } });
      expect(bad).toMatchObject({ status: 404, json: { message: "network nowhere not found" } });
      const host = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], HostConfig: { NetworkMode: "host", PortBindings: { "80/tcp": [{ HostPort: "8080" }] } } });
      expect(host.json.Warnings).toContain("Published ports are discarded when using host network mode");
      const joined = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], HostConfig: { NetworkMode: `container:${id}`, PortBindings: { "80/tcp": [{ HostPort: "8080" }] } } });
      expect(joined).toMatchObject({ status: 400, json: { message: "conflicting options: port publishing and the container type network mode" } });
      await client.request("DELETE", `/containers/${host.json.Id}`);
      const alias = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ["x"] } } } });
      expect(alias.status).toBe(400);
      for (const c of [id, none]) await client.request("DELETE", `/containers/${c}`);
    });

    test("port bindings and exposed ports are kept and echoed; bad ones are refused", async () => {
      const id = await create({ ExposedPorts: { "53/udp": {} }, HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "18089" }] }, PublishAllPorts: true } });
      const info = await client.json<any>("GET", `/containers/${id}/json`);
      expect(info.HostConfig.PortBindings).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "18089" }] });
      expect(info.HostConfig.PublishAllPorts).toBe(true);
      expect(Object.keys(info.Config.ExposedPorts).sort()).toEqual(["53/udp", "80/tcp"]);
      expect(info.NetworkSettings.Ports).toEqual({}); // not running
      const bad = await call("POST", "/containers/create", { Rootfs: rootfs!.dir, Cmd: ["true"], HostConfig: { PortBindings: { "http/tcp": [{ HostPort: "1" }] } } });
      expect(bad).toMatchObject({ status: 400, json: { message: 'invalid port specification: "http/tcp"' } });
      await client.request("DELETE", `/containers/${id}`);
    });

    test("connect and disconnect a stopped container, with aliases; errors as Docker's", async () => {
      await client.request("POST", "/networks/create", { body: { Name: "cn" } });
      const id = await create({}, "cn-box");
      await client.request("POST", "/networks/cn/connect", { body: { Container: "cn-box", EndpointConfig: { Aliases: ["svc"] } } });
      let nets = (await client.json<any>("GET", `/containers/${id}/json`)).NetworkSettings.Networks;
      expect(Object.keys(nets).sort()).toEqual(["bridge", "cn"]);
      expect(nets.cn.Aliases).toEqual(["svc"]);
      const again = await call("POST", "/networks/cn/connect", { Container: id });
      expect(again).toMatchObject({ status: 403, json: { message: "endpoint with name cn-box already exists in network cn" } });
      await client.request("POST", "/networks/cn/disconnect", { body: { Container: id } });
      nets = (await client.json<any>("GET", `/containers/${id}/json`)).NetworkSettings.Networks;
      expect(Object.keys(nets)).toEqual(["bridge"]);
      expect((await call("POST", "/networks/cn/disconnect", { Container: id })).status).toBe(403);
      expect((await call("POST", "/networks/nope/connect", { Container: id })).status).toBe(404);
      expect((await call("POST", "/networks/cn/connect", { Container: "ghost" })).status).toBe(404);
      await client.request("DELETE", `/containers/${id}`);
      await client.request("DELETE", "/networks/cn");
    });
  });
});
