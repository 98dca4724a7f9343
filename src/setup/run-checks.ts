import type { CheckResult } from "./check-result.ts";
import type { SetupFacts } from "./setup-facts.ts";
import { checkCgroups } from "./checks/cgroups.ts";
import { checkDaemonConfig } from "./checks/daemon-config.ts";
import { checkDockerCli } from "./checks/docker-cli.ts";
import { checkFuse } from "./checks/fuse.ts";
import { checkIdMapTools } from "./checks/id-map-tools.ts";
import { checkKernel } from "./checks/kernel.ts";
import { checkLinger } from "./checks/linger.ts";
import { checkPing } from "./checks/ping.ts";
import { checkPorts } from "./checks/ports.ts";
import { checkRuntimeDir } from "./checks/runtime-dir.ts";
import { checkStorage } from "./checks/storage.ts";
import { checkSubordinateIds } from "./checks/subordinate-ids.ts";
import { checkSystemd } from "./checks/systemd.ts";
import { checkTun } from "./checks/tun.ts";
import { checkUserNamespaces } from "./checks/user-namespaces.ts";

/** Every check, in the order setup shows them. The engine's are the ones that need no client facts. */
export const engineChecks = [checkKernel, checkUserNamespaces, checkSubordinateIds, checkIdMapTools, checkTun, checkFuse, checkStorage, checkCgroups, checkRuntimeDir, checkPorts, checkPing];
export const clientChecks = [checkLinger, checkDaemonConfig, checkSystemd, checkDockerCli];

/** Runs the checks over the facts: the engine's only when there are no client facts. */
export function runChecks(facts: SetupFacts): CheckResult[] {
  return [...engineChecks, ...(facts.client ? clientChecks : [])].map((check) => check(facts));
}
