export * from "./errors.ts";
export * from "./log.ts";
export * from "./version.ts";
export * from "./validate.ts";
export * from "./ids.ts";
export * from "./self-command.ts";
export * from "./docker-timestamp.ts";
export * from "./human-duration.ts";
export { goPathRegExp } from "./go-path-pattern.ts";
