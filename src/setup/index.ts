/** setup/: the host checks and their fixes, shared by `bunker setup` and the engine's GET /info warnings. */
export type { CheckResult, CheckStatus, Fix, FixStep } from "./check-result.ts";
export { needsRoot, printOnly } from "./check-result.ts";
export type { ClientFacts, DeviceFacts, RuntimeDirFacts, SetupFacts, StorageFacts } from "./setup-facts.ts";
export { gatherSetupFacts, type CommandRunner, type SetupSource } from "./gather-facts.ts";
export { clientChecks, engineChecks, runChecks } from "./run-checks.ts";
export { fixText, shellWord, stepText, warningText } from "./render-step.ts";
export { engineSetupFacts, engineWarnings, type EngineFactsSource } from "./engine-warnings.ts";
export { applyFix, planDaemonConfig, type ApplyOptions, type StepRunner } from "./apply-fix.ts";
export { mergeDaemonConfig, renderConfigChanges, type ConfigChange, type ConfigMerge } from "./daemon-config-merge.ts";
export { systemdUnits, unitDirectory } from "./systemd-units.ts";
export { deviceFacts } from "./device-facts.ts";
