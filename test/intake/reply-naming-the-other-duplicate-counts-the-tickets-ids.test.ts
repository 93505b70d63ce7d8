// A merge request that named one record waits for "Who: all the duplicate Client IDs". The reply
// that names the other ("The other record is LHSE204811.") supplies them: the IDs the ticket knows
// count with the reply's, so the item is cleared and the reminder does not ask for it again.
import { describe, expect, it } from 'vitest';
import { recheckMissingInfo } from '../../src/intake/missing-info.ts';
import { assessReply } from '../../src/inbound/assess-intake.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules(undefined, { withModel: false });
const waiting = { route: 'ica_helpdesk', topic: 'merge_request', type: 'issue' as const, missingInfo: ['duplicate_client_ids'], clientIds: ['LHSE204810'] };
const reply = (text: string) => ({ subject: '', text, attachments: [] });

const asMail = (text: string): ParsedMessage => ({
  messageId: null, inReplyTo: [], references: [], subject: '', from: null, to: [], cc: [], replyTo: [], deliveredTo: [], date: null,
  text, html: null, headers: {}, contentType: 'text/plain', contentTypeParams: {}, attachments: [],
});

describe('a reply naming the other duplicate record', () => {
  it('clears "all the duplicate Client IDs" when the ticket knows the first, and only then', () => {
    expect(recheckMissingInfo(reply('The other record is LHSE204811.'), waiting, rules)).toEqual([]);
    // As the mail and the page assess a reply on the ticket.
    expect(assessReply(asMail('The other record is LHSE204811.'), 'The other record is LHSE204811.', waiting, rules))
      .toEqual({ stillMissing: [], clientIds: ['LHSE204811'] });
    // The ticket and the reply name one record between them: still asked.
    expect(recheckMissingInfo(reply('The record is LHSE204810.'), waiting, rules)).toEqual(['duplicate_client_ids']);
    expect(recheckMissingInfo(reply('The other record is LHSE204811.'), { ...waiting, clientIds: [] }, rules)).toEqual(['duplicate_client_ids']);
  });
});
