import type { Actor } from '../../domain/actor';
import { PulseError } from '../../domain/errors';
import type { Roles } from '../ports/roles';
import { type Reply, textReply } from './reply';

/**
 * One router for text commands and card verbs. Each route declares who may use it where it is
 * registered (as bolt-js stacks listener middleware, or grammY a filter), so the check runs
 * before any handler and no handler can forget it. What is decided by the thing acted on (only
 * a poll's author or an admin may close it) stays with the use case.
 */

/** Who may use a route: anyone, professional leads (and admins), or admins only. */
export type Role = 'everyone' | 'lead' | 'admin';

export interface Gate<I> {
  /** The role the route needs; a function where it depends on the input (`digest subscribe` is anyone's, `digest` a lead's). */
  readonly requires: Role | ((input: I) => Role);
  /** What the route does, for the refusal: "launch polls" gives "Only professional leads and admins can launch polls." */
  readonly doing: string;
}

/** One line of the help card: how to write the command, and what it does. */
export interface RouteHelp {
  readonly usage: string;
  readonly summary: string;
  /** Who sees the line: the route's own role, unless it says (a route whose role depends on its input says for each line). */
  readonly for?: Role;
}

/** How a route is registered: who may use it (none: anyone), and the lines it adds to the help card. */
export type Route<I> = (Gate<I> | { readonly requires?: undefined; readonly doing?: undefined }) & { readonly help?: readonly RouteHelp[] };

export type Handler<I> = (input: I) => Promise<Reply>;

const RANK: Record<Role, number> = { everyone: 0, lead: 1, admin: 2 };

export class DuplicateRouteError extends PulseError {
  constructor(kind: string, name: string, fix: string) {
    super('ahp_pulse_duplicate_route', `The ${kind} "${name}" is registered twice. Each ${kind} has one handler; ${fix}`);
    this.name = 'DuplicateRouteError';
  }
}

export class Router<I extends { readonly actor: Actor }> {
  private readonly routes = new Map<string, { gate: Gate<I> | undefined; handle: Handler<I> }>();
  private readonly lines: (RouteHelp & { readonly for: Role })[] = [];

  constructor(
    private readonly roles: Roles | undefined,
    private readonly fallback: Handler<I>,
    private readonly duplicate: (name: string) => Error,
  ) {}

  /** A route anyone may use, or one behind a gate; either may add lines to the help card. */
  on(name: string, handle: Handler<I>): this;
  on(name: string, route: Route<I>, handle: Handler<I>): this;
  on(name: string, routeOrHandle: Route<I> | Handler<I>, maybeHandle?: Handler<I>): this {
    if (this.routes.has(name)) throw this.duplicate(name);
    const route = typeof routeOrHandle === 'function' ? {} : routeOrHandle;
    const gate = route.requires === undefined ? undefined : (route as Gate<I>);
    const handle = typeof routeOrHandle === 'function' ? routeOrHandle : maybeHandle!;
    for (const line of route.help ?? []) {
      const audience = line.for ?? (typeof gate?.requires === 'function' ? undefined : (gate?.requires ?? 'everyone'));
      if (!audience) {
        throw new PulseError(
          'ahp_pulse_route_help_unclear',
          `The route "${name}" decides its role from its input, so each of its help lines must say whom it is for.`,
        );
      }
      this.lines.push({ ...line, for: audience });
    }
    if (gate && !this.roles) {
      throw new PulseError(
        'ahp_pulse_route_needs_roles',
        `The route "${name}" declares a role, but its router was made without roles: pass the roles to its constructor.`,
      );
    }
    this.routes.set(name, { gate, handle });
    return this;
  }

  /** The help card's lines for a reader: everyone's first, then the lead's and the admin's where the reader has the role. */
  help(reader: { readonly lead: boolean; readonly admin: boolean }): RouteHelp[] {
    const sees = (role: Role) => role === 'everyone' || (role === 'lead' && reader.lead) || (role === 'admin' && reader.admin);
    return this.lines
      .filter((line) => sees(line.for))
      .sort((a, b) => RANK[a.for] - RANK[b.for])
      .map(({ usage, summary }) => ({ usage, summary }));
  }

  has(name: string): boolean {
    return this.routes.has(name);
  }

  names(): string[] {
    return [...this.routes.keys()];
  }

  protected async route(name: string, input: I): Promise<Reply> {
    const route = this.routes.get(name);
    if (!route) return this.fallback(input);
    if (route.gate) {
      const role = typeof route.gate.requires === 'function' ? route.gate.requires(input) : route.gate.requires;
      if (!(await allowed(this.roles!, role, input.actor))) return refusal(role, route.gate.doing);
    }
    return route.handle(input);
  }
}

async function allowed(roles: Roles, role: Role, actor: Actor): Promise<boolean> {
  if (role === 'everyone') return true;
  if (role === 'admin') return roles.isAdmin(actor.aadObjectId);
  return roles.isLead(actor.aadObjectId);
}

/** The kind answer to someone without the role: what they cannot do, and who can change that. */
export function refusal(role: Role, doing: string): Reply {
  return textReply(
    role === 'admin'
      ? `Only AHP Pulse admins can ${doing}.`
      : `Only professional leads and admins can ${doing}. If you should be one, ask your AHP Pulse admin to add you.`,
  );
}
