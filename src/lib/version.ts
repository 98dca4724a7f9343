import pkg from "../../package.json" with { type: "json" };

/** Bunker's own version, from package.json (embedded at build time). */
export const bunkerVersion: string = pkg.version;
/** The newest Docker Engine API version Bunker speaks. */
export const apiVersion = "1.44";
/** The oldest API version Bunker accepts from clients. */
export const minApiVersion = "1.24";
/** The git commit the binary was built from; set by scripts/build.ts through --define. */
export const gitCommit: string = typeof BUNKER_GIT_COMMIT === "string" ? BUNKER_GIT_COMMIT : "dev";
/** When the binary was built; set by scripts/build.ts through --define. */
export const buildTime: string = typeof BUNKER_BUILD_TIME === "string" ? BUNKER_BUILD_TIME : "";

declare const BUNKER_GIT_COMMIT: string | undefined;
declare const BUNKER_BUILD_TIME: string | undefined;
