// A forward staff send to the help desk opens a ticket whose description holds the forwarded message
// (after their comment, if they typed one), so the admins' mail and the mail that passes the request
// on to MACCH carry the client's request. The staff member who forwards stays the requester. A forward
// sent as a reply on a ticket adds only what was typed to it, as the reply conventions say.
import { describe, expect, it } from 'vitest';
import { buildMailProps } from '../../src/outbound/mail-props.ts';
import { DRY_RUN_LOOKUP, runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';
import { mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: 'macch@example.test', NMIS_ADDRESS: null });
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const fixture = (name: string): Buffer => mailFixture(`forwards/${name}`);

async function created(name: string) {
  const r = await runPipeline(fixture(name), PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW);
  const change = r.decision.change;
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change;
}

describe('a forwarded request through the pipeline', () => {
  it('with nothing typed, the ticket holds the forwarded request and MACCH is sent it', async () => {
    const change = await created('outlook-macch-request-nothing-typed.eml');
    expect(change.submitter.email).toBe('becky@agency.example.test');
    expect(change.ticket.route).toBe('macch');
    expect(squash(change.ticket.description)).toContain('the Reyes family (ABCD123456) scored higher than the household');
    const forwarded = change.events.find((e) => e.event === 'forwarded');
    expect(forwarded?.payload).toMatchObject({ to: 'macch@example.test', requesterAddress: 'becky@agency.example.test' });
    const props = buildMailProps({
      event: 'forwarded', systemName: 'ClientTrack', publicUrl: 'https://desk.example.test',
      ticket: { ref: 'Utah_RW-1', summary: change.ticket.summary, status: change.ticket.status, description: change.ticket.description, clientIds: change.ticket.clientIds },
      payload: forwarded!.payload as Record<string, unknown>, note: null, files: [], actor: null, assignee: null,
      recipient: { email: 'macch@example.test', name: '' }, replyAddress: 'helpdesk@example.test', helpdeskAddress: 'helpdesk@example.test',
    });
    expect(squash(props.noteText ?? '')).toContain('How is prioritization decided and who do we ask to review it?');
  });

  it('with a comment, the description is the comment and then the forwarded message', async () => {
    const change = await created('outlook-comment-above.eml');
    const description = change.ticket.description;
    expect(description.startsWith('Hi help desk, can you look at this one from our case manager? Thanks, Becky')).toBe(true);
    expect(description).toContain('From: Maria Lopez <maria.lopez@shelter.example.test>');
    expect(squash(description)).toContain('Client ABCD123456 shows a birthdate of 01/01/1900 on the Client Profile page');
    expect(change.submitter.email).toBe('becky@agency.example.test');
  });

  it('a forward sent as a reply on a ticket adds only the comment to it', async () => {
    const ticket: TicketState = {
      id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Client record',
      assigneeEmail: 'summer@example.test', closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'client_record', missingInfo: [], clientIds: [],
    };
    const becky: Participant = { personId: 3, email: 'becky@agency.example.test', name: 'Becky Tyler', role: 'submitter', notify: true };
    const onTicket: ThreadLookup = { ...DRY_RUN_LOOKUP, findThread: async () => ({ ticket, matchedBy: 'message-id', participants: [becky] }) };
    const r = await runPipeline(fixture('gmail-comment-above.eml'), PIPELINE_SETTINGS, onTicket, assess, REPLY_NOW);
    const change = r.decision.change;
    if (change.kind !== 'update') throw new Error(`expected a note, got ${change.kind}`);
    expect(change.note?.body).toBe('Please see below.');
  });
});
