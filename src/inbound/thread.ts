// Finds the clues that tie a message to an existing ticket, strongest first: the signed reply
// token in a recipient address, In-Reply-To/References ids, our pseudo-reference
// `<ticket-REF@host>`, and the subject tag. Pure: the store resolves the clues to a ticket.
import { findBareSubjectRef, findPseudoIdRefs, findSubjectRef, type TicketNaming } from '../tickets/reference.ts';
import type { ParsedMessage } from './types.ts';
import { tokenCandidates } from './delivery-recipient.ts';

export interface ThreadClues {
  /** Where the signed reply token may be read (verified by the caller): the delivery recipient our server recorded, else To and Cc. */
  recipientAddresses: string[];
  /** In-Reply-To first, then References newest first. */
  messageIds: string[];
  /** Refs named by our pseudo Message-IDs. */
  pseudoRefs: string[];
  /** Ref from our subject tag (a weak clue: only for participants). */
  subjectRef: string | null;
  /** A bare ref elsewhere in the subject, e.g. a support tracker that rewrote our tag (weak). */
  bareSubjectRef: string | null;
}

export type ThreadMatch = 'token' | 'message-id' | 'pseudo-id' | 'subject-tag' | 'none';

export function findThreadClues(msg: ParsedMessage, naming: TicketNaming): ThreadClues {
  const ids = [...msg.inReplyTo, ...[...msg.references].reverse()];
  const subjectRef = findSubjectRef(naming, msg.subject);
  return {
    recipientAddresses: tokenCandidates(msg.deliveredTo, [...msg.to, ...msg.cc].map((a) => a.address)),
    messageIds: [...new Set(ids)],
    pseudoRefs: findPseudoIdRefs(naming, ids),
    subjectRef,
    bareSubjectRef: subjectRef ? null : findBareSubjectRef(naming, msg.subject),
  };
}
