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
export { collectHostFacts, prettyName } from "./host-facts.ts";
export type { HostFacts, UserNamespaceFacts } from "./host-facts.ts";
