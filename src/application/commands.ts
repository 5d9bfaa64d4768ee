import type { Actor } from '../domain/actor';
import type { CardReply } from './card-actions';
import type { ChannelTarget } from './ports';

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
}

export type CommandReply = CardReply;
export type CommandHandler = (input: CommandInput) => Promise<CommandReply>;

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

export class CommandTable {
  private readonly handlers = new Map<string, CommandHandler>();
  constructor(private readonly fallback: CommandHandler) {}

  on(name: string, handler: CommandHandler): this {
    if (this.handlers.has(name)) throw new Error(`The command "${name}" is registered twice.`);
    this.handlers.set(name, handler);
    return this;
  }

  dispatch(input: CommandInput): Promise<CommandReply> {
    return (this.handlers.get(input.name) ?? this.fallback)(input);
  }
}
