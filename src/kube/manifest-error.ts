/**
 * A manifest that cannot be read, validated or played (the user's input, not the daemon's
 * answer): the CLI prints its message as it is, without "Error response from daemon".
 */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
}
