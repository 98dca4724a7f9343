/**
 * What a check finds and the fixes it offers. Checks are pure functions of SetupFacts; fixes are
 * data (commands, files, daemon.json keys) that applyFix() carries out only with consent.
 */

/** ok: nothing to do; problem: something fails or is lost (exit 1 in --check); advice: an
 * optional improvement; skip: does not apply here (e.g. as root, or without systemd). */
export type CheckStatus = "ok" | "problem" | "advice" | "skip";

/** One thing a fix does. `root` commands change the system: shown, and run through sudo only with consent. */
export type FixStep =
  | { kind: "run"; argv: string[]; root: boolean; /** Given on stdin (e.g. the content for `tee FILE`). */ input?: string }
  | { kind: "write-file"; path: string; content: string }
  | { kind: "daemon-config"; file: string; set: Record<string, unknown> }
  | { kind: "print"; text: string };

export interface Fix {
  title: string;
  steps: FixStep[];
  /** What the user still has to do afterwards (log in again, …). */
  note?: string;
  /** A policy choice rather than a repair: offered interactively (default No), never applied by --yes. */
  optional?: boolean;
}

export interface CheckResult {
  /** Short, stable name (`bunker setup --check` prints it): "subids", "cgroups", … */
  id: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** One sentence: why it matters (problems and advice). */
  explanation?: string;
  fixes: Fix[];
}

/** Whether a fix changes the system (any step run as root). */
export const needsRoot = (fix: Fix): boolean => fix.steps.some((s) => s.kind === "run" && s.root);

/** Whether a fix only prints what the user has to do. */
export const printOnly = (fix: Fix): boolean => fix.steps.every((s) => s.kind === "print");
