import { VISIBILITIES, type Visibility } from '../../domain/poll';
import type { LaunchRequest } from './launch-poll';

/** The compose dialog's draft: what the lead has chosen so far. */
export interface ComposeDraft {
  template?: string;
  priority?: string;
  to?: string;
  at?: string;
  closes?: string;
  results?: string;
  anonymous?: boolean;
  /** Open prompts duplicated from a poll that allowed quotes keep that choice. */
  quotes?: boolean;
}

const DAY = 86_400_000;

/** The launch a finished draft asks for, as a value: no command text in between. */
export function requestFromDraft(draft: ComposeDraft): LaunchRequest {
  const visibility = VISIBILITIES.includes(draft.results as Visibility) ? (draft.results as Visibility) : 'after-answer';
  return {
    templateId: draft.template ?? '',
    ...(draft.priority ? { priorityId: draft.priority } : {}),
    to: draft.to ?? 'all',
    ...(draft.at ? { at: new Date(draft.at) } : {}),
    durationMs: Number((draft.closes ?? '7d').replace('d', '')) * DAY,
    anonymous: draft.anonymous !== false,
    visibility,
    allowQuotes: draft.quotes === true,
  };
}
