interface Entry {
  token: string;
  expiresAt: number;
}

/** Bearer tokens by (realm, service, scopes, identity), each until shortly before it expires. */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(parts: { realm: string; service?: string; scopes: readonly string[]; identity: string }): string {
    return JSON.stringify([parts.realm, parts.service ?? "", [...parts.scopes].sort(), parts.identity]);
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  /**
   * Keeps a token for `expiresInSec` from `issuedAt` (the spec's default lifetime is 60 s when the
   * server does not say), less a margin so a token never expires on the way to the registry.
   */
  set(key: string, token: string, expiresInSec?: number, issuedAt?: string): void {
    const lifetime = (expiresInSec && expiresInSec > 0 ? expiresInSec : 60) * 1000;
    const issued = issuedAt ? Date.parse(issuedAt) : NaN;
    const start = Number.isFinite(issued) && issued <= this.now() ? issued : this.now();
    const margin = Math.min(10_000, lifetime / 4);
    this.entries.set(key, { token, expiresAt: start + lifetime - margin });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
