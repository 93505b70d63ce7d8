// Urgency in wordings no labelled set uses: a client kept from a need right now, said indirectly (who
// waits where, what runs out when, what a landlord or pharmacy does by when), in English and Spanish;
// and alarming mail that is not urgent ("URGENT" in a report question, ASAP training, a crisis already
// solved, urgent words only in a signature or a quoted earlier message). The whole intake decides.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const priorityOf = (subject: string, text: string): string => classifyRequest({ subject, text, attachments: [] }, rules).priority;
const isUrgent = (subject: string, text: string): void => {
  expect(priorityOf(subject, text)).toBe('urgent');
};
const isNotUrgent = (subject: string, text: string): void => {
  expect(priorityOf(subject, text)).not.toBe('urgent');
};

describe('urgent when a client is kept from a need now, however it is worded', () => {
  it.each([
    ['Client waiting', 'Mrs. Tran has been waiting out front since 9 and the women\'s shelter won\'t give her a cot until her intake shows up in Clarity. Their doors lock at 7.'],
    ['Family in lobby', 'A dad and two kids are in our lobby with their bags. The family shelter says the referral never reached them and they have no room for them tonight unless it comes through.'],
    ['Unit goes to next person', 'The landlord says the unit goes to the next person on the list at 5 pm if the move-in paperwork is not in. The housing enrollment screen just keeps spinning.'],
    ['Last two pills', 'He is down to his last two pills and the pharmacy needs the program enrollment before they will fill it. His enrollment disappeared from his profile.'],
    ['Detox bed', 'The clinic is on the other line: they will not admit our client for detox because Clarity shows her as exited. They can hold the bed only until noon.'],
    ['Discharged today', 'We have a young man here who was discharged from the hospital this morning with nowhere to go. The shelter referral button is missing from his record.'],
    ['Pantry truck', 'The pantry truck leaves at 3 and we are not able to check anyone in for groceries because client search returns nothing.'],
    ['Benefit window', 'Her disability benefit application has to be in by Friday and the form will not submit from her profile, it just says access denied.'],
    ['Hotel checkout', 'The hotel stay we paid for ends at checkout tomorrow and the extension voucher cannot be issued while her record is locked by another agency.'],
    ['Warming center', 'Client is outside our office in the cold. The warming center needs the referral in the system before they let him in and it will not go through.'],
    ['Youth placement', 'The youth host home cannot place him tonight because his intake still shows under the old agency, and the caseworker leaves at 6.'],
    ['Eviction Thursday', 'The eviction is set for Thursday morning. The rental assistance request is stuck in pending and the landlord will not wait any longer.'],
    ['Voucher midnight', 'Her housing voucher expires at midnight and the housing authority needs the HMIS enrollment to extend it, but the program does not show up in her enrollments.'],
    ['Mother with newborn', 'A mother with a newborn is sitting in our waiting room. The shelter turned her away because her record shows another agency has her enrolled.'],
    ['Methadone', 'He cannot get his methadone dose today unless the treatment enrollment is active, and the record keeps saying access denied.'],
    ['Motel by 11', 'The family has to be out of the motel by 11 tomorrow and the rapid rehousing enrollment will not save, so we cannot pay the first month\'s rent.'],
    ['Recepcion', 'La senora lleva dos horas esperando en la recepcion y el refugio no la recibe sin la referencia; cierran a las 8.'],
    ['Pastillas', 'Al cliente se le terminan las pastillas manana y la farmacia no se las entrega porque su inscripcion aparece cerrada.'],
    ['Cerradura', 'El dueno le cambia la cerradura el lunes si no pagamos el deposito, y el sistema no nos deja registrar la asistencia.'],
    ['Sin donde pasar la noche', 'Una familia con tres ninos no tiene donde pasar la noche y no podemos hacer la referencia al albergue porque el perfil da error.'],
    ['Bus station', 'Mr. Diaz came in with his duffel bag after two nights at the bus station. The only open cot is at St. Vincent, which takes check-ins through Clarity until 8, and his profile will not open.'],
    ['Power shut-off', 'Ms. Reyes gets her power shut off Tuesday. The utility assistance cannot be recorded because her household is split across two records.'],
    ['Released from jail', 'The jail just dropped him off here, released an hour ago. The reentry bed needs his enrollment in our system first, and it fails every time we try.'],
    ['In my car', 'Grandma and the twins are in my car outside right now. The last family room is held for them if the referral shows up by 4, but it keeps bouncing back.'],
    ['Parking lot', 'We are sitting in the parking lot of the housing office. They want to see her HMIS record before they hand her the lease, and it says no access.'],
    ['Lease signing', 'She signs her lease in two hours and the landlord needs our assistance letter, which Clarity will not generate.'],
    ['ER discharge', 'A nurse called from the ER: the patient can go to our respite program only if the referral is accepted before her shift ends, and our accept button is greyed out.'],
    ['Comedor', 'El senor esta en la sala de espera desde las 10; el comedor solo sirve hasta las 2 y no sale en la lista porque su registro esta bloqueado.'],
    ['Motel mediodia', 'A la familia la sacan del motel al mediodia y no podemos pagar otra noche porque el programa no deja guardar el servicio.'],
    ['Insulina', 'Se quedo sin insulina anoche y la clinica no lo atiende hasta que su inscripcion este activa en el sistema.'],
    // A greeting, then the sender introducing themself ("Hola,\n\nSoy Lucia, de ..."): the request follows, not a sign-off.
    ['Greeting then name', 'Hola,\n\nSoy Marta, de la recepcion del albergue. Tengo a un senor mayor sentado aqui desde las 7 y no puedo darle cama esta noche porque su perfil sale bloqueado.'],
    ['Hi then name', 'Hi all,\n\nI\'m Dana, at the pantry desk today. A mom with three kids is in line and we cannot give her groceries because her household will not load, and we close at 4.'],
    ['Morning then name', 'Good morning,\n\nJoe Park, street outreach. Mr. Lee has a detox bed held for him until noon but the referral fails every time I send it.'],
    // A housing opening, a room, a lease in Spanish: needs said in other words.
    ['Cuarto', 'Le guardan el cuarto a la senora hasta las 5 y no podemos registrar su entrada porque su perfil no abre.'],
    ['Contrato', 'El senor firma el contrato de arrendamiento el jueves y el dueno necesita la carta de aprobacion, pero Clarity no la genera.'],
    ['PSH opening', 'The PSH opening is filled at Friday\'s match meeting, and she will not be on the list because her assessment score will not save.'],
    ['Last vacancy', 'The last vacancy at Cedar Court goes to whoever is document-ready by Wednesday, and his chronic status will not save.'],
    ['Housing offer', 'She has a housing offer that lapses Monday at 5, but her release of information cannot be uploaded to her record.'],
    ['Cupo', 'Tiene un cupo en el programa solo hasta el viernes, pero no podemos subir sus documentos porque su perfil da error.'],
    // A food allotment cut short because household members do not appear: the block said in either language.
    ['Hijos no aparecen', 'Los dos hijos del senor no aparecen en su hogar, asi que la despensa solo le da la racion de una persona. Esta esperando afuera con ellos.'],
    ['Allotment counts him', 'His allotment only counts him because his wife and baby are not showing in the household, and they are at the counter now.'],
    ['Twins do not appear', 'The twins do not appear on her household, so the allotment gives her one bag instead of a family share. She is still here waiting.'],
    // A "no rush" about another item in the same mail does not take back the urgent one.
    ['Two things', 'Two things. Could you send the new intake form when you can, no rush on that. Also Mr. Ali is at our front desk and the shelter cannot take him tonight because his record is locked.'],
    ['Dos cosas', 'Sin prisa con el informe del mes.\n\nAparte, la senora Gomez esta en la recepcion y el albergue no la recibe esta noche porque su registro esta bloqueado.'],
    // A report question first, then a client at the desk kept from a bed tonight: the second matter is urgent.
    ['APR totals, and one more thing', 'Our APR totals look off for Q2, can you check the bed nights?\n\nOne more thing: Mr. Haddad is in our lobby right now and the shelter cannot enroll him tonight because his profile is locked.'],
    ['Cheat sheet first', 'A cheat sheet for the intake screens would be nice, no hurry at all.\n\nThe main thing: Ms. Ford loses her SSI back pay if the DOB on her profile is not fixed before Friday, and the field is greyed out for me.'],
  ])('%s', isUrgent);
});

describe('not urgent when the alarm is only in the words, the past, a signature or a quote', () => {
  it.each([
    ['URGENT: APR question', 'When we run the APR, which clients count in Q22? It is due in three weeks.'],
    ['Training ASAP', 'Need new user training ASAP for our new shelter case manager who starts next month.'],
    ['Fixed, thanks', 'Update: the client who could not get into the shelter last night was placed this morning after your fix. Thank you, you can close this.'],
    ['Bed count setting', 'How do I change the bed count on our program? Thanks.\n\nMaria Lopez\nCase Manager, Hope House\nIf you have nowhere to sleep tonight call 211 right now'],
    ['Re: client at the desk', 'Thanks, that worked and she is enrolled.\n\nOn Mon, Jan 13, 2025 at 2:41 PM Maria Lopez wrote:\n> The client is at the front desk and we cannot enroll her in the shelter tonight.\n> Please help.'],
    ['Recording a stay', 'How do we record a shelter stay for someone who slept in their car last night before coming in?'],
    ['Expiring vouchers', 'Is there a report that shows which clients have vouchers expiring next month?'],
    ['URGENT deactivate', 'URGENT - please deactivate John Smith, he left the agency today.'],
    ['New service item ASAP', 'ASAP: our eviction prevention program needs a new service item for rental deposits added before the grant starts next quarter.'],
    ['After the turn-away', 'Last month a client was turned away from the shelter because of a duplicate record. It is resolved now; could we talk about how to avoid this in future?'],
    ['URGENTE', 'URGENTE: como exporto el informe de camas a Excel?'],
    ['Capacitacion', 'Necesitamos la capacitacion lo antes posible para la nueva empleada del albergue que empieza el mes que viene.'],
    ['Idea', 'A suggestion from our food pantry: it would be great if clients could be checked in faster at distributions, people wait a long time.'],
    ['Bed report tonight', 'Our nightly bed count report for tonight shows 0 beds available. Can you check the report logic?'],
    ['PIT deadline', 'Reminder: the HIC data is due to HDX on Friday, can you confirm our shelter beds are right?'],
    ['Winter planning', 'We want to plan for winter: how should we record overflow motel vouchers when the shelters fill up?'],
    ['Back to normal', 'Yesterday\'s outage kept us from entering shelter check-ins, but everything is back now and we caught up.'],
    ['Pregunta', 'Pregunta sin prisa: cuando un cliente sale del albergue hoy, que destino de salida usamos?'],
    ['HELP!!! clients cannot be found', 'Actually just a question: what does no results mean on the client search screen? No hurry at all.'],
    ['Ya se resolvio', 'Ya se resolvio: la clienta que no podia entrar al albergue anoche ya tiene cama. Gracias por la ayuda.'],
    ['URGENT question', 'URGENT question: what is the deadline for the CAPER this year?'],
    ['Eviction date field', 'Our eviction prevention program asks where to record the eviction date for a household.'],
    ['Add Tom ASAP', 'Please give Tom access to the shelter program ASAP, he starts tomorrow.'],
    // A drill, an example or a role play: nobody is waiting.
    ['Tabletop drill', 'For the tabletop drill scenario on Friday: a family arrives at the front desk at 9 pm and the shelter cannot check them in. Which report shows what staff did?'],
    ['Simulacro', 'Para el simulacro de la capacitacion: un cliente esta en la recepcion y no lo pueden inscribir en el albergue esta noche. Que pasos seguimos en Clarity?'],
    ['Training scenario', 'For our staff training next month we want a role play: a client is at the front desk and cannot be enrolled in the shelter tonight. Which steps should staff follow in Clarity?'],
    ['Greeting then question', 'Hi all,\n\nI\'m Dana, the new pantry coordinator. How do we record a food pantry visit for a family that came in today?'],
    ['Hola then question', 'Hola,\n\nSoy Marta, de la recepcion. Como cambio el numero de habitaciones del programa para el viernes?'],
    ['Vacancy field', 'Where do we record a PSH opening when a unit becomes vacant this week?'],
    ['Lease date field', 'Can you add a field for the lease signing date on the move-in screen? No rush.'],
    ['Contrato del condado', 'El contrato de la agencia con el condado vence el viernes; a quien le mando la lista de usuarios?'],
    ['Allotment setting', 'How do we change the default food allotment for households of five? Some members do not appear in the count.'],
    ['Offer letter template', 'Could the housing offer letter template show the unit address? We send several this week.'],
  ])('%s', isNotUrgent);
});

// A further round of wordings: who waits where, what runs out or is lost by when, said through the people
// involved (a tenant, a patient, Mr./Ms.), a delay rather than a refusal, a record "not found", a screen
// that hangs; and alarm that is a deadline for a report or training, a past event, a what-if or a header.
describe('urgent in further wordings', () => {
  it.each([
    ['Deposit by noon', 'The security deposit has to reach the property manager by Friday noon or she loses the apartment, and I cannot create the assistance service because her enrollment will not open.'],
    ['Tenant lockout', 'The tenant is locked out of her unit tomorrow unless the back rent payment posts, and the payment screen throws an error every time.'],
    ['SSI worker at 10', 'Mr. Okafor sees the SSI worker at 10 tomorrow. If the verification letter is wrong his claim gets delayed for months, and the letter prints his entry date as last week.'],
    ['Money gone Saturday', 'The church pays for the motel through Saturday and then the money is gone. Ms. Ruiz is still not on the RRH list because her assessment will not save.'],
    ['Patient discharge', 'The hospital discharges the patient at 2 today and the recuperative care bed needs our referral, which errors out.'],
    ['Gentleman across the desk', 'I have a gentleman across the desk from me who needs a shelter bed tonight, and his profile says record not found.'],
    ['Pantry closes in 30', 'The pantry closes in 30 minutes and a family of five has been waiting; the check-in screen hangs every time we open their household.'],
    ['Insulin Sunday', 'Her insulin runs out Sunday and the pharmacy assistance voucher will not print from Clarity.'],
    ['Keys held', 'Move-in is tomorrow morning but the landlord will not hand over the keys until the move-in is recorded, and that screen is locked for us.'],
    ['Kids school Monday', 'School starts Monday and the kids cannot be enrolled in the youth program until their household shows both parents, which it does not.'],
    ['Applicant loses unit', 'The housing authority says the applicant loses the unit at 5 today if the chronic verification is not corrected. Mr. Banda has 14 days showing instead of three years.'],
    ['Inquilino luz', 'Al inquilino le cortan la luz el jueves si no se aprueba la ayuda de servicios, y el formulario no se guarda.'],
    ['Medicamentos sabado', 'A la senora se le acaban los medicamentos el sabado y la clinica no la atiende sin su inscripcion, que no aparece.'],
    ['Deposito vence', 'El deposito vence el viernes y el dueno va a rentar el departamento a otra persona; no podemos registrar el pago.'],
    ['Joven sin cama', 'Un joven de 19 anos necesita cama para hoy y el sistema dice que ya esta inscrito en otro programa, asi que no lo aceptan.'],
  ])('%s', isUrgent);
});

describe('not urgent in further wordings', () => {
  it.each([
    ['Training deadline', 'The annual security training deadline is Friday. Can two of our shelter staff still take it today?'],
    ['APR due tomorrow', 'Our shelter APR is due tomorrow and the bed nights look wrong. Can you check before we submit?'],
    ['Last winter', 'Last winter a family waited four hours in our lobby because the referral failed. We want to be sure the new form prevents that.'],
    ['What if', 'What happens if a client shows up at 11 pm and the shelter cannot find him in Clarity? What should staff do?'],
    ['Noticed it Monday', 'Client 44120 has the wrong move-in date on his RRH enrollment and the field is locked when I click Edit. I first noticed it Monday.'],
    ['Forwarded header weekday', 'Can you move her to our agency?\n\nFrom: Ann Lee\nSent: Tuesday, October 8, 2024 4:51 PM\nSubject: wrong agency\n\nHer record shows the wrong agency and I cannot edit her address. She comes to our pantry.'],
    ['Bed count URGENT', 'URGENT!! The bed count on our men\'s shelter program shows 40 instead of 45 since the update, please fix it today.'],
    ['Motel contract ends', 'Our overflow motel contract ends tomorrow. Which exit destination do we use for the guests who move to the shelter?'],
    ['Capacitacion viernes', 'Para la capacitacion del viernes: como registramos a un cliente que llega al albergue cuando no hay cama?'],
    ['Nobody can search', 'La busqueda de clientes no devuelve nada desde esta manana, a todos nos pasa. No podemos registrar a nadie en el albergue.'],
  ])('%s', isNotUrgent);
});

// A third round: alarm that is a staff or program-wide problem (a slow desk with a paper workaround, every
// client of a program, a device to enroll, a deadline for the staff), a crisis the sender says is over (in
// their own words above a forwarded alarm, or before telling what still looks wrong), and a need said
// beside "it worked last month": the contrast is not a resolution.
describe('urgent beside a past contrast or a system word', () => {
  it.each([
    ['Last day of window', 'Her SNAP recertification has to be done today, the last day of her window, or she loses her benefits next month. The income screen will not accept the amount. Last month it worked fine.'],
    ['Ultimo dia', 'La senora tiene que completar su recertificacion hoy, es el ultimo dia. Si no, pierde su seguro medico. La pantalla de ingresos no guarda el monto; el mes pasado funcionaba.'],
    ['Search for one client', 'Client search returns nothing for Ms. Hart, who is in our lobby and needs a shelter bed tonight. It worked yesterday.'],
    ['Paper not accepted', 'The shelter will not take paper forms. Mr. Lopez is at our desk and cannot get a bed tonight because his profile will not load.'],
  ])('%s', isUrgent);
});

describe('not urgent: staff kept from work, a program-wide fault, a crisis already over', () => {
  it.each([
    ['Slow desk, paper', 'Clarity has been very slow at our intake desk since 8 this morning and there is a line of clients out the door. Nobody is being turned away: we switched to paper forms, but staff cannot keep up entering everything twice.'],
    ['Outage last night', 'Last night Clarity was down from 7 to 9 pm and the overnight desk could not check guests in. It came back at 9, everyone got a bed, and I entered them this morning. What happened?'],
    ['New phone', 'I got a new phone and cannot log in. I called Bitfocus this morning and they cannot reset MFA for me. Could you reset it so I can enroll the new phone? I approve our PSH recertifications, due this week.'],
    ['Forward, settled', 'Update: we checked him in by hand on Monday and he is settled, so no hurry now. Please merge client IDs 44110 and 44190 and keep 44110.\n\n---------- Forwarded message ---------\nFrom: Joe Park\nDate: Mon, Dec 9, 2024\nSubject: merge today\n\nHe is at the front desk right now and the system will not let me check him in because there are two records.'],
    ['Every client blank', 'Since the release on Tuesday the Services tab is blank for every client in our rapid rehousing program, so none of our case managers can record rent payments.'],
    ['Medical notes visible', 'This morning I opened a client profile at our shelter and I can see another agency\'s medical notes, including her medications. Nothing has happened to her because of it, but please lock it down.'],
    ['Crisis sorted, record still wrong', 'Yesterday Ms. Kay could not pick up her meds because the pharmacy saw her enrollment as Pending. We sorted it out with a paper voucher, so she has her meds and is fine. But this morning her enrollment still says Pending. Can you find out why before her next refill?'],
    ['Volunteers at the desk', 'Planning question for next year, no rush at all.\n\nCould volunteers at our recovery housing front desk hold a Clarity license if they complete the trainings, or is access limited to employees?'],
  ])('%s', isNotUrgent);
});

// Still misjudged: kept here so that a fix shows (the test then fails and the wording moves up).
describe('known misses', () => {
  it.fails('urgent with no client word at all (the tenant is only implied by the deposit)', () => {
    expect(priorityOf('Re-rented', 'We just heard the apartment will be rented to someone else tomorrow if the deposit is not paid, and the financial assistance screen will not save.')).toBe('urgent');
  });
});
