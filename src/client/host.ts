import { InvalidArgument } from "../lib/index.ts";

/** A parsed daemon address. Only unix sockets exist so far; tcp:// and ssh:// come later. */
export interface Host {
  kind: "unix";
  path: string;
  /** The address as a user would write it: unix:///path. */
  url: string;
}

/** Parse `unix:///path`, or a bare absolute path, into a Host. */
export function parseHost(value: string): Host {
  let path: string;
  if (value.startsWith("unix://")) path = value.slice("unix://".length);
  else if (value.startsWith("/")) path = value;
  else {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
    if (scheme) throw new InvalidArgument(`unsupported host ${value}: only unix:// sockets are supported so far`);
    throw new InvalidArgument(`invalid host ${JSON.stringify(value)}: want unix:///path/to/socket`);
  }
  if (!path.startsWith("/")) throw new InvalidArgument(`invalid host ${value}: the socket path must be absolute`);
  return { kind: "unix", path, url: `unix://${path}` };
}
