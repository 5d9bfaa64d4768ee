import type { Actor } from '../../domain/actor';
import type { ChannelTarget } from '../../domain/delivery';
import type { ComposeDraft } from '../launches/compose-draft';
import type { Roles } from '../ports/roles';
import type { Reply } from './reply';
import { DuplicateRouteError, Router } from './router';

/**
 * Text commands ("help", "poll top-priority closes=3d", …): the first word picks the
 * handler, the rest are its arguments. Anything unknown gets the help card.
 */
export interface CommandInput {
  readonly name: string;
  readonly args: readonly string[];
  readonly actor: Actor;
  readonly where: 'personal' | 'channel' | 'groupChat';
  /** Present in a team channel: where a poll started here would be posted. */
  readonly channel?: ChannelTarget;
  /** Present in a personal chat: this chat, for things sent here later (the weekly digest). */
  readonly chat?: ChannelTarget;
  /** Tells the person the bot is working on it (Teams' typing indicator), before a slow reply. */
  readonly showWorking?: () => Promise<void>;
  /** In a personal chat: starts the compose dialog there with a draft (it asks its first question). */
  readonly beginCompose?: (draft: ComposeDraft) => Promise<void>;
}

export type CommandHandler = (input: CommandInput) => Promise<Reply>;

export function parseCommand(text: string): { name: string; args: string[] } {
  // Words, where "double quotes" keep spaces together (to="AHP Community").
  const words = [
    ...text
      .replace(/\u00a0/g, ' ')
      .trim()
      .matchAll(/(?:[^\s"]+|"[^"]*")+/g),
  ].map((m) => m[0].replace(/"/g, ''));
  const [first = '', ...args] = words;
  return { name: first.toLowerCase().replace(/[^a-z-]/g, ''), args };
}

/** The command table: the one router, keyed by a command's first word. */
export class CommandTable extends Router<CommandInput> {
  constructor(fallback: CommandHandler, roles?: Roles) {
    super(roles, fallback, (name) => new DuplicateRouteError('command', name, 'rename one of them in src/app/command-table.ts.'));
  }

  dispatch(input: CommandInput): Promise<Reply> {
    return this.route(input.name, input);
  }
}
