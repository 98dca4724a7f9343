import { GoStruct } from "./go-values.ts";

/** One row of `docker stats`, the columns already computed (CPU share, memory, I/O). */
export interface StatsRow {
  container: string;
  id: string;
  name: string;
  cpuPerc: string;
  memUsage: string;
  memPerc: string;
  netIO: string;
  blockIO: string;
  pids: string;
}

export const statsHeaders: Record<string, string> = {
  Container: "CONTAINER", ID: "CONTAINER ID", Name: "NAME", CPUPerc: "CPU %", MemUsage: "MEM USAGE / LIMIT", MemPerc: "MEM %", NetIO: "NET I/O", BlockIO: "BLOCK I/O", PIDs: "PIDS",
};

export const defaultStatsTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

/** Docker's statsContext for one container. */
export function statsContext(r: StatsRow): GoStruct {
  return new GoStruct("*formatter.statsContext", {
    Container: () => r.container,
    ID: () => r.id,
    Name: () => r.name,
    CPUPerc: () => r.cpuPerc,
    MemUsage: () => r.memUsage,
    MemPerc: () => r.memPerc,
    NetIO: () => r.netIO,
    BlockIO: () => r.blockIO,
    PIDs: () => r.pids,
  });
}
