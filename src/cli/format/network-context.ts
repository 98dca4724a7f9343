import { GoStruct } from "./go-values.ts";
import { goTimeString, sortedLabels } from "./units.ts";

/** One network of GET /networks as the CLI reads it. */
export interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Created?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
}

export const networkHeaders: Record<string, string> = {
  ID: "NETWORK ID", Name: "NAME", Driver: "DRIVER", Scope: "SCOPE", IPv6: "IPV6", Internal: "INTERNAL", Labels: "LABELS", Label: "LABEL", CreatedAt: "CREATED AT",
};

export const defaultNetworkTable = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";

/** Docker's networkContext for one network of `network ls`. */
export function networkContext(n: NetworkSummary, opts: { trunc: boolean }): GoStruct {
  return new GoStruct("*formatter.networkContext", {
    ID: () => (opts.trunc ? n.Id.slice(0, 12) : n.Id),
    Name: () => n.Name,
    Driver: () => n.Driver,
    Scope: () => n.Scope,
    IPv6: () => String(!!n.EnableIPv6),
    Internal: () => String(!!n.Internal),
    Labels: () => sortedLabels(n.Labels),
    Label: (name: unknown) => (n.Labels ?? {})[String(name)] ?? "",
    CreatedAt: () => (n.Created ? goTimeString(Math.floor(Date.parse(n.Created) / 1000)) : ""),
  });
}
