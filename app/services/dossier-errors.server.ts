/** An action the user may retry or correct; carries the HTTP status and a Vietnamese message. */
export class DossierActionError extends Error {
  constructor(
    /** 401 no session, 403 not allowed, 404 not visible or missing, 400 bad input, 409 not now. */
    public readonly status: 400 | 401 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
