// Which address a message was delivered to, as our own receiving server recorded it. The server
// adds its Delivered-To line above every header the sender wrote, so only the topmost one is
// trusted; lower Delivered-To, X-Original-To and Envelope-To lines are the sender's words and
// never name the recipient (a forged one could carry someone else's signed reply address).
// Pure.

/** The raw value of the topmost Delivered-To header (headers in message order), or null. */
export function deliveryRecipientHeader(headers: Readonly<Record<string, readonly string[]>>): string | null {
  return headers['delivered-to']?.[0] ?? null;
}

/**
 * The addresses that may carry a signed reply token: the recipient our server recorded when
 * there is one, otherwise the visible To and Cc (mail handed over without a delivery line).
 */
export function tokenCandidates(deliveredTo: readonly string[], visible: readonly string[]): string[] {
  return deliveredTo.length > 0 ? [...deliveredTo] : [...new Set(visible)];
}
