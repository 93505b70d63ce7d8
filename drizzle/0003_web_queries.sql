CREATE INDEX "outbox_ticket_idx" ON "outbox" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "participants_person_idx" ON "participants" USING btree ("person_id","role");--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_queue_order_idx" ON "tickets" USING btree (("priority" = 'urgent') desc,"created_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "tickets_submitter_idx" ON "tickets" USING btree ("submitter_id");--> statement-breakpoint
CREATE INDEX "tickets_summary_words_idx" ON "tickets" USING gin (to_tsvector('simple', "summary"));--> statement-breakpoint
CREATE INDEX "tickets_client_ids_idx" ON "tickets" USING gin ("client_ids" jsonb_path_ops);