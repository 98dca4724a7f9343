import { posix } from "node:path";
import { DockerIgnore, DockerfileSyntaxError, expandWord, parseDockerfile, parseTriggers, type Dockerfile, type Instruction, type Stage } from "../../build/index.ts";
import { familiarString, formatPlatform, hostPlatform, parsePlatform, parseReference, withDefaultTag } from "../../image/index.ts";
import { BunkerError, InvalidArgument, messageOf, shortId } from "../../lib/index.ts";
import type { BuildContext } from "./build-context.ts";
import { BuildFailure } from "./build-failure.ts";
import type { BuildEmit, BuildOptions } from "./build-options.ts";
import { applyConfigInstruction, shellOf } from "./config-instructions.ts";
import { copyInstruction } from "./copy-instruction.ts";
import { contextSource, imageSource, type CopySource } from "./copy-source.ts";
import type { BuildImage, Executor } from "./executor.ts";
import { layerTar } from "./layer-tar.ts";
import { planStages, stageNamed } from "./stage-plan.ts";
import { predefinedArgs, StageState } from "./stage-state.ts";

/** Where finished steps are remembered (bunker.db's build_cache in the daemon). */
export interface StepCache {
  get(key: string): string | undefined;
  put(key: string, imageId: string): void;
}

const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

/**
 * Docker's legacy builder over an Executor: stages in order (only those the target needs),
 * one image per instruction (a layer for RUN, COPY, ADD and a WORKDIR that makes its
 * directory; config changes with an empty_layer history entry for the rest), each step looked
 * up in the cache first by its parent image and what it does. Progress is written as Docker
 * writes it ("Step 2/4 : RUN …", " ---> Using cache", " ---> 1a2b3c4d5e6f").
 */
export class Builder {
  private readonly stageImages = new Map<number, BuildImage>();
  private readonly consumedArgs = new Set<string>();
  private readonly optionLabels = new Set<Instruction>();
  private escape = "\\";
  private dockerfile!: Dockerfile;
  private step = 0;
  /** With cachefrom: the only images a cached step may be (undefined: any). */
  private cacheSources?: Set<string>;
  private currentStage = 0;
  private totalSteps = 0;

  constructor(
    private readonly exec: Executor,
    private readonly cache: StepCache,
    private readonly opts: BuildOptions,
    private readonly context: BuildContext,
    private readonly emit: BuildEmit,
  ) {}

  private say(text: string): void {
    this.emit({ stream: text });
  }

  /** Run the build; returns the final image id (tagged). Throws BuildFailure / InvalidArgument. */
  async build(): Promise<string> {
    if (this.opts.cacheFrom) this.cacheSources = this.exec.lineage(this.opts.cacheFrom);
    if (this.opts.platform) {
      const want = parsePlatform(this.opts.platform);
      const host = hostPlatform();
      if (want.os !== host.os || want.architecture !== host.architecture) {
        throw new InvalidArgument(`platform ${this.opts.platform} is not supported: Bunker builds for the host platform (${formatPlatform(host)}) only`);
      }
    }
    const file = this.readDockerfile();
    this.dockerfile = file;
    this.escape = file.directives.escape;
    const meta = new Map<string, string | undefined>();
    const metaLookup = (n: string) => meta.get(n);
    for (const ins of file.metaArgs) {
      for (const def of ins.args) {
        const given = this.opts.buildArgs[def.name];
        meta.set(def.name, given != null ? given : def.default !== undefined ? expandWord(def.default, metaLookup, this.escape) : undefined);
        if (given != null) this.consumedArgs.add(def.name);
      }
    }
    const stages = planStages(file, this.opts.target, metaLookup);
    const last = stages[stages.length - 1]!;
    const labels: Instruction[] = Object.keys(this.opts.labels)
      .sort()
      .map((k) => {
        const ins: Instruction = { kind: "LABEL", line: 0, endLine: 0, original: `LABEL ${k}=${this.opts.labels[k]}`, flags: {}, pairs: [[k, this.opts.labels[k]!]] };
        this.optionLabels.add(ins);
        return ins;
      });
    this.totalSteps = file.metaArgs.length + stages.reduce((n, s) => n + 1 + s.instructions.length, 0) + labels.length;
    for (const ins of file.metaArgs) this.say(`Step ${++this.step}/${this.totalSteps} : ${ins.original}\n`);

    let state: StageState | undefined;
    for (const stage of stages) {
      this.currentStage = stage.index;
      state = await this.fromStep(stage, meta);
      for (const ins of [...stage.instructions, ...(stage === last ? labels : [])]) {
        this.say(`Step ${++this.step}/${this.totalSteps} : ${ins.original}\n`);
        await this.guarded(ins, () => this.dispatch(ins, state!, meta));
        this.say(` ---> ${state.imageId ? shortId(state.imageId.replace(/^sha256:/, "")) : ""}\n`);
      }
      if (state.imageId) {
        this.emit({ aux: { ID: state.imageId } });
        this.stageImages.set(stage.index, this.exec.imageById(state.imageId)!);
      }
    }
    const unused = Object.keys(this.opts.buildArgs).filter((k) => !this.consumedArgs.has(k) && !predefinedArgs.includes(k));
    if (unused.length) this.say(`[Warning] One or more build-args [${unused.sort().join(" ")}] were not consumed\n`);
    const id = state?.imageId;
    if (!id) throw new InvalidArgument("No image was generated. Is your Dockerfile empty?");
    this.say(`Successfully built ${shortId(id.replace(/^sha256:/, ""))}\n`);
    for (const tag of this.opts.tags) {
      this.exec.tag(id, tag);
      this.say(`Successfully tagged ${familiarString(withDefaultTag(parseReference(tag)))}\n`);
    }
    return id;
  }

  private readDockerfile(): Dockerfile {
    const name = posix.normalize(this.opts.dockerfile || "Dockerfile").replace(/^\.?\/+/, "");
    let entry = this.context.get(name);
    if (!entry && !this.opts.dockerfile) entry = this.context.get("dockerfile");
    if (!entry || entry.type !== "file") throw new InvalidArgument(`Cannot locate specified Dockerfile: ${name}`);
    const text = new TextDecoder().decode(entry.data);
    const ignore = this.context.get(".dockerignore");
    if (ignore?.type === "file") this.context.applyIgnore(new DockerIgnore(new TextDecoder().decode(ignore.data), { dockerfile: entry.path }));
    if (!text.trim()) throw new InvalidArgument(`the Dockerfile (${name}) cannot be empty`);
    try {
      return parseDockerfile(text);
    } catch (err) {
      if (err instanceof DockerfileSyntaxError) throw new BuildFailure(`${name}:${err.line}: ${err.message}`);
      throw err;
    }
  }

  /** Errors of one instruction get the Dockerfile's name, the line and the instruction in front. */
  private async guarded(ins: Instruction, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof BuildFailure && err.message.startsWith(`${this.fileName()}:`)) throw err;
      const where = ins.line ? `${this.fileName()}:${ins.line}: ${ins.original}: ` : "";
      if (err instanceof BunkerError && !(err instanceof BuildFailure) && err.status >= 500) throw err;
      throw new BuildFailure(`${where}${messageOf(err)}`, err instanceof BuildFailure ? err.code : undefined);
    }
  }

  private fileName(): string {
    return posix.normalize(this.opts.dockerfile || "Dockerfile").replace(/^\.?\/+/, "");
  }

  private async fromStep(stage: Stage, meta: Map<string, string | undefined>): Promise<StageState> {
    this.say(`Step ${++this.step}/${this.totalSteps} : ${stage.from.original}\n`);
    let base: BuildImage | null = null;
    await this.guarded(stage.from, async () => {
      const name = expandWord(stage.from.image, (n) => meta.get(n), this.escape);
      if (!name) throw new InvalidArgument(`base name (${stage.from.image}) should not be blank`);
      if (stage.from.platform) {
        const want = parsePlatform(expandWord(stage.from.platform, (n) => meta.get(n), this.escape));
        const host = hostPlatform();
        if (want.os !== host.os || want.architecture !== host.architecture) throw new InvalidArgument(`platform ${formatPlatform(want)} is not supported: Bunker builds for the host platform (${formatPlatform(host)}) only`);
      }
      const prior = stageNamed(this.dockerfile.stages, name, stage.index);
      if (prior) base = this.stageImages.get(prior.index) ?? null;
      else if (name.toLowerCase() !== "scratch") base = await this.exec.image(name, { pull: this.opts.pull, platform: this.opts.platform, credentials: this.credentialsFor(name) }, (e) => this.emit(e));
    });
    const b = base as BuildImage | null;
    const state = new StageState(b?.id ?? null, b?.config.config);
    this.say(` ---> ${b ? shortId(b.id.replace(/^sha256:/, "")) : ""}\n`);
    const triggers = b?.config.config?.OnBuild ?? [];
    if (triggers.length) {
      this.say(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? "s" : ""}\n`);
      delete state.config.OnBuild;
      for (const parsed of parseTriggers(triggers, this.escape)) await this.guarded(parsed, () => this.dispatch(parsed, state, meta));
    }
    return state;
  }

  private credentialsFor(ref: string) {
    const domain = parseReference(ref).domain;
    // The API's X-Registry-Config keys are hosts (the docker CLI's "https://index.docker.io/v1/" becomes index.docker.io).
    return this.opts.registryAuth[domain] ?? (domain === "docker.io" ? this.opts.registryAuth["index.docker.io"] : undefined);
  }

  /** Reuse the cached result of a step (same parent, same key) or make it and remember it. */
  private async cached(state: StageState, key: string, make: () => Promise<BuildImage>): Promise<void> {
    const cacheKey = sha256(JSON.stringify([state.imageId ?? "scratch", key]));
    if (!this.opts.noCache) {
      const hit = this.cache.get(cacheKey);
      const allowed = hit !== undefined && (!this.cacheSources || this.cacheSources.has(hit));
      const image = hit && allowed ? this.exec.imageById(hit) : undefined;
      if (image) {
        this.say(" ---> Using cache\n");
        state.imageId = image.id;
        state.config = structuredClone(image.config.config ?? {});
        return;
      }
    }
    const image = await make();
    this.cache.put(cacheKey, image.id);
    state.imageId = image.id;
  }

  private commitConfig(state: StageState, comment: string): Promise<void> {
    const createdBy = `${shellOf(state).join(" ")} #(nop)  ${comment}`;
    return this.cached(state, createdBy, () => this.exec.commit(state.imageId, { defaults: state.config, history: { created: new Date().toISOString(), created_by: createdBy }, layer: null, author: state.author }));
  }

  private async dispatch(ins: Instruction, state: StageState, meta: Map<string, string | undefined>): Promise<void> {
    switch (ins.kind) {
      case "FROM":
        throw new InvalidArgument("FROM is not allowed here");
      case "ARG": {
        const parts: string[] = [];
        for (const def of ins.args) {
          const given = this.opts.buildArgs[def.name];
          const value = given != null ? given : def.default !== undefined ? expandWord(def.default, state.lookup(), this.escape) : meta.get(def.name);
          if (given != null) this.consumedArgs.add(def.name);
          state.args.set(def.name, value);
          parts.push(def.default !== undefined ? `${def.name}=${expandWord(def.default, state.lookup(), this.escape)}` : def.name);
        }
        return this.commitConfig(state, `ARG ${parts.join(" ")}`);
      }
      case "RUN":
        return this.run(ins, state);
      case "COPY":
      case "ADD":
        return this.copy(ins, state);
      case "WORKDIR":
        return this.workdir(ins.path, state);
      case "LABEL":
        if (this.optionLabels.has(ins)) {
          // --label values are taken as they are (no substitution), as Docker does.
          const [k, v] = ins.pairs[0]!;
          state.config.Labels = { ...(state.config.Labels ?? {}), [k]: v };
          return this.commitConfig(state, `LABEL ${k}=${v}`);
        }
        return this.commitConfig(state, applyConfigInstruction(state, ins, this.escape));
      default:
        return this.commitConfig(state, applyConfigInstruction(state, ins, this.escape));
    }
  }

  private async run(ins: Extract<Instruction, { kind: "RUN" }>, state: StageState): Promise<void> {
    if (!state.imageId) throw new InvalidArgument("RUN needs a base image with a shell: the stage starts FROM scratch and has no files yet");
    let args: string[];
    if (ins.form === "exec") args = ins.args;
    else {
      // `RUN <<EOF` alone: the body is the script. Otherwise the heredocs go to the shell as
      // they were written (`cat <<EOF > f`), and it reads the bodies itself.
      const only = ins.heredocs.length === 1 && /^<<-?\s*(["']?)([^\s"']+)\1$/.test(ins.command.trim());
      const script = only ? ins.heredocs[0]!.content : ins.heredocs.length ? `${ins.command}\n${ins.heredocs.map((h) => `${h.content}${h.name}\n`).join("")}` : ins.command;
      args = [...shellOf(state), script];
    }
    if (ins.mounts.length) throw new InvalidArgument("RUN --mount requires BuildKit, which Bunker does not have");
    if (ins.security === "insecure") throw new InvalidArgument("RUN --security=insecure requires BuildKit, which Bunker does not have");
    const runArgs = state.runArgs();
    const proxies = predefinedArgs.filter((k) => this.opts.buildArgs[k] != null && !state.args.has(k)).map((k) => `${k}=${this.opts.buildArgs[k]}`);
    for (const k of predefinedArgs) if (this.opts.buildArgs[k] != null) this.consumedArgs.add(k);
    const saveCmd = runArgs.length ? [`|${runArgs.length}`, ...runArgs, ...args] : args;
    const createdBy = saveCmd.join(" ");
    const network = ins.network !== "default" ? ins.network : this.opts.networkMode;
    await this.cached(state, `RUN ${JSON.stringify(saveCmd)}`, async () => {
      const result = await this.exec.run(
        state.imageId!,
        {
          args,
          env: [...state.env, ...runArgs, ...proxies],
          user: state.config.User ?? "",
          workingDir: state.config.WorkingDir ?? "",
          network,
          extraHosts: this.opts.extraHosts,
          remove: this.opts.forceRemove ? "always" : this.opts.remove ? "on-success" : "never",
        },
        {
          created: (id) => this.say(` ---> Running in ${shortId(id)}\n`),
          // Docker's legacy builder marks a step's stderr in red (its stream writer's escape codes).
          output: (stream, data) => this.say(stream === "stderr" ? `\x1b[91m${data.toString("utf8")}\x1b[0m` : data.toString("utf8")),
          removed: (id) => this.say(` ---> Removed intermediate container ${shortId(id)}\n`),
        },
      );
      if (result.exitCode !== 0) throw new BuildFailure(`The command '${args.join(" ")}' returned a non-zero code: ${result.exitCode}`, result.exitCode);
      return this.exec.commit(state.imageId, { defaults: state.config, history: { created: new Date().toISOString(), created_by: createdBy }, layer: result.layer, author: state.author });
    });
  }

  private async copy(ins: Extract<Instruction, { kind: "COPY" | "ADD" }>, state: StageState): Promise<void> {
    let source: CopySource = contextSource(this.context);
    if (ins.kind === "COPY" && ins.from) {
      const name = expandWord(ins.from, state.lookup(), this.escape);
      const stage = stageNamed(this.dockerfile.stages, name, this.currentStage);
      let imageId: string | null;
      if (stage) {
        const built = this.stageImages.get(stage.index);
        if (!built) throw new InvalidArgument(`stage ${name} has not been built`);
        imageId = built?.id ?? null;
      } else imageId = (await this.exec.image(name, { pull: this.opts.pull, platform: this.opts.platform, credentials: this.credentialsFor(name) }, (e) => this.emit(e))).id;
      source = imageSource(await this.exec.filesystem(imageId), stage ? `stage ${name}` : `image ${name}`);
    }
    const target = await this.exec.filesystem(state.imageId);
    const plan = await copyInstruction(ins, state, this.escape, source, target);
    const createdBy = `${shellOf(state).join(" ")} #(nop) ${plan.comment}`;
    await this.cached(state, createdBy, async () => {
      const layer = await layerTar(plan.files);
      return this.exec.commit(state.imageId, { defaults: state.config, history: { created: new Date().toISOString(), created_by: createdBy }, layer, author: state.author });
    });
  }

  private async workdir(raw: string, state: StageState): Promise<void> {
    const path = expandWord(raw, state.lookup(), this.escape);
    const dir = posix.resolve(state.config.WorkingDir || "/", path);
    state.config.WorkingDir = dir;
    const createdBy = `${shellOf(state).join(" ")} #(nop) WORKDIR ${dir}`;
    await this.cached(state, createdBy, async () => {
      const fs = await this.exec.filesystem(state.imageId);
      const missing: string[] = [];
      for (let d = fs.resolve(dir); d !== "/" && !fs.stat(d); d = posix.dirname(d)) missing.unshift(d);
      const layer = missing.length ? await layerTar(missing.map((d) => ({ path: d, type: "dir" as const, mode: 0o755, uid: 0, gid: 0, mtime: new Date() }))) : null;
      return this.exec.commit(state.imageId, { defaults: state.config, history: { created: new Date().toISOString(), created_by: createdBy }, layer, author: state.author });
    });
  }
}
