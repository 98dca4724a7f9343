import { EndpointConfigBody } from "./endpoint-config.ts";
import * as v from "valibot";
import type { NetworkView } from "../../engine/index.ts";

/** POST /networks/create (fields Bunker reads; unknown ones are ignored, as Docker does). */
export const NetworkCreateBody = v.object({
  Name: v.string(),
  CheckDuplicate: v.nullish(v.boolean()),
  Driver: v.nullish(v.string()),
  Scope: v.nullish(v.string()),
  Internal: v.nullish(v.boolean()),
  Attachable: v.nullish(v.boolean()),
  Ingress: v.nullish(v.boolean()),
  EnableIPv6: v.nullish(v.boolean()),
  IPAM: v.nullish(
    v.object({
      Driver: v.nullish(v.string()),
      Config: v.nullish(v.array(v.object({ Subnet: v.nullish(v.string()), Gateway: v.nullish(v.string()), IPRange: v.nullish(v.string()), AuxiliaryAddresses: v.nullish(v.record(v.string(), v.string())) }))),
      Options: v.nullish(v.record(v.string(), v.string())),
    }),
  ),
  Options: v.nullish(v.record(v.string(), v.string())),
  Labels: v.nullish(v.record(v.string(), v.string())),
});

/** POST /networks/{id}/connect */
export const NetworkConnectBody = v.object({
  Container: v.string(),
  EndpointConfig: v.nullish(EndpointConfigBody),
});

/** POST /networks/{id}/disconnect */
export const NetworkDisconnectBody = v.object({ Container: v.string(), Force: v.nullish(v.boolean()) });

/** A network in Docker's shape; the Containers map only for inspect (ls leaves it empty, as Docker). */
export function networkWire(n: NetworkView, withContainers: boolean): Record<string, unknown> {
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: "local",
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: { Driver: "default", Options: null, Config: n.ipam ? [{ Subnet: n.ipam.subnet, ...(n.ipam.ipRange ? { IPRange: n.ipam.ipRange } : {}), Gateway: n.ipam.gateway, ...(n.ipam.auxAddresses ? { AuxiliaryAddresses: n.ipam.auxAddresses } : {}) }] : [] },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: withContainers
      ? Object.fromEntries(
          n.containers.map((c) => [
            c.id,
            { Name: c.name, EndpointID: c.endpoint.endpointId, MacAddress: c.endpoint.mac, IPv4Address: c.endpoint.ipv4 ? `${c.endpoint.ipv4}/${c.endpoint.prefixLength}` : "", IPv6Address: "" },
          ]),
        )
      : {},
    Options: n.options,
    Labels: n.labels,
  };
}
