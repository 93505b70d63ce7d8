ALTER TABLE "mailbox_cursors" ADD COLUMN "refused_uid" bigint;--> statement-breakpoint
ALTER TABLE "mailbox_cursors" ADD COLUMN "refused_passes" integer DEFAULT 0 NOT NULL;