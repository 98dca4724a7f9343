import { expect, test } from "bun:test";
import { statsRow } from "../../../src/cli/stats.ts";
import { defaultStatsTable, renderList, statsContext, statsHeaders } from "../../../src/cli/format/index.ts";

const sample = {
  id: "0123456789abcdef0123",
  name: "/web",
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 2_500_000_000 }, system_cpu_usage: 18_000_000_000 },
  memory_stats: { usage: 10 * 1024 * 1024, limit: 64 * 1024 * 1024, stats: { total_inactive_file: 2 * 1024 * 1024 } },
  blkio_stats: { io_service_bytes_recursive: [{ op: "read", value: 4096 }, { op: "write", value: 1_500_000 }] },
  pids_stats: { current: 3 },
  networks: { eth0: { rx_bytes: 1500, tx_bytes: 2_000_000 } },
};

test("a stats row as the docker CLI computes it: CPU share of the host, memory without inactive cache", () => {
  // 0.5 s of CPU over 2 s of host time on 2 CPUs: 50%.
  expect(statsRow(sample)).toEqual(["0123456789ab", "web", "50.00%", "8MiB / 64MiB", "12.50%", "1.5kB / 2MB", "4.1kB / 1.5MB", "3"]);
});

test("stats --format renders Docker's fields; table has Docker's headers", () => {
  const [id = "", name = "", cpuPerc = "", memUsage = "", memPerc = "", netIO = "", blockIO = "", pids = ""] = statsRow(sample);
  const row = statsContext({ container: "web", id, name, cpuPerc, memUsage, memPerc, netIO, blockIO, pids });
  const f = (format: string) => renderList({ format, defaultTable: defaultStatsTable, quietFormat: "{{.ID}}", quiet: false, headers: statsHeaders }, [row]);
  expect(f("{{.Name}} {{.MemUsage}}")).toBe("web 8MiB / 64MiB\n");
  expect(f("table {{.Container}}\t{{.CPUPerc}}")).toBe("CONTAINER   CPU %\nweb         50.00%\n");
});
