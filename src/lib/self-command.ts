import { join } from "node:path";

/**
 * The command line that runs this same program: the compiled binary, or bun with src/main.ts
 * (not Bun.main, which is a test file when the daemon runs inside `bun test`).
 */
export function selfCommand(): string[] {
  const compiled = Bun.main.startsWith("/$bunfs/");
  return compiled ? [process.execPath] : [process.execPath, join(import.meta.dir, "..", "main.ts")];
}
