import type { ApiContext } from "./context.ts";

/** What a handler returns: a JSON body, plain text, no content, or nothing when it wrote (or hijacked) the response itself. */
export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; contentType?: string; headers?: Record<string, string> }
  | { status: 204 | 304; headers?: Record<string, string> }
  | undefined;

export type Handler = (ctx: ApiContext) => Promise<Reply> | Reply;

export interface Route {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE";
  /** A path pattern such as /containers/{id}/json; `{name}` matches one path segment, `{name*}` one or more. */
  path: string;
  handler: Handler;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Routes matched by method and path pattern; the path has no /v1.NN prefix by now. */
export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: Route[] = []) {
    for (const route of routes) this.add(route);
  }

  add(route: Route): void {
    const names: string[] = [];
    const pattern = route.path
      .split("/")
      .map((segment) => {
        const m = /^\{(\w+)(\*?)\}$/.exec(segment);
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(m[1]!);
        // {name*} spans slashes: image names like localhost:5000/me/app:1.
        return m[2] ? "(.+?)" : "([^/]+)";
      })
      .join("/");
    this.compiled.push({ route, regex: new RegExp(`^${pattern}/?$`), names });
  }

  /** The matching route and its decoded params; `methodMismatch` when only the method differs. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      const wanted = c.route.method;
      if (wanted !== method && !(wanted === "GET" && method === "HEAD" && !this.hasExplicitHead(path))) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { route: c.route, params };
    }
    return { methodMismatch };
  }

  private hasExplicitHead(path: string): boolean {
    return this.compiled.some((c) => c.route.method === "HEAD" && c.regex.test(path));
  }
}
