// Public API of build/: the Dockerfile parser, word expansion and .dockerignore matching.
export * from "./instructions.ts";
export { DockerfileSyntaxError } from "./dockerfile-syntax-error.ts";
export { parseDockerfile, parseTriggers } from "./parse-dockerfile.ts";
export { expandWord, type Lookup } from "./expand-word.ts";
export { expandWords } from "./expand-words.ts";
export { expandHeredoc } from "./expand-heredoc.ts";
export { parseRunMount, type RunMount, type RunMountType } from "./run-mount.ts";
export { DockerIgnore, type DockerIgnoreOptions } from "./docker-ignore.ts";
export { heredocSourceName } from "./heredoc-source-name.ts";
