// The boundary between urgent and high, in wordings no labelled set uses. Urgent: a client is kept from a
// benefit, service, bed, medication, placement or referral right now, and the system problem is what keeps
// them (a staff lockout, a missing service option or a wrong field can be that cause). Not urgent: staff or
// an agency cannot work, many users are hit, a staff deadline or audit nears, a privacy exposure, a crisis
// already handled, a client kept from something by anything but the problem, or a need that lies ahead.
// The whole intake decides, in English and Spanish.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const priorityOf = (subject: string, text: string): string => classifyRequest({ subject, text, attachments: [] }, rules).priority;

describe('urgent: the problem keeps a client from a need now', () => {
  it.each([
    ['Locked out, rent payment', 'My account locked after three tries this morning. Mr. Okoye\'s rent payment must be recorded in Clarity before finance closes at 3, or his landlord files for eviction tomorrow. Nobody else here can see his case.'],
    ['Food box service missing', 'The Emergency Food Box service is not in the service list of our pantry program. The food bank will not release a box for the woman at our counter until we record it. Please add it to the program.'],
    ['SSN off by one', 'Her SSN on the client profile is one digit off. She is sitting at the SNAP office with our advocate right now and they cannot approve her benefits while it does not match. Please correct it, the field is locked for us.'],
    ['Hotel vouchers in the chapel', 'Four people are waiting in our chapel for hotel vouchers. The city issues a voucher only once we record the voucher service, and our program does not offer that service. The city office closes at 4:30.'],
    ['Heart medication', 'He ran out of his heart medication today. The clinic will only fill it once the Prescription Assistance service is on his record, and the service will not save for him.'],
    ['Detox van', 'The detox referral will not send because his assessment is locked to another agency. He is in our van outside the detox center and they stop admissions at 4.'],
    ['Farmacia ahora', 'El senor esta en la farmacia ahora mismo y no le entregan su medicamento porque su inscripcion en el programa aparece cerrada por error.'],
    ['Cuenta bloqueada, renta', 'Mi cuenta de Clarity se bloqueo esta manana. Tengo que registrar el pago de renta de una clienta antes de las 3, porque si no el dueno la desaloja manana, y nadie mas tiene acceso a su caso.'],
    ['Vale de hotel', 'Dos familias esperan en el salon de la iglesia. El condado solo entrega el vale de hotel cuando registramos ese servicio, pero el servicio no aparece en nuestro programa. La oficina cierra a las 5.'],
    ['Fecha de nacimiento', 'La fecha de nacimiento de la clienta esta mal en su perfil. Esta ahora en la oficina de beneficios con nuestra trabajadora y no le aprueban la ayuda de comida hasta que coincida.'],
    ['Lease needs letter', 'Ms. Ortiz is at the leasing office now. They want our HMIS verification letter before she can sign, and the letter shows her entry date a year off. Please fix the entry date.'],
    ['Bed held, cannot log in', 'I cannot log in since the update. The men\'s shelter is holding its last bed for Mr. Byrne only until 8 tonight, and they take the referral only from my account.'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).toBe('urgent');
  });
});

describe('not urgent: staff, agency, deadline, privacy, over, or not the problem', () => {
  it.each([
    ['Search down for the team', 'Since lunch no one on our team can pull up clients by name, the search just spins. Check-in starts at 7 tonight, so we hope it is fixed by then.'],
    ['Locked out, notes to enter', 'I am locked out after the password prompt looped. I have a dozen case notes to enter today.'],
    ['Mental health enrollment visible', 'A client told me a worker at another provider mentioned her mental health program. Her enrollment there is visible to every agency, it should be ours only. Please lock it down.'],
    ['Paper log last night', 'Mr. Hale could not be enrolled last night because of an open enrollment at another shelter. We logged him on paper and he slept here, so he is fine. Please close the old enrollment so I can enter his stay.'],
    ['Back from leave', 'Our case manager came back from leave this week and her account says inactive. Please reactivate it so she can enter services again.'],
    ['APR due Thursday', 'Our APR is due in HDX on Thursday and the report errors out every time we run it.'],
    ['Merge before the audit', 'We need the two records of the same client merged before our monitoring audit on Friday.'],
    ['Shelter full, how to record', 'Ms. Park is in our lobby and the shelter is full tonight. How do I record a turnaway in Clarity?'],
    ['Referral next month', 'Next month Mr. Ruiz will need his referral to permanent housing, and the referral screen errors for him. Can you look before then?'],
    ['Thirty intakes tomorrow', 'Nobody at our agency can log in since noon. We have thirty intakes scheduled for tomorrow.'],
    ['Notas de caso', 'Desde las 10 nadie en la oficina puede guardar notas de caso, el sistema marca error. Tenemos citas toda la tarde.'],
    ['Ya tiene cama', 'Lo de ayer se resolvio: la familia ya tiene cama. Solo queria saber por que el boton de inscribir estaba gris.'],
    ['Cuenta activa', 'Una trabajadora que dejo la agencia el mes pasado todavia tiene su cuenta de Clarity activa. Por favor desactivenla.'],
    ['Auditoria jueves', 'Nuestra auditoria es el jueves y el informe de calidad de datos no carga.'],
    ['Forwarded, sorted', 'Forwarding what Jen sent on Tuesday; it got sorted once the other agency exited him. For next time, what should staff check when enrolling is blocked?\n\n---------- Forwarded message ---------\nFrom: Jen\n\nClient in the lobby and I cannot enroll him, help!!'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).not.toBe('urgent');
  });
});
