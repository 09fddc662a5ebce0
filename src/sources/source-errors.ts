// Errors of configured databases. The export and import types turn them into task failures:
// SourceQueryError is a mistake in a query or its values (retrying cannot help), SourceUnavailableError a
// database that cannot be reached, opened or locked now (a later attempt may succeed).

export class SourceQueryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceQueryError';
  }
}

export class SourceUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceUnavailableError';
  }
}
