// How a page names the person a sign-in link is for before anyone has signed in: the first
// character of the address and its domain (`j***@agency.example`), enough for its owner to
// recognise it and little for whoever else holds the link. Pure.

export function maskAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  // The first character, not the first UTF-16 unit: an address may start with any letter.
  const [first] = Array.from(email.slice(0, at));
  return `${first}***${email.slice(at)}`;
}
