CREATE INDEX "inbound_messages_handled_unmarked_idx" ON "inbound_messages" USING btree ("mailbox","uid_validity","uid") WHERE status <> 'pending' and mailbox_done_at is null;--> statement-breakpoint

-- Raw mail is mostly compressed already (base64 of PDFs and images has no repeats for pglz to
-- find): on the backlog benchmark's mixed mail pglz doubled PostgreSQL's CPU for storing a
-- message and saved about 1% of the space. Stored uncompressed out of line, a slice of it is
-- also read without decompressing the whole value.
ALTER TABLE "inbound_messages" ALTER COLUMN "raw" SET STORAGE EXTERNAL;
