import type { Delivery } from '../../domain/delivery';

export interface DeliverySummary {
  readonly sent: number;
  readonly pending: number;
  readonly failed: number;
  readonly cancelled: number;
  /** After a recall: cards deleted, still to delete, and those Teams would not let go. */
  readonly recall: { readonly deleted: number; readonly pending: number; readonly failed: number };
}

export function summarise(deliveries: readonly Delivery[]): DeliverySummary {
  const posts = deliveries.filter((d) => d.kind === 'post');
  const deletes = deliveries.filter((d) => d.kind === 'delete');
  const pending = (d: Delivery) => d.status === 'pending' || d.status === 'sending';
  return {
    sent: posts.filter((d) => d.status === 'sent').length,
    pending: posts.filter(pending).length,
    failed: posts.filter((d) => d.status === 'failed').length,
    cancelled: posts.filter((d) => d.status === 'cancelled').length,
    recall: {
      deleted: deletes.filter((d) => d.status === 'sent').length,
      pending: deletes.filter(pending).length,
      failed: deletes.filter((d) => d.status === 'failed').length,
    },
  };
}

/** The recall in words, for status and the lead's report: empty when the poll was not recalled. */
export function recallLine({ recall }: DeliverySummary): string {
  const total = recall.deleted + recall.pending + recall.failed;
  if (total === 0) return '';
  const cards = (n: number) => `${n} card${n === 1 ? '' : 's'}`;
  return `Recalled: ${cards(recall.deleted)} of ${total} deleted${recall.pending ? `, ${recall.pending} still to delete` : ''}${recall.failed ? `, ${recall.failed} could not be deleted` : ''}.`;
}
