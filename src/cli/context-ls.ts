import { ContextStore } from "../config/index.ts";
import { command, type CliData } from "./command.ts";
import { contextView, defaultContextView, type ContextView } from "./context-view.ts";
import { GoStruct, renderList, writeOut } from "./format/index.ts";

const headers: Record<string, string> = { Name: "NAME", Description: "DESCRIPTION", DockerEndpoint: "DOCKER ENDPOINT", Error: "ERROR", Current: "CURRENT" };

function row(v: ContextView, current: boolean, table: boolean): GoStruct {
  return new GoStruct("*formatter.clientContextContext", {
    // In a table the current context is marked with " *", as Docker marks it.
    Name: () => (table && current ? `${v.name} *` : v.name),
    Current: () => current,
    Description: () => v.description,
    DockerEndpoint: () => v.host,
    Error: () => "",
  });
}

export default command({
  meta: { name: "ls", description: "List contexts", alias: "list" },
  args: {
    format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
    quiet: { type: "boolean", alias: "q", description: "Only show context names" },
  },
  async run({ args, data }) {
    const current = (data as CliData).globals.context ?? "default";
    const views = [defaultContextView(), ...new ContextStore().list().map(contextView)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const format = args.format ?? "";
    const table = !args.quiet && (!format || format.startsWith("table"));
    const rows = views.map((v) => row(v, v.name === current, table));
    writeOut(renderList({ format, defaultTable: "table {{.Name}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}", quietFormat: "{{.Name}}", quiet: !!args.quiet, headers }, rows));
    return 0;
  },
});
