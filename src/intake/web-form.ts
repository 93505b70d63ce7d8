// Reads a request laid out as a form ("Name: ...", "Agency: ...", "Category: ...", "Description: ..."): the fields
// that say who sent it and how it was filed describe nothing that is wrong, nor does the form's own notice ("A new help
// request was submitted ..."); what the sender wrote is in the other fields. Pure; lines are split, not matched.

/** Labels of the fields that say who sent the form and how it was filed, in English and Spanish. */
const FILING_LABELS = new Set(['name', 'your name', 'nombre', 'email', 'e-mail', 'email address', 'correo', 'phone', 'telefono',
  'agency', 'agencia', 'organization', 'category', 'categoria', 'request type', 'tipo de solicitud', 'type', 'attachments',
  'adjuntos', 'program', 'programa', 'username', 'user name', 'clarity username', 'usuario', 'submitted', 'submitted by',
  'client id', 'client id (if any)', 'client id (if applicable)', 'period', 'reporting period', 'report', 'report name',
  'needed by', 'date', 'fecha']);

/** The fields that name the sender: a web form has one, a mail with a labelled block ("Report:", "Program:") has not. */
const SENDER_LABELS = new Set(['name', 'your name', 'nombre', 'email', 'e-mail', 'email address', 'correo', 'phone', 'telefono',
  'username', 'user name', 'clarity username', 'usuario', 'submitted by']);

/** A form has at least this many filing fields. */
const MIN_FILING_FIELDS = 2;

/**
 * What the sender wrote in a form's own fields (each value with the lines that carry it on), or null when the text is
 * not a web form (no field naming the sender, fewer than two filing fields) or the sender filled in no field of their own.
 */
export function writtenInForm(text: string): string | null {
  const lines = text.split('\n');
  const fields = lines.map(fieldOf);
  const filing = fields.filter((f) => f && FILING_LABELS.has(f.label)).length;
  if (!fields.some((f) => f && SENDER_LABELS.has(f.label))) return null;
  const own: string[] = [];
  let carrying = false;
  lines.forEach((line, i) => {
    const field = fields[i];
    if (field) {
      carrying = !FILING_LABELS.has(field.label);
      if (carrying) own.push(field.value);
    } else if (!line.trim()) carrying = false;
    else if (carrying) own.push(line.trim());
  });
  return filing >= MIN_FILING_FIELDS && own.length > 0 ? own.join('\n') : null;
}

/** A "Label: value" line with a label of one to four words; its label lower-cased. */
function fieldOf(line: string): { label: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon < 1 || colon > 40) return null;
  const label = line.slice(0, colon).trim().toLowerCase();
  const words = label.split(' ');
  if (words.length > 4 || !words.every((w) => /^[\p{L}\d()/#'-]+$/u.test(w))) return null;
  return { label, value: line.slice(colon + 1).trim() };
}
