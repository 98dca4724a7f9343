#!/usr/bin/env bun
/**
 * Write the shell completion scripts, generated from the CLI's command tree, into completions/:
 * bunker.bash, _bunker (zsh) and bunker.fish.
 *   bun scripts/gen-completions.ts           write them
 *   bun scripts/gen-completions.ts --check   exit 1 if the checked-in files are not up to date
 *   --dir DIR                                use DIR instead of completions/
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { root } from "../src/cli/root.ts";
import { completionTree, renderCompletion, type Shell } from "../src/cli/completions/index.ts";

export const completionsDir = join(import.meta.dir, "..", "completions");

/** The file each shell's script is installed as, relative to completions/. */
export const completionFiles: Record<Shell, string> = { bash: "bunker.bash", fish: "bunker.fish", zsh: "_bunker" };

/** Every completion file's path and the content it should have. */
export async function generatedCompletions(dir = completionsDir): Promise<{ path: string; content: string }[]> {
  const tree = await completionTree(root);
  return (Object.keys(completionFiles) as Shell[]).sort().map((shell) => ({ path: join(dir, completionFiles[shell]), content: renderCompletion(shell, tree) }));
}

if (import.meta.main) {
  let check = false;
  let dir: string | undefined = completionsDir;
  let bad = false;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") check = true;
    else if (argv[i] === "--dir") dir = argv[++i];
    else bad = true;
  }
  if (bad || !dir) {
    console.error("usage: bun scripts/gen-completions.ts [--check] [--dir DIR]");
    process.exit(2);
  }
  const stale: string[] = [];
  for (const { path, content } of await generatedCompletions(dir)) {
    const current = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (current === content) continue;
    if (check) {
      stale.push(path);
      continue;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
    console.log(`wrote ${path}`);
  }
  if (stale.length) {
    console.error(`out of date (run 'bun run completions'):\n${stale.map((p) => `  ${p}`).join("\n")}`);
    process.exit(1);
  }
}
