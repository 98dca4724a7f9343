import { expandWord, type Dockerfile, type Lookup, type Stage } from "../../build/index.ts";
import { InvalidArgument } from "../../lib/index.ts";

/** The stage a FROM or COPY --from names: by `AS` name (case-insensitive) or by index, among earlier stages. */
export function stageNamed(stages: Stage[], name: string, before: number): Stage | undefined {
  const lower = name.toLowerCase();
  const byName = stages.find((s) => s.index < before && s.name === lower);
  if (byName) return byName;
  if (/^\d+$/.test(name)) {
    const i = Number(name);
    if (i >= before) throw new InvalidArgument(`invalid from flag value ${name}: refers to current build stage or a later one`);
    return stages[i];
  }
  return undefined;
}

/**
 * The stages a build runs: the target (the last stage, or --target) and the stages it needs
 * through FROM <stage> and COPY --from=<stage>, transitively, in Dockerfile order. Other stages
 * are not built.
 */
export function planStages(file: Dockerfile, target: string | undefined, meta: Lookup): Stage[] {
  const stages = file.stages;
  if (stages.length === 0) throw new InvalidArgument("the Dockerfile has no FROM instruction");
  let last = stages[stages.length - 1]!;
  if (target) {
    const t = stages.find((s) => s.name === target.toLowerCase());
    if (!t) throw new InvalidArgument(`target stage "${target}" could not be found`);
    last = t;
  }
  const needed = new Set<number>();
  const visit = (s: Stage) => {
    if (needed.has(s.index)) return;
    needed.add(s.index);
    const from = stageNamed(stages, expandWord(s.from.image, meta, file.directives.escape), s.index);
    if (from) visit(from);
    for (const ins of s.instructions) {
      if (ins.kind !== "COPY" || !ins.from) continue;
      const dep = stageNamed(stages, expandWord(ins.from, meta, file.directives.escape), s.index);
      if (dep) visit(dep);
    }
  };
  visit(last);
  return stages.filter((s) => needed.has(s.index) && s.index <= last.index);
}
