import { dockerTimestamp } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError, flagValues } from "./scan-flags.ts";
import { Template, renderValue } from "./format/index.ts";
import { RunFailure } from "./run-failure.ts";
import { responseLines } from "./response-lines.ts";

interface EventMessage {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time: number;
  timeNano: number;
}

const args = {
  filter: { type: "string", alias: "f", description: "Filter output based on conditions provided (repeatable: type, event, container, image, volume, network, label, daemon, scope)", valueHint: "filter" },
  format: { type: "string", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
  since: { type: "string", description: "Show all events created since timestamp (or relative, e.g. 10m)", valueHint: "string" },
  until: { type: "string", description: "Stream events until this timestamp (or relative, e.g. 10m)", valueHint: "string" },
} as const;

/** Docker's own line: local time with nanoseconds, type, action, id, then (k=v, …) sorted. */
function eventText(e: EventMessage, timeNano: string): string {
  const ns = BigInt(timeNano);
  const d = new Date(Number(ns / 1_000_000n));
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const offset = -d.getTimezoneOffset();
  const zone = offset === 0 ? "Z" : `${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}${zone}`;
  const attrs = Object.entries(e.Actor.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${stamp} ${e.Type} ${e.Action} ${e.Actor.ID}${attrs.length ? ` (${attrs.map(([k, v]) => `${k}=${v}`).join(", ")})` : ""}`;
}

export default command({
  meta: { name: "events", description: "Get real time events from the server" },
  args,
  async run({ args: parsed, rawArgs, data }) {
    const format = parsed.format as string | undefined;
    // `{{json .}}` (or `json`) prints the daemon's line as it came (timeNano keeps its 19 digits).
    const rawJson = format !== undefined && (format.trim() === "{{json .}}" || format.trim() === "json");
    if (format && !rawJson) {
      try {
        Template.parse(format);
      } catch (err) {
        throw new RunFailure(`template parsing error: ${(err as Error).message}`, 64);
      }
    }
    const filters: Record<string, Record<string, boolean>> = {};
    for (const f of flagValues(rawArgs, args, "filter")) {
      const eq = f.indexOf("=");
      if (eq <= 0) throw new UsageError(`bad format of filter (expected name=value)`);
      (filters[f.slice(0, eq).toLowerCase()] ??= {})[f.slice(eq + 1)] = true;
    }
    const now = new Date();
    const since = parsed.since ? dockerTimestamp(parsed.since as string, now) : undefined;
    const until = parsed.until ? dockerTimestamp(parsed.until as string, now) : undefined;
    const client = await connectDaemon((data as CliData).globals);
    const res = await client.request("GET", "/events", { query: { since, until, filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined } });
    const print = (line: string) => {
      if (!line.trim()) return;
      if (rawJson) {
        process.stdout.write(`${line}\n`);
        return;
      }
      const e = JSON.parse(line) as EventMessage;
      if (format) {
        process.stdout.write(renderValue(format, e, "events"));
        return;
      }
      const nano = /"timeNano":(\d+)/.exec(line)?.[1] ?? String(e.time * 1e9);
      process.stdout.write(`${eventText(e, nano)}\n`);
    };
    for await (const line of responseLines(res)) print(line);
    return 0;
  },
});
