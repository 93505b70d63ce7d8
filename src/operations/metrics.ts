// Prometheus metrics of one worker (prom-client): what the shared stores say (messages by kind
// and outcome, status mail not sent, quarantine, queues, the fetch holder), read at each scrape,
// and what this process saw (time from delivery to ticket and from ticket to status mail sent,
// failed send attempts by error code). I/O: reads the stores; listens to the queue workers.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Worker } from 'bullmq';
import type postgres from 'postgres';
import type { OperationsSnapshot } from './snapshot.ts';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly messages = this.gauge('deskmail_inbound_messages', 'Stored inbound messages by kind, status and outcome', ['kind', 'status', 'outcome']);
  private readonly notSent = this.gauge('deskmail_status_mail_not_sent', 'Status mail not sent, by status (failed, suppressed) and reason', ['status', 'reason']);
  private readonly quarantined = this.gauge('deskmail_quarantined_messages', 'Messages held in quarantine');
  private readonly heldBack = this.gauge('deskmail_mail_held_back', 'Mail held back by limits: status mail recorded unsent or waiting for the hourly cap, new requests held over their sender\'s cap');
  private readonly queueJobs = this.gauge('deskmail_queue_jobs', 'Jobs per queue and state', ['queue', 'state']);
  private readonly queueOldest = this.gauge('deskmail_queue_oldest_waiting_seconds', 'Age of the oldest waiting job per queue (0 when none waits)', ['queue']);
  private readonly fetchHolder = this.gauge('deskmail_fetch_lease_holder', 'The worker that fetches the mailbox (1 for the holder)', ['mailbox', 'holder']);
  private readonly fetchAge = this.gauge('deskmail_fetch_last_success_age_seconds', 'Seconds since the fetcher last fetched without error', ['mailbox']);
  private readonly scrapeErrors = this.gauge('deskmail_metrics_read_errors', 'Stores that did not answer while these metrics were read');
  readonly deliveryToTicket = new Histogram({ name: 'deskmail_delivery_to_ticket_seconds', help: 'From a message stored off the mailbox to its outcome (ticket made or updated, or ignored)', buckets: LATENCY_BUCKETS, labelNames: ['outcome'], registers: [this.registry] });
  readonly ticketToSent = new Histogram({ name: 'deskmail_ticket_to_sent_seconds', help: 'From the ticket change to its status mail accepted by the SMTP server', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly mailArrivedNotices = new Counter({ name: 'deskmail_mail_arrived_notices_total', help: 'Calls of the mail server\'s delivery hook (POST /mail-arrived) by result: accepted, refused (wrong or missing token)', labelNames: ['result'], registers: [this.registry] });
  readonly sendFailures = new Counter({ name: 'deskmail_send_failures_total', help: 'Failed send attempts by error code (retries included)', labelNames: ['reason'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'deskmail_' });
  }

  private gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Sets the gauges from a snapshot of the stores (a reset first: a label set may disappear). */
  apply(snapshot: OperationsSnapshot, mailbox: string): void {
    for (const g of [this.messages, this.notSent, this.queueJobs, this.queueOldest, this.fetchHolder, this.fetchAge]) g.reset();
    for (const m of snapshot.messages) this.messages.set({ kind: m.kind, status: m.status, outcome: m.outcome }, m.count);
    for (const m of snapshot.notSent) this.notSent.set({ status: m.status, reason: m.reason }, m.count);
    // A count the database did not give is no sample at all, never a 0 that clears an alert on it
    // (reset() would put a gauge without labels back to 0; remove() takes its one sample away).
    for (const [gauge, value] of [[this.quarantined, snapshot.quarantined], [this.heldBack, snapshot.heldBackByLimit]] as const) {
      if (value === null) gauge.remove();
      else gauge.set(value);
    }
    for (const q of snapshot.queues) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.queueJobs.set({ queue: q.queue, state }, q[state]);
      this.queueOldest.set({ queue: q.queue }, q.oldestWaitingSeconds ?? 0);
    }
    if (snapshot.fetch) {
      this.fetchHolder.set({ mailbox, holder: snapshot.fetch.holder }, 1);
      if (snapshot.fetch.lastSuccessAt) this.fetchAge.set({ mailbox }, (Date.now() - Date.parse(snapshot.fetch.lastSuccessAt)) / 1000);
    }
    this.scrapeErrors.set(snapshot.errors.length);
  }

  /**
   * Observes the latency histograms as this process's workers finish jobs: one indexed read of
   * the row's own timestamps per job, so the figures are the database's, not a guess.
   */
  watch(sql: postgres.Sql, workers: { processMail: Worker; sendMail: Worker }): void {
    workers.processMail.on('completed', (job, outcome: unknown) => {
      const id = Number((job.data as { inboundId: number }).inboundId);
      sql<{ seconds: number | null }[]>`select extract(epoch from processed_at - received_at)::float8 as seconds from inbound_messages where id = ${id}`
        .then(([row]) => {
          if (row?.seconds != null) this.deliveryToTicket.observe({ outcome: String(outcome ?? 'unknown').split(':')[0]! }, Math.max(0, row.seconds));
        }, () => {});
    });
    workers.sendMail.on('completed', (job, outcome: unknown) => {
      if (outcome !== 'sent') return;
      const id = Number((job.data as { outboundId: number }).outboundId);
      sql<{ seconds: number | null }[]>`select extract(epoch from o.sent_at - e.created_at)::float8 as seconds
        from outbound_messages o join outbox e on e.id = o.outbox_id where o.id = ${id}`
        .then(([row]) => {
          if (row?.seconds != null) this.ticketToSent.observe(Math.max(0, row.seconds));
        }, () => {});
    });
    workers.sendMail.on('failed', (_job, err) => {
      this.sendFailures.inc({ reason: (err as { code?: string }).code ?? err.name ?? 'unknown' });
    });
  }
}
