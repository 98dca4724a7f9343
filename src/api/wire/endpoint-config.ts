import * as v from "valibot";
import type { EndpointRequest } from "../../engine/index.ts";

/** Docker's EndpointSettings as a client sends it (create's EndpointsConfig, connect's EndpointConfig). */
export const EndpointConfigBody = v.object({
  Aliases: v.nullish(v.array(v.string())),
  IPAMConfig: v.nullish(v.object({ IPv4Address: v.nullish(v.string()), LinkLocalIPs: v.nullish(v.array(v.string())) })),
  MacAddress: v.nullish(v.string()),
  DriverOpts: v.nullish(v.record(v.string(), v.string())),
});

/** The engine's request for one network. */
export function endpointRequest(e: v.InferOutput<typeof EndpointConfigBody> | null | undefined): EndpointRequest {
  return {
    aliases: e?.Aliases ?? [],
    ...(e?.IPAMConfig?.IPv4Address ? { ipv4Address: e.IPAMConfig.IPv4Address } : {}),
    ...(e?.IPAMConfig?.LinkLocalIPs?.length ? { linkLocalIps: e.IPAMConfig.LinkLocalIPs } : {}),
    ...(e?.MacAddress ? { macAddress: e.MacAddress } : {}),
    ...(e?.DriverOpts && Object.keys(e.DriverOpts).length ? { driverOpts: e.DriverOpts } : {}),
  };
}
