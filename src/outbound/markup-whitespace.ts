// Shrinks a compiled template's layout whitespace: MJML indents every tag and leaves blank lines,
// about a fifth of each status mail's HTML, which every render, text conversion, transfer
// encoding and SMTP transfer then carries again. Pure: string in, string out; run once per
// template when it is compiled (workers/mail-templates.ts).

/**
 * Each run of whitespace that holds a line break becomes that one line break. HTML renders any
 * such run as one space (outside <pre> and `white-space: pre`, which no mail template uses), CSS
 * and attribute lists read it as one separator, and a mustache tag that stood alone on its line
 * still does, so both the rendered mail and its derived text part stay as they were. Runs
 * within a line are left alone.
 */
export function collapseLayoutWhitespace(html: string): string {
  // One pass over each run (a leading [ \t]* before \n would be retried from every space: quadratic).
  return html.replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : run));
}
