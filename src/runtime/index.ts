/** The public API of runtime/. Other folders import from here only. */
export { detectCgroups } from "./cgroups/detect.ts";
export type {
  CgroupEnv,
  CgroupFacts,
  CgroupV1Facts,
  CgroupV1Hierarchy,
  CgroupV2Facts,
  LimitController,
} from "./cgroups/cgroup-facts.ts";
export { readSubordinateIds, subordinateRanges } from "./idmap/subids.ts";
export type { SubordinateIds, SubordinateRange, SubordinateUser } from "./idmap/subids.ts";
export { findIdMapTools, grantsCapability } from "./idmap/tools.ts";
export type { FindIdMapToolsOptions, IdMapTool, IdMapTools } from "./idmap/tools.ts";
export { lookupUserName } from "./idmap/user-name.ts";
export { collectHostFacts, prettyName, probeTun } from "./host-facts.ts";
export type { HostFacts, HostFactsSource, TunFacts, UserNamespaceFacts } from "./host-facts.ts";
export { fixHints, SUBID_COUNT, withFixHint, type HintUser } from "./fix-hints.ts";
export type { ContainerConfig, NetInterface } from "./container/container-config.ts";
export { maskedPaths, readonlyPaths, rootLayers } from "./container/container-config.ts";
export { ContainerRuntime, type ExecConfig, type SpawnOptions } from "./container/container-runtime.ts";
export { StartFailure, type MonitorLink, type MonitorState, type ProcessExit, type ProcessHandle } from "./container/process-runtime.ts";
export { capabilityNumbers, defaultCapabilities, effectiveCapabilities, capabilityMask } from "./container/capabilities.ts";
export { lookupUser, resolveInRoot, type ResolvedUser } from "./container/user-lookup.ts";
export { parseUlimit, type Ulimit } from "./container/ulimits.ts";
export { planIdMaps, type IdMapPlan } from "./container/id-maps.ts";
export * from "./seccomp/index.ts";
export { ContainerCgroups, type UnenforcedLimits } from "./cgroups/container-cgroups.ts";
export type { CgroupStats, ResourceLimits } from "./cgroups/cgroup-driver.ts";
