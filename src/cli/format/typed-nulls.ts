import { GoNilCollection, isMap } from "./go-values.ts";

// Fields of Docker's inspect types (container, image, volume) that are Go slices or maps: a
// JSON null there is a nil slice or map to Docker's typed templates, printed [] or map[].
const slices = new Set([
  "Entrypoint", "Cmd", "Env", "Binds", "Links", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "CapAdd", "CapDrop", "SecurityOpt",
  "GroupAdd", "Devices", "DeviceRequests", "DeviceCgroupRules", "VolumesFrom", "OnBuild", "Shell", "Ulimits", "BlkioWeightDevice",
  "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "MaskedPaths", "ReadonlyPaths",
  "ConsoleSize", "RepoTags", "RepoDigests", "Layers", "Aliases", "DNSNames", "Mounts", "Args", "Warnings",
]);
const maps = new Set(["Volumes", "ExposedPorts", "Labels", "Tmpfs", "Sysctls", "StorageOpt", "PortBindings", "Ports", "Networks", "DriverOpts", "Options", "Status"]);

/**
 * Docker runs inspect templates on typed structs first: mark the nulls that are nil slices
 * and maps there, so `{{.Config.Entrypoint}}` prints `[]` as docker's does.
 */
export function typedNulls(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(typedNulls);
  if (!isMap(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value === null && slices.has(key)) out[key] = new GoNilCollection("slice");
    else if (value === null && maps.has(key)) out[key] = new GoNilCollection("map");
    else out[key] = typedNulls(value);
  }
  return out;
}
