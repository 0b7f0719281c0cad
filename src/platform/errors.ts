/**
 * The one error type services throw. `code` is a stable machine word clients may switch on;
 * `message` is for humans (English; pages translate by code where a translation exists).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly details?: Record<string, unknown>,
  ) {
    // An expected answer (sold out, not found), never logged with a stack: a rush throws thousands
    // of them a second, and capturing the stack was a tenth of each one's cost.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = "DomainError";
  }
}

export function domainError(
  code: string,
  message: string,
  httpStatus = 400,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(code, message, httpStatus, details);
}

export const notFound = (what: string) => domainError("not_found", `${what} not found`, 404);
export const forbidden = () => domainError("forbidden", "You are not allowed to do this", 403);
export const unauthenticated = () => domainError("unauthenticated", "Authentication required", 401);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
