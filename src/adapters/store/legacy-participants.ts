import type { PollResponse } from '../../domain/response';

/** A response as an earlier release stored it: with the same pseudonym in every poll, in the clear. */
export type LegacyResponse = PollResponse & { readonly participantKey?: string };

/**
 * The response with its legacy `participantKey` replaced by a fresh seal of it (or dropped,
 * where `reseal` gives nothing). Both stores migrate with this one function (see
 * ResponseRepository.resealLegacyParticipants).
 */
export function resealed(stored: LegacyResponse, reseal: (participantKey: string) => string | undefined): PollResponse {
  const { participantKey, ...rest } = stored;
  const seal = participantKey ? reseal(participantKey) : undefined;
  return seal ? { ...rest, participantSeal: seal } : rest;
}
