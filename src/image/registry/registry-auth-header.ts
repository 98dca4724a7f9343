import { InvalidArgument } from "../../lib/index.ts";
import type { RegistryCredentials } from "./registry-types.ts";

/**
 * Decodes an X-Registry-Auth header: base64url (standard base64 is accepted too) of a JSON auth
 * config. An absent, empty or `{}` ("e30=") header means no credentials.
 */
export function decodeRegistryAuth(header: string | null | undefined): RegistryCredentials | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  let json: unknown;
  try {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    json = JSON.parse(Buffer.from(b64, "base64").toString("utf8"));
  } catch (err) {
    throw new InvalidArgument(`invalid X-Registry-Auth header: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InvalidArgument("invalid X-Registry-Auth header: not a JSON object");
  }
  const o = json as Record<string, unknown>;
  const str = (key: string): string | undefined => {
    const v = o[key] ?? o[key.charAt(0).toUpperCase() + key.slice(1)];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const creds: RegistryCredentials = {};
  let username = str("username");
  let password = str("password");
  const auth = str("auth");
  if (auth && !username && !password) {
    const pair = Buffer.from(auth, "base64").toString("utf8");
    const colon = pair.indexOf(":");
    if (colon > 0) {
      username = pair.slice(0, colon);
      password = pair.slice(colon + 1);
    }
  }
  if (username) creds.username = username;
  if (password) creds.password = password;
  const identityToken = str("identitytoken") ?? str("identityToken");
  if (identityToken) creds.identityToken = identityToken;
  const registryToken = str("registrytoken") ?? str("registryToken");
  if (registryToken) creds.registryToken = registryToken;
  const serverAddress = str("serveraddress") ?? str("serverAddress");
  if (serverAddress) creds.serverAddress = serverAddress;
  return creds.username || creds.password || creds.identityToken || creds.registryToken ? creds : undefined;
}

/** The inverse, for clients sending X-Registry-Auth: base64url JSON in Docker's field names. */
export function encodeRegistryAuth(creds: RegistryCredentials | undefined): string {
  const o: Record<string, string> = {};
  if (creds?.username) o.username = creds.username;
  if (creds?.password) o.password = creds.password;
  if (creds?.identityToken) o.identitytoken = creds.identityToken;
  if (creds?.registryToken) o.registrytoken = creds.registryToken;
  if (creds?.serverAddress) o.serveraddress = creds.serverAddress;
  return Buffer.from(JSON.stringify(o)).toString("base64url");
}
