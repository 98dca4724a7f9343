import * as v from "valibot";
import { InvalidArgument } from "./errors.ts";

/** One line per issue: `key.path: what is wrong`. Unknown keys of strict objects say so plainly. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      const what = issue.type === "strict_object" ? "unknown key" : issue.message;
      return path ? `${JSON.stringify(path)}: ${what}` : what;
    })
    .join("; ");
}

const objectSchemas = new Set(["object", "strict_object", "loose_object", "object_with_rest"]);

/**
 * Parse `value` with a valibot schema or throw InvalidArgument whose message starts with
 * `what` and names every offending key. Use at the edges only: API input, config, records.
 */
export function parseWith<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  // valibot's object schemas accept arrays (typeof [] is "object"); a JSON array is never an object here.
  if (Array.isArray(value) && objectSchemas.has(schema.type)) throw new InvalidArgument(`${what}: expected a JSON object but received an array`);
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new InvalidArgument(`${what}: ${describeIssues(result.issues)}`);
}
