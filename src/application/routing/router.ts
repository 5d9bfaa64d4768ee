import { PulseError } from '../../domain/errors';
import type { Actor } from '../../domain/actor';
import type { CardReply } from './reply';
import type { Roles } from '../ports/roles';

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

export type Handler<I> = (input: I) => Promise<CardReply>;

export class DuplicateRouteError extends PulseError {
  constructor(kind: string, name: string, fix: string) {
    super('ahp_pulse_duplicate_route', `The ${kind} "${name}" is registered twice. Each ${kind} has one handler; ${fix}`);
    this.name = 'DuplicateRouteError';
  }
}

export class Router<I extends { readonly actor: Actor }> {
  private readonly routes = new Map<string, { gate: Gate<I> | undefined; handle: Handler<I> }>();

  constructor(
    private readonly roles: Roles | undefined,
    private readonly fallback: Handler<I>,
    private readonly duplicate: (name: string) => Error,
  ) {}

  /** A route anyone may use, or one behind a gate. */
  on(name: string, handle: Handler<I>): this;
  on(name: string, gate: Gate<I>, handle: Handler<I>): this;
  on(name: string, gateOrHandle: Gate<I> | Handler<I>, maybeHandle?: Handler<I>): this {
    if (this.routes.has(name)) throw this.duplicate(name);
    const gate = typeof gateOrHandle === 'function' ? undefined : gateOrHandle;
    const handle = typeof gateOrHandle === 'function' ? gateOrHandle : maybeHandle!;
    if (gate && !this.roles) {
      throw new PulseError(
        'ahp_pulse_route_needs_roles',
        `The route "${name}" declares a role, but its router was made without roles: pass the roles to its constructor.`,
      );
    }
    this.routes.set(name, { gate, handle });
    return this;
  }

  has(name: string): boolean {
    return this.routes.has(name);
  }

  names(): string[] {
    return [...this.routes.keys()];
  }

  protected async route(name: string, input: I): Promise<CardReply> {
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
export function refusal(role: Role, doing: string): CardReply {
  return {
    kind: 'text',
    text:
      role === 'admin'
        ? `Only AHP Pulse admins can ${doing}.`
        : `Only professional leads and admins can ${doing}. If you should be one, ask your AHP Pulse admin to add you.`,
  };
}
