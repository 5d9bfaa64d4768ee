/**
 * The shape check for a POST to /api/messages, before botbuilder sees it. botbuilder throws
 * (and the server would answer 500) on a body that is not an activity; this answers 400
 * with what is wrong instead. It checks shape only: authentication is CloudAdapter's job.
 */
export function activityProblems(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return ['The body must be a JSON object (a Bot Framework activity) sent with Content-Type: application/json.'];
  }
  const activity = body as Record<string, unknown>;
  const problems: string[] = [];
  const text = (name: string): void => {
    if (typeof activity[name] !== 'string' || (activity[name] as string).trim() === '') {
      problems.push(`"${name}" must be a non-empty string.`);
    }
  };
  text('type');
  text('channelId');
  text('serviceUrl');
  if (typeof activity.serviceUrl === 'string' && !isHttpUrl(activity.serviceUrl)) {
    problems.push('"serviceUrl" must be an http or https URL.');
  }
  const conversation = activity.conversation as Record<string, unknown> | undefined;
  if (conversation === null || typeof conversation !== 'object' || typeof conversation.id !== 'string' || conversation.id === '') {
    problems.push('"conversation.id" must be a non-empty string.');
  }
  const from = activity.from as Record<string, unknown> | undefined;
  if (from === null || typeof from !== 'object' || typeof from.id !== 'string' || from.id === '') {
    problems.push('"from.id" must be a non-empty string: Teams always says who sent an activity.');
  }
  for (const name of ['from', 'recipient', 'channelData', 'value'] as const) {
    const value = activity[name];
    if (value !== undefined && value !== null && name !== 'value' && (typeof value !== 'object' || Array.isArray(value))) {
      problems.push(`"${name}", when present, must be an object.`);
    }
  }
  for (const name of ['membersAdded', 'membersRemoved', 'entities', 'attachments'] as const) {
    const value = activity[name];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) problems.push(`"${name}", when present, must be an array.`);
    else if (value.some((item) => !isObject(item))) problems.push(`"${name}" must hold objects only.`);
    else if ((name === 'membersAdded' || name === 'membersRemoved') && value.some((m) => typeof (m as Record<string, unknown>).id !== 'string')) {
      problems.push(`each of "${name}" must have a string "id".`);
    }
  }
  // Fields the bot reads: of the type Teams sends, when present, so no handler meets a number where it expects text.
  for (const [path, steps, type] of TYPED) {
    const value = at(activity, steps);
    if (value === NOT_AN_OBJECT) problems.push(`"${path.split('.').slice(0, -1).join('.')}", when present, must be an object.`);
    else if (value !== undefined && value !== null && typeof value !== type) problems.push(`"${path}", when present, must be a ${type}.`);
  }
  return [...new Set(problems)];
}

const TYPED: readonly (readonly [string, readonly string[], 'string' | 'boolean'])[] = (
  [
    ['id', 'string'],
    ['name', 'string'],
    ['text', 'string'],
    ['textFormat', 'string'],
    ['locale', 'string'],
    ['timestamp', 'string'],
    ['localTimestamp', 'string'],
    ['localTimezone', 'string'],
    ['replyToId', 'string'],
    ['action', 'string'],
    ['from.name', 'string'],
    ['from.aadObjectId', 'string'],
    ['recipient.id', 'string'],
    ['recipient.name', 'string'],
    ['conversation.conversationType', 'string'],
    ['conversation.tenantId', 'string'],
    ['conversation.name', 'string'],
    ['conversation.isGroup', 'boolean'],
    ['channelData.eventType', 'string'],
    ['channelData.tenant.id', 'string'],
    ['channelData.team.id', 'string'],
    ['channelData.team.name', 'string'],
    ['channelData.team.aadGroupId', 'string'],
    ['channelData.channel.id', 'string'],
    ['channelData.channel.name', 'string'],
  ] as const
).map(([path, type]) => [path, path.split('.'), type] as const);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const NOT_AN_OBJECT = Symbol('not an object');

/** The value at a dotted path; undefined when a step on the way is missing, NOT_AN_OBJECT when one is not an object. */
function at(root: Record<string, unknown>, steps: readonly string[]): unknown {
  let value: unknown = root;
  for (const step of steps) {
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) return NOT_AN_OBJECT;
    value = Object.hasOwn(value, step) ? value[step] : undefined;
  }
  return value;
}

/** Service URLs seen to be good: they are few (one a Teams region), and every activity carries one. */
const GOOD_URLS = new Set<string>();

function isHttpUrl(value: string): boolean {
  if (GOOD_URLS.has(value)) return true;
  try {
    const url = new URL(value);
    const good = url.protocol === 'https:' || url.protocol === 'http:';
    if (good && GOOD_URLS.size < 100) GOOD_URLS.add(value);
    return good;
  } catch {
    return false;
  }
}
