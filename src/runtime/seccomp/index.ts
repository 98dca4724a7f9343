/** runtime/seccomp: Docker-format seccomp profiles, Bunker's default one, and their BPF. */
export { compileProfile, profileToCompileInput } from "./compile-profile.ts";
export type { SeccompTarget } from "./compile-profile.ts";
export { defaultSeccompProfile, defaultSeccompProfileJson } from "./default-profile.ts";
export { parseSeccompProfile, SeccompProfileSchema, seccompActions, seccompArchitectures, seccompOperators } from "./profile.ts";
export type {
  SeccompArchitecture,
  SeccompProfile,
  SeccompProfileAction,
  SeccompProfileFilter,
  SeccompProfileOperator,
  SeccompProfileSyscall,
} from "./profile.ts";
