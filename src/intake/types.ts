// The shapes the intake stage reads and returns: one request as the classifier sees it and the
// classification it decides (route, topic, type, priority, client IDs, missing information). Pure data.
import type { Priority, TicketType } from '../tickets/types.ts';
import type { Route, Topic } from './labels.ts';

export type { Route, Topic } from './labels.ts';

export interface IntakeInput {
  subject: string;
  /** Plain-text body; may hold a forwarded chain or quoted text and ends with the signature. */
  text: string;
  attachments: { filename: string; contentType: string }[];
  /** Decoded text of text attachments (CSV exports), when the caller has them. */
  attachmentTexts?: string[];
  /** Recipient addresses; a vendor address in To, or copied and greeted by name, marks vendor_direct. */
  to?: string[];
  cc?: string[];
  /** When the mail was sent; lets "deadline is 3/14" be measured. */
  receivedAt?: Date;
  /**
   * The type the person chose on the request form (the guide's three choices), which decides instead
   * of the type model: what is asked (issue-only items) and the priority follow it. Absent for mail.
   */
  chosenType?: TicketType;
}

export interface Classification {
  route: Route;
  topic: Topic;
  type: TicketType;
  priority: Priority;
  clientIds: string[];
  missingInfo: string[];
  /** One line saying why the request is urgent; null when it is not. */
  urgentReason?: string | null;
  /** The trained model's calibrated view of each decided field, when a model is loaded. */
  confidence?: Partial<Record<'route' | 'topic' | 'type', FieldConfidence>>;
}

export interface FieldConfidence {
  /** Probability the model gives the decided label. */
  probability: number;
  /** The model's best other label and its probability. */
  runnerUp: string | null;
  runnerUpProbability: number;
}
