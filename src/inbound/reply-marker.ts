// The line our status mail puts above the quoted part, so reply extraction can cut there
// even when a mail client's own quote header is unrecognised. Pure constant.
export const REPLY_ABOVE_MARKER = '##- Please type your reply above this line -##';
