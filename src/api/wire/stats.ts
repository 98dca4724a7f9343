import type { ContainerRecord, StatsSample } from "../../engine/index.ts";

const zeroTime = "0001-01-01T00:00:00Z";

function cpuStats(s: StatsSample | undefined) {
  const c = s?.cgroup;
  return {
    cpu_usage: { total_usage: c?.cpuTotalNs ?? 0, usage_in_kernelmode: c?.cpuSystemNs ?? 0, usage_in_usermode: c?.cpuUserNs ?? 0 },
    system_cpu_usage: s?.cgroup ? s.systemCpuNs : 0,
    online_cpus: s?.cgroup ? s.onlineCpus : 0,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
}

/**
 * GET /containers/{id}/stats, one object in Docker's shape: CPU against the host's CPU time
 * (the client computes the percentage from this sample and `prev`, precpu_stats), memory with
 * memory.stat's keys, pids, block I/O. A container that does not run gets zeros, as Docker's.
 */
export function statsWire(c: ContainerRecord, sample: StatsSample, prev?: StatsSample): Record<string, unknown> {
  const g = sample.cgroup;
  const running = !!g;
  return {
    name: `/${c.name}`,
    id: c.id,
    read: running ? sample.read : zeroTime,
    preread: prev?.cgroup ? prev.read : zeroTime,
    pids_stats: running ? { current: g.pidsCurrent, ...(g.pidsLimit ? { limit: g.pidsLimit } : {}) } : {},
    blkio_stats: {
      io_service_bytes_recursive: running
        ? g.blkio.flatMap((d) => [
            { major: d.major, minor: d.minor, op: "read", value: d.read },
            { major: d.major, minor: d.minor, op: "write", value: d.write },
          ])
        : null,
      io_serviced_recursive: null,
      io_queue_recursive: null,
      io_service_time_recursive: null,
      io_wait_time_recursive: null,
      io_merged_recursive: null,
      io_time_recursive: null,
      sectors_recursive: null,
    },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpuStats(sample),
    precpu_stats: cpuStats(prev),
    memory_stats: running ? { usage: g.memoryUsage, stats: g.memoryStat, limit: g.memoryLimit } : {},
    ...(sample.networks && Object.keys(sample.networks).length
      ? {
          networks: Object.fromEntries(
            Object.entries(sample.networks).map(([name, n]) => [
              name,
              { rx_bytes: n.rxBytes, rx_packets: n.rxPackets, rx_errors: 0, rx_dropped: 0, tx_bytes: n.txBytes, tx_packets: n.txPackets, tx_errors: 0, tx_dropped: 0 },
            ]),
          ),
        }
      : {}),
  };
}
