/**
 * Errors are values with a code (an i18n key under `errors.`) and an HTTP status. The error
 * handler translates them for the caller; they never carry a record or a stack to the client.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export const notFound = (what = 'record') => new AppError(404, 'notFound', { what });
export const forbidden = () => new AppError(403, 'forbidden');
export const conflict = (code = 'conflict') => new AppError(409, code);
export const badRequest = (code: string, params: Record<string, string | number> = {}) => new AppError(400, code, params);
