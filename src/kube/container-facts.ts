/** What generate reads of `GET /containers/{id}/json` (Docker's inspect shape). */
export interface ContainerFacts {
  Name: string;
  Config: {
    Image: string;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    User?: string;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, unknown> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
    StopTimeout?: number | null;
  };
  HostConfig: {
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    Memory?: number;
    MemoryReservation?: number;
    NanoCpus?: number;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    ReadonlyRootfs?: boolean;
    Privileged?: boolean;
    RestartPolicy?: { Name?: string };
    Tmpfs?: Record<string, string> | null;
  };
  Mounts?: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[] | null;
}

/** What generate reads of `GET /images/{id}/json`: the defaults a manifest need not repeat. */
export interface ImageFacts {
  Config?: {
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
  } | null;
}
