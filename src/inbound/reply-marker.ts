// The line our status mail puts above the quoted part (defined with our other marks in
// tickets/reference.ts), so reply extraction can cut there. Pure constant.
export { REPLY_ABOVE_MARKER } from '../tickets/reference.ts';
