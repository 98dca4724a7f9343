// The builder (Docker's legacy builder) behind POST /build, driven through an Executor.
export { BuildService } from "./build-service.ts";
export type { BuildEmit, BuildOptions } from "./build-options.ts";
export type { BuildImage, Executor, RunResult, RunSpec } from "./executor.ts";
export { EngineExecutor } from "./engine-executor.ts";
export { Builder, type StepCache } from "./builder.ts";
export { readBuildContext, BuildContext, type ContextEntry } from "./build-context.ts";
export { BuildFailure } from "./build-failure.ts";
export { applyConfigChanges } from "./config-changes.ts";
