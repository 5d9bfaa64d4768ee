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
  for (const name of ['from', 'recipient', 'channelData', 'value'] as const) {
    const value = activity[name];
    if (value !== undefined && value !== null && name !== 'value' && (typeof value !== 'object' || Array.isArray(value))) {
      problems.push(`"${name}", when present, must be an object.`);
    }
  }
  for (const name of ['membersAdded', 'membersRemoved', 'entities', 'attachments'] as const) {
    const value = activity[name];
    if (value !== undefined && value !== null && !Array.isArray(value)) problems.push(`"${name}", when present, must be an array.`);
  }
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
