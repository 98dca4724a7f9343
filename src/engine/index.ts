import { join } from "node:path";
import type { DaemonConfig, Paths } from "../config/index.ts";
import { RegistryClient } from "../image/index.ts";
import { ContainerRuntime } from "../runtime/index.ts";
import { ResourceService } from "./containers/resource-service.ts";
import { ContentStore, ImageRecords, MetadataDb, chooseSnapshotter, createSnapshotter, setForeignTreeRemover } from "../store/index.ts";
import type { ImageDoc } from "./images/image-doc.ts";
import { ImageService } from "./images/image-service.ts";
import { inProcessUnpacker } from "./images/layer-unpacker.ts";
import { VolumeService } from "./volumes/volume-service.ts";
import { UsernsTools } from "./images/userns-tools.ts";
import { ContainerService } from "./containers/container-service.ts";
import { ContainerStore } from "./containers/container-store.ts";
import { ExecService } from "./containers/exec-service.ts";
import { SystemService } from "./system.ts";
import { NetworkService } from "./networks/network-service.ts";
import { NetworkPlane } from "./networks/network-plane.ts";
import { ContainerNetworking } from "./networks/container-networking.ts";
import { EventBus } from "./events/index.ts";
import { BuildService } from "./builds/build-service.ts";
import { EngineExecutor } from "./builds/engine-executor.ts";
import { inProcessLayerDiffer, usernsLayerDiffer, type LayerDiffer } from "./builds/layer-differ.ts";

export type { EngineInfo, EngineVersion } from "./system.ts";
export { SystemService } from "./system.ts";
export { EventBus, EventFilter, type EngineEvent, type EventType } from "./events/index.ts";
export type { ContainerRecord, ContainerState, ContainerStatus } from "./containers/container-record.ts";
export type { AttachTarget, CreateInput } from "./containers/container-service.ts";
export type { ExecInput, ExecRecord } from "./containers/exec-service.ts";
export { listContainers, type ListQuery, type ListedContainer } from "./containers/list-containers.ts";
export { listImages } from "./images/list-images.ts";
export { listVolumes } from "./volumes/list-volumes.ts";
export type { LogEntry } from "./containers/logs.ts";
export type { Image, ImageDoc } from "./images/image-doc.ts";
export { ImageService } from "./images/image-service.ts";
export type { PullEvent } from "./images/pull-image.ts";
export type { CgroupStats, ResourceLimits } from "../runtime/index.ts";
export type { ResourceService, StatsSample } from "./containers/resource-service.ts";
export { VolumeService, type Volume } from "./volumes/volume-service.ts";
export { NetworkService, type NetworkView, type NetworkCreateInput } from "./networks/network-service.ts";
export { ContainerNetworking } from "./networks/container-networking.ts";
export type { NetworkRecord, Endpoint, EndpointRequest, PortBinding, NetworkRequest, ContainerNetworkState } from "./networks/network-record.ts";
export { checkNetworkFilters, type NetworkFilters } from "./networks/network-filters.ts";
export { BuildService } from "./builds/build-service.ts";
export { dropMountStubs } from "./builds/layer-differ.ts";
export { applyConfigChanges } from "./builds/config-changes.ts";
export type { BuildEmit, BuildOptions } from "./builds/build-options.ts";
export { archivePath, containerPath, extractInto, statPath, type PathStat } from "./containers/archive.ts";
/** Registry credentials from the X-Registry-Auth header, for the API to hand to pulls and pushes. */
export { decodeRegistryAuth } from "../image/index.ts";

/** The engine: every use case the API and the CLI reach through the daemon. */
export interface Engine {
  system: SystemService;
  containers: ContainerService;
  execs: ExecService;
  images: ImageService;
  volumes: VolumeService;
  resources: ResourceService;
  networks: NetworkService;
  /** Containers on networks: connect, disconnect, DNS names for inspect. */
  networking: ContainerNetworking;
  /** Every service emits here; GET /events reads it; a network service emits through it too. */
  events: EventBus;
  builds: BuildService;
  close(): void;
}

/** Build the engine for a daemon: choose drivers, open bunker.db, re-adopt running containers. */
export async function createEngine(opts: { paths: Paths; config: DaemonConfig }): Promise<Engine> {
  const rootless = process.getuid?.() !== 0;
  const snapshotter = chooseSnapshotter({ dataRoot: opts.paths.dataRoot, preferred: opts.config.storageDriver, rootless });
  const events = new EventBus();
  const db = new MetadataDb(join(opts.paths.dataRoot, "bunker.db"));
  const store = new ContainerStore(db);
  const runtime = new ContainerRuntime(opts.paths.execRoot, opts.config.unenforcedLimits);
  // Rootless with subordinate ids: layers are unpacked and foreign trees removed inside the
  // shared user namespace, so files keep the owners the image gives them.
  let unpacker = inProcessUnpacker;
  let layerDiffer: LayerDiffer = inProcessLayerDiffer(() => {
    const plan = runtime.idMapPlan();
    return plan.userns ? { uidMap: plan.uidMap, gidMap: plan.gidMap } : undefined;
  });
  if (rootless && runtime.idMapPlan().newuidmap) {
    layerDiffer = usernsLayerDiffer(runtime.monitorExe(), () => runtime.usernsHolder()!);
    const tools = new UsernsTools(runtime.monitorExe(), () => runtime.usernsHolder()!);
    unpacker = tools.unpacker();
    setForeignTreeRemover((path) => tools.removeTree(path));
  } else if (!rootless) {
    // As root, layers unpack in child processes too, so that several run on several cores.
    unpacker = { ...inProcessUnpacker, unpack: new UsernsTools(runtime.monitorExe()).unpacker().unpack };
  }
  const registry = new RegistryClient({ insecureRegistries: opts.config.insecureRegistries, registryMirrors: opts.config.registryMirrors });
  const images: ImageService = new ImageService(
    registry,
    new ContentStore(opts.paths.dataRoot),
    new ImageRecords<ImageDoc>(db),
    createSnapshotter(snapshotter, join(opts.paths.dataRoot, "snapshots"), rootless),
    unpacker,
    (imageId): string[] => containers.usingImage(imageId),
    events,
  );
  const volumes: VolumeService = new VolumeService(db, opts.paths.dataRoot, (name): string[] => containers.usingVolume(name), events);
  const net = opts.config.network;
  const networks = new NetworkService(db, { bip: net.bip, defaultAddressPools: net.defaultAddressPools }, () => store.list(), events);
  const plane = new NetworkPlane({ mtu: net.mtu, dns: net.dns, hostLoopback: net.hostLoopback });
  const networking = new ContainerNetworking(networks, plane, store, runtime, { mtu: net.mtu, hostGatewayIp: net.hostGatewayIp });
  const execs = new ExecService(store, runtime, events);
  const containers: ContainerService = new ContainerService(store, runtime, opts.paths.dataRoot, images, volumes, networking, events, (id, args, timeoutMs) => execs.probe(id, args, timeoutMs));
  await containers.adopt();
  const system = new SystemService(opts.paths, opts.config, snapshotter, () => {
    const all = store.list();
    const running = all.filter((c) => c.state.status === "running").length;
    return { containers: all.length, running, paused: 0, stopped: all.length - running, images: images.list().length };
  });
  const builds = new BuildService(db, new EngineExecutor(images, containers, layerDiffer), images);
  const close = () => {
    containers.close();
    plane.close();
    db.close();
  };
  return { system, containers, execs, images, volumes, resources: new ResourceService(store, runtime, (id) => plane.counters(id)), networks, networking, events, builds, close };
}
export { copyUpHere } from "./images/layer-unpacker.ts";
export { pruneFilter, prunable, type PruneFilter } from "./prune-filters.ts";
export { boolFilter } from "./list-filters.ts";
export { diskUsage, type DiskUsage, type DiskUsageKind } from "./disk-usage.ts";
