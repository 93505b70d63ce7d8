// The streaming wrapper around mailparser: simpleParser's result, except that attachment
// bytes are only held when asked for (or when the part is small).
import { MailParser, type ParsedMail } from 'mailparser';

/** Parts up to this size keep their content even when attachment content is not kept. */
export const SMALL_PART_BYTES = 1024 * 1024;

/**
 * mailparser's simpleParser, except that an attachment's bytes are only kept when asked for
 * (or when the part is small): otherwise the stream is drained, and mailparser's own sha256
 * and size are all that remain of it.
 */
export function collectMail(bytes: Buffer, keepContent: boolean): Promise<ParsedMail> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({
      checksumAlgo: 'sha256',
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
    } as ConstructorParameters<typeof MailParser>[0]);
    const mail = { attachments: [] } as unknown as ParsedMail & Record<string, unknown>;
    let settled = false;
    const fail = (err: unknown) => {
      if (!settled) { settled = true; reject(err); }
    };
    parser.on('error', fail);
    parser.on('headers', (headers) => {
      mail.headers = headers;
      mail.headerLines = (parser.headerLines || []) as ParsedMail['headerLines'];
    });
    let reading = false;
    const read = (): void => {
      reading = true;
      for (;;) {
        const data = parser.read() as null | (Record<string, unknown> & { type: string });
        if (data === null) { reading = false; return; }
        if (data.type === 'text') {
          for (const key of ['text', 'html', 'textAsHtml', 'textConversionError']) if (key in data) mail[key] = data[key];
          continue;
        }
        if (data.type === 'attachment') {
          const attachment = data as unknown as { content: NodeJS.ReadableStream; release: () => void };
          mail.attachments.push(attachment as unknown as ParsedMail['attachments'][number]);
          const chunks: Buffer[] = [];
          let length = 0;
          let kept = true;
          attachment.content.on('data', (chunk: Buffer) => {
            length += chunk.length;
            if (!keepContent && length > SMALL_PART_BYTES) { kept = false; chunks.length = 0; }
            if (kept) chunks.push(chunk);
          });
          attachment.content.on('end', () => {
            (attachment as unknown as { content: Buffer }).content = kept ? Buffer.concat(chunks, length) : Buffer.alloc(0);
            (attachment as { contentDropped?: boolean }).contentDropped = !kept;
            attachment.release();
            read();
          });
          return; // the parser waits for release() before it goes on
        }
      }
    };
    parser.on('readable', () => { if (!reading) read(); });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      // Mirrors simpleParser: the parsed header fields become properties of the result.
      for (const [key, value] of (mail.headers ?? new Map()) as Map<string, unknown>) {
        const name = key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
        if (['subject', 'references', 'date', 'to', 'from', 'cc', 'bcc', 'messageId', 'inReplyTo', 'replyTo'].includes(name)) mail[name] = value;
      }
      resolve(mail);
    });
    feed(parser, bytes, fail);
  });
}

/** How much of the raw mail the parser is handed at a time. */
export const FEED_SLICE_BYTES = 64 * 1024;

/**
 * Hands the raw mail to the parser a slice at a time, waiting whenever it asks to: in one
 * piece, its line splitter and base64 decoder would each make a whole-message copy (several
 * times a large attachment's size at once); in slices, each copy is one slice long. The
 * slices are views of the same bytes, not copies.
 */
function feed(parser: MailParser, bytes: Buffer, fail: (err: unknown) => void): void {
  let offset = 0;
  const next = (): void => {
    try {
      while (offset < bytes.length) {
        const slice = bytes.subarray(offset, offset + FEED_SLICE_BYTES);
        offset += slice.length;
        if (!parser.write(slice)) {
          parser.once('drain', next);
          return;
        }
      }
      parser.end();
    } catch (err) {
      fail(err);
    }
  };
  next();
}
