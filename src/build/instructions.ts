/**
 * The Dockerfile syntax tree that parseDockerfile returns. Values are raw: build arguments and
 * environment variables are NOT substituted here (the builder does that per instruction with
 * expandWord / expandWords, since ARG and ENV values change from one instruction to the next).
 * Quotes are kept in ENV/LABEL/ARG values for the same reason (expansion removes them, as Docker).
 */

/**
 * The `--name[=value]` flags given, checked against what the instruction accepts: booleans as
 * "true"/"false", strings as written, repeatable flags (--mount, --exclude) as arrays in order.
 */
export type Flags = Record<string, string | string[]>;

interface Base<K extends string> {
  kind: K;
  /** 1-based line of the instruction's first line. */
  line: number;
  /** 1-based line of its last line (continuations and heredoc bodies included). */
  endLine: number;
  /** The instruction as Docker prints it in "Step N/M : <original>": continuation lines joined, trimmed. */
  original: string;
  flags: Flags;
}

/** A here-document (`<<EOF`, `<<-EOF` strips leading tabs, a quoted delimiter disables expansion). */
export interface Heredoc {
  name: string;
  /** The body: its lines with their line endings, leading tabs already stripped when `chomp`. */
  content: string;
  /** `<<-`: leading tabs of the body (and of the closing line) were removed. */
  chomp: boolean;
  /** False when the delimiter was quoted (`<<"EOF"`, `<<'EOF'`): the body is not expanded. */
  expand: boolean;
}

/** Exec form (`["a","b"]`, valid JSON array of strings) or shell form (everything else). */
export type CommandForm = { form: "exec"; args: string[] } | { form: "shell"; command: string };

export interface FromInstruction extends Base<"FROM"> {
  /** The image reference as written (may contain $ARG references from the meta ARGs). */
  image: string;
  /** `AS name`, lower-cased as Docker does. */
  stageName?: string;
  platform?: string;
}

export type RunInstruction = Base<"RUN"> &
  CommandForm & {
    heredocs: Heredoc[];
    /** Raw `--mount` values, in order; parseRunMount reads one once variables are known. */
    mounts: string[];
    network: "default" | "none" | "host";
    security: "sandbox" | "insecure";
    /** Raw `--device` values. */
    devices: string[];
  };
export type CmdInstruction = Base<"CMD"> & CommandForm;
export type EntrypointInstruction = Base<"ENTRYPOINT"> & CommandForm;
/** SHELL only accepts the exec (JSON) form. */
export interface ShellInstruction extends Base<"SHELL"> {
  form: "exec";
  args: string[];
}

interface FileCopy {
  /**
   * Every source word as written (unexpanded), in order. A heredoc source appears as its marker
   * word (`<<EOF`, `<<-"EOF"`); its body is the entry of `heredocs` at the same rank among the
   * heredoc sources (heredocSourceName gives its name).
   */
  sources: string[];
  dest: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  /** Written in JSON array form (`COPY ["a b", "/c"]`). */
  json: boolean;
  /** Inline files (`COPY <<EOF /dest`), one per heredoc source in order: written to dest/<name>, expanded when `expand`. */
  heredocs: Heredoc[];
}
export interface CopyInstruction extends Base<"COPY">, FileCopy {
  from?: string;
  parents: boolean;
  excludes: string[];
}
export interface AddInstruction extends Base<"ADD">, FileCopy {
  checksum?: string;
  /** Only set when the flag was given. */
  keepGitDir?: boolean;
  /** Only set when the flag was given. */
  unpack?: boolean;
  excludes: string[];
}

/** A key and its raw value (quotes and `$` references kept). */
export type KeyValue = [key: string, value: string];
export interface EnvInstruction extends Base<"ENV"> {
  pairs: KeyValue[];
}
export interface LabelInstruction extends Base<"LABEL"> {
  pairs: KeyValue[];
}
export interface ArgDefinition {
  name: string;
  /** Raw default (quotes kept); undefined when the ARG has no `=`. */
  default?: string;
}
export interface ArgInstruction extends Base<"ARG"> {
  args: ArgDefinition[];
}
export interface ExposeInstruction extends Base<"EXPOSE"> {
  ports: string[];
}
export interface VolumeInstruction extends Base<"VOLUME"> {
  paths: string[];
}
export interface UserInstruction extends Base<"USER"> {
  user: string;
}
export interface WorkdirInstruction extends Base<"WORKDIR"> {
  path: string;
}
export interface StopsignalInstruction extends Base<"STOPSIGNAL"> {
  signal: string;
}
export interface MaintainerInstruction extends Base<"MAINTAINER"> {
  maintainer: string;
}

/** Durations in nanoseconds (Docker's API unit); 0 means "not set" (inherit), as in Docker. */
export type Healthcheck =
  | { none: true }
  | {
      none: false;
      /** Docker's config form: ["CMD", ...args] (exec form) or ["CMD-SHELL", command]. */
      test: string[];
      interval: number;
      timeout: number;
      startPeriod: number;
      startInterval: number;
      retries: number;
    };
export interface HealthcheckInstruction extends Base<"HEALTHCHECK"> {
  healthcheck: Healthcheck;
}
export interface OnbuildInstruction extends Base<"ONBUILD"> {
  /**
   * The trigger's raw text (heredoc bodies appended), as stored in the image config's OnBuild
   * list. Only its instruction name is checked here, as Docker does; parseTriggers parses it.
   */
  trigger: string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | ExposeInstruction
  | VolumeInstruction
  | UserInstruction
  | WorkdirInstruction
  | StopsignalInstruction
  | MaintainerInstruction
  | HealthcheckInstruction
  | OnbuildInstruction;

export type InstructionKind = Instruction["kind"];

export interface Stage {
  /** 0-based position among the stages (what `COPY --from=0` names). */
  index: number;
  /** `AS name`, lower-cased. */
  name?: string;
  from: FromInstruction;
  /** The stage's instructions after its FROM. */
  instructions: Instruction[];
}

export interface Directives {
  /** The escape character, `\` or `` ` ``. */
  escape: string;
  syntax?: string;
  check?: string;
}

export interface Dockerfile {
  directives: Directives;
  /** ARGs before the first FROM (usable in FROM lines, and in stages after a bare `ARG name`). */
  metaArgs: ArgInstruction[];
  stages: Stage[];
  /** Docker's parser warnings ("Empty continuation line found in: ..."). */
  warnings: string[];
}
