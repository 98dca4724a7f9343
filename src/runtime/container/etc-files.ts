import { readFileSync } from "node:fs";

/** /etc/hosts for a container, as Docker writes it (plus --add-host entries). */
export function hostsFile(hostname: string, extra: { host: string; ip: string }[] = []): string {
  const lines = [
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "ff00::0\tip6-mcastprefix",
    "ff02::1\tip6-allnodes",
    "ff02::2\tip6-allrouters",
    ...extra.map((e) => `${e.ip}\t${e.host}`),
    `127.0.1.1\t${hostname}`,
  ];
  return lines.join("\n") + "\n";
}

/**
 * /etc/resolv.conf for a container. With the host's network the host's file is used as is.
 * With a private network namespace, loopback resolvers (a 127.0.0.53 stub) cannot be reached
 * from inside, so they are dropped; the user-mode network will put its own forwarder here.
 */
export function resolvConf(opts: { hostNetwork: boolean; dns?: string[]; dnsSearch?: string[]; dnsOptions?: string[]; hostFile?: string }): string {
  let host = "";
  try {
    host = readFileSync(opts.hostFile ?? "/etc/resolv.conf", "utf8");
  } catch {
    // no resolv.conf on the host
  }
  const lines = host.split("\n");
  let nameservers = lines.filter((l) => /^\s*nameserver\s/.test(l)).map((l) => l.trim().split(/\s+/)[1]!);
  let search = lines.filter((l) => /^\s*search\s/.test(l)).flatMap((l) => l.trim().split(/\s+/).slice(1));
  let options = lines.filter((l) => /^\s*options\s/.test(l)).flatMap((l) => l.trim().split(/\s+/).slice(1));
  if (!opts.hostNetwork) nameservers = nameservers.filter((ns) => !ns.startsWith("127.") && ns !== "::1");
  if (opts.dns?.length) nameservers = opts.dns;
  if (opts.dnsSearch?.length) search = opts.dnsSearch;
  if (opts.dnsOptions?.length) options = opts.dnsOptions;
  return [
    ...(search.length ? [`search ${search.join(" ")}`] : []),
    ...nameservers.map((ns) => `nameserver ${ns}`),
    ...(options.length ? [`options ${options.join(" ")}`] : []),
  ].join("\n") + "\n";
}
