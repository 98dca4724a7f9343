/**
 * The one error hierarchy. Each class carries the HTTP status the API answers with; api/ turns
 * errors into `{"message": ...}` and client/ turns statuses back into the same classes.
 */
export class BunkerError extends Error {
  readonly status: number = 500;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFound extends BunkerError { override readonly status = 404; }
export class InvalidArgument extends BunkerError { override readonly status = 400; }
export class Conflict extends BunkerError { override readonly status = 409; }
export class Unauthorized extends BunkerError { override readonly status = 401; }
export class Forbidden extends BunkerError { override readonly status = 403; }
export class NotModified extends BunkerError { override readonly status = 304; }
export class NotImplemented extends BunkerError { override readonly status = 501; }
export class Unavailable extends BunkerError { override readonly status = 503; }
/** A failure of the host or of Bunker itself (500). */
export class SystemError extends BunkerError {}
/**
 * Downloaded bytes that are not what their digest says (500, as Docker answers): unlike a
 * broken transfer, nothing of them may be kept to resume from.
 */
export class ContentMismatch extends SystemError {}

const byStatus: Record<number, new (message: string) => BunkerError> = {
  304: NotModified,
  400: InvalidArgument,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  501: NotImplemented,
  503: Unavailable,
};

/** The error class for an HTTP status: the inverse of `error.status`. */
export function errorFromStatus(status: number, message: string): BunkerError {
  const Class = byStatus[status] ?? SystemError;
  return new Class(message);
}

/** The HTTP status for any thrown value: a BunkerError's own, else 500. */
export function statusOf(err: unknown): number {
  return err instanceof BunkerError ? err.status : 500;
}

/** A one-line message for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
