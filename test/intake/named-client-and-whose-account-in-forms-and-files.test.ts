import { describe, expect, it } from 'vitest';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification, IntakeInput } from '../../src/intake/types.ts';

const { itemModels: _models, ...rules } = loadIntakeRules();
type Decided = Omit<Classification, 'missingInfo'>;
const decided = (topic: Decided['topic'], type: Decided['type']): Decided => ({ route: 'ica_helpdesk', topic, type, priority: 'normal', clientIds: [] });
const input = (text: string, files: string[] = []): IntakeInput => ({ subject: 'Request', text, attachments: files.map((filename) => ({ filename, contentType: 'application/pdf' })) });

describe('a person named in a form field, a file name or by title', () => {
  it('asks for the client ID of a migrated client named by title, or whose records are named with a word between', () => {
    const migration = decided('migration_question', 'question');
    expect(findMissingInfo(input('Mr. Ray Dunn has stays from 2017 in ServicePoint that did not come over. Can you check?'), migration, rules)).toContain('client_id');
    expect(findMissingInfo(input('A veteran we serve is missing his ServicePoint records from 2017. Can you check?'), migration, rules)).toContain('client_id');
    expect(findMissingInfo(input('Did ServicePoint shelter stays from before 2018 come over for everyone?'), migration, rules)).not.toContain('client_id');
  });

  it('takes the trainee named in the attached form\'s file name', () => {
    const training = decided('new_user_training', 'question');
    const text = 'Attached is the license request form for our new case manager. Please sign her up for the next class.';
    expect(findMissingInfo(input(text, ['LRF_Marisol_Vega.pdf']), training, rules)).not.toContain('trainee_name');
    expect(findMissingInfo(input(text, ['LRF_signed.pdf']), training, rules)).toContain('trainee_name');
  });

  it('does not take a web form\'s own name and email fields as whose account it is', () => {
    const account = decided('login_password_account', 'issue');
    const form = (whoNeedsHelp: string): string => `Name:        Corinne Vale\nEmail:       cvale@example.org\nUser who needs help: ${whoNeedsHelp}\n`
      + 'Description: please reset the password for my coworker, she is locked out';
    expect(findMissingInfo(input(form('')), account, rules)).toContain('user_account');
    expect(findMissingInfo(input(form('Dana Whitfield')), account, rules)).not.toContain('user_account');
  });
});
