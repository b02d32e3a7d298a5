export type OutboundErrorCode = 'invalid_url' | 'address_not_allowed' | 'timeout' | 'network_error' | 'too_many_redirects';

/** The one way outbound HTTP fails (index.ts re-exports it as part of the contract). */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}
