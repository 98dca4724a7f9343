import { GoStruct } from "./go-values.ts";
import { humanSize, sortedLabels } from "./units.ts";

/** One volume of GET /volumes as the CLI reads it. */
export interface VolumeSummary {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}

export const volumeHeaders: Record<string, string> = {
  Name: "VOLUME NAME", Driver: "DRIVER", Scope: "SCOPE", Mountpoint: "MOUNTPOINT", Labels: "LABELS", Label: "LABEL", Links: "LINKS", Size: "SIZE",
  Group: "GROUP", Availability: "AVAILABILITY", Status: "STATUS",
};

export const defaultVolumeTable = "table {{.Driver}}\t{{.Name}}";

/** Docker's volumeContext for one volume of `volume ls`. */
export function volumeContext(v: VolumeSummary): GoStruct {
  return new GoStruct("*formatter.volumeContext", {
    Name: () => v.Name,
    Driver: () => v.Driver,
    Scope: () => v.Scope ?? "local",
    Mountpoint: () => v.Mountpoint,
    Labels: () => sortedLabels(v.Labels),
    Label: (name: unknown) => (v.Labels ?? {})[String(name)] ?? "",
    Links: () => (v.UsageData && v.UsageData.RefCount !== -1 ? String(v.UsageData.RefCount) : "N/A"),
    // Swarm cluster volumes' fields: never set for local volumes.
    Group: () => "N/A",
    Availability: () => "N/A",
    Status: () => "N/A",
    Size: () => (v.UsageData && v.UsageData.Size !== -1 ? humanSize(v.UsageData.Size, 4) : "N/A"),
  });
}
