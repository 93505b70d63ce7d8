// Tells the header lines a forwarded or quoted message carries in a body (From:, Sent:, To:, Date:,
// Subject:, De:, Enviado: ...) from what a person writes: who wrote when, not what is asked. Pure.

/**
 * A header line of a forwarded or quoted message (From:, Sent:, Date:, De:, Enviado: ...), after a rule of underscores
 * or dashes and with its fields joined on one line: who wrote when, not what is asked.
 */
export const HEADER_FIELD_LINE = /^[_-]*\s*(?:from|sent|to|cc|bcc|date|subject|de|enviado|para|asunto|fecha) ?:/i;

/** Is this line (leading spaces and tabs allowed) such a header line? */
export function isHeaderFieldLine(line: string): boolean {
  return HEADER_FIELD_LINE.test(line.trimStart());
}
