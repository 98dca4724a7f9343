import { expandWord, expandWords, type Instruction } from "../../build/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { StageState } from "./stage-state.ts";

/** Go's %q for a string list: ["a" "b c"], as Docker's history comments print them. */
export function goQuoteList(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(" ")}]`;
}

/** The shell a shell-form command runs under. */
export function shellOf(state: StageState): string[] {
  const shell = state.config.Shell;
  return shell && shell.length ? [...shell] : ["/bin/sh", "-c"];
}

function seconds(ns: number | undefined): string {
  if (!ns) return "0s";
  const s = ns / 1e9;
  return `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
}

/**
 * A config-only instruction: changes `state.config` and returns the history comment Docker
 * records for it (`ENV A=b`, `CMD ["cat" "/x"]`, ...). Values are substituted where Docker
 * substitutes them (ENV, LABEL, EXPOSE, VOLUME, USER, STOPSIGNAL, WORKDIR), never in CMD/ENTRYPOINT.
 */
export function applyConfigInstruction(state: StageState, ins: Instruction, escape: string): string {
  const lookup = state.lookup();
  const word = (w: string) => expandWord(w, lookup, escape);
  const c = state.config;
  switch (ins.kind) {
    case "ENV": {
      const pairs = ins.pairs.map(([k, v]) => [word(k), word(v)] as const);
      for (const [k, v] of pairs) state.setEnv(k, v);
      return `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(" ")}`;
    }
    case "LABEL": {
      const pairs = ins.pairs.map(([k, v]) => [word(k), word(v)] as const);
      c.Labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of pairs) c.Labels[k] = v;
      return `LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(" ")}`;
    }
    case "EXPOSE": {
      const ports = ins.ports.flatMap((p) => expandWords(p, lookup, escape));
      c.ExposedPorts = { ...(c.ExposedPorts ?? {}) };
      for (const p of ports) {
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(p);
        if (!m) throw new InvalidArgument(`invalid containerPort: ${p}`);
        const proto = (m[3] ?? "tcp").toLowerCase();
        for (let n = Number(m[1]); n <= Number(m[2] ?? m[1]); n++) c.ExposedPorts[`${n}/${proto}`] = {};
      }
      return `EXPOSE ${ports.join(" ")}`;
    }
    case "VOLUME": {
      const paths = ins.paths.map(word);
      c.Volumes = { ...(c.Volumes ?? {}) };
      for (const p of paths) {
        if (!p.trim()) throw new InvalidArgument("VOLUME specified can not be an empty string");
        c.Volumes[p] = {};
      }
      return `VOLUME [${paths.join(" ")}]`;
    }
    case "USER":
      c.User = word(ins.user);
      return `USER ${c.User}`;
    case "STOPSIGNAL":
      c.StopSignal = word(ins.signal);
      return `STOPSIGNAL ${c.StopSignal}`;
    case "MAINTAINER":
      state.author = ins.maintainer;
      return `MAINTAINER ${ins.maintainer}`;
    case "SHELL":
      c.Shell = [...ins.args];
      return `SHELL [${ins.args.join(" ")}]`;
    case "ONBUILD":
      c.OnBuild = [...(c.OnBuild ?? []), ins.trigger];
      return `ONBUILD ${ins.trigger}`;
    case "CMD": {
      const cmd = ins.form === "exec" ? ins.args : [...shellOf(state), ins.command];
      c.Cmd = cmd;
      state.cmdSet = true;
      return `CMD ${goQuoteList(cmd)}`;
    }
    case "ENTRYPOINT": {
      const ep = ins.form === "exec" ? ins.args : [...shellOf(state), ins.command];
      c.Entrypoint = ep;
      if (!state.cmdSet) c.Cmd = null;
      return `ENTRYPOINT ${goQuoteList(ep)}`;
    }
    case "HEALTHCHECK": {
      const h = ins.healthcheck;
      if (h.none) {
        c.Healthcheck = { Test: ["NONE"] };
        return "HEALTHCHECK &{[NONE] 0s 0s 0s 0s 0}";
      }
      c.Healthcheck = {
        Test: h.test,
        ...(h.interval ? { Interval: h.interval } : {}),
        ...(h.timeout ? { Timeout: h.timeout } : {}),
        ...(h.startPeriod ? { StartPeriod: h.startPeriod } : {}),
        ...(h.startInterval ? { StartInterval: h.startInterval } : {}),
        ...(h.retries ? { Retries: h.retries } : {}),
      };
      return `HEALTHCHECK &{[${h.test.join(" ")}] ${seconds(h.interval)} ${seconds(h.timeout)} ${seconds(h.startPeriod)} ${seconds(h.startInterval)} ${h.retries ?? 0}}`;
    }
    default:
      throw new InvalidArgument(`${ins.kind} is not a configuration instruction`);
  }
}
