import fs from 'node:fs';
import path from 'node:path';
import { PulseError } from '../../../../domain/errors';

/** The container definitions, shared with the infrastructure (infra/cosmos-containers.json). */
export interface ContainerDefinition {
  /** What the code uses the container for. */
  readonly role: ContainerName;
  /** The container's name in the account. */
  readonly name: string;
  readonly partitionKey: string;
  readonly defaultTtl?: number;
}

export const CONTAINER_NAMES = [
  'installations',
  'polls',
  'responses',
  'deliveries',
  'profiles',
  'claims',
  'leads',
  'conversationState',
  'weeklyPulses',
  'digests',
  'digestSubscriptions',
  'audit',
  'content',
] as const;
export type ContainerName = (typeof CONTAINER_NAMES)[number];

export const CONTAINERS_FILE = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../../../infra/cosmos-containers.json' : '../../../../../infra/cosmos-containers.json',
);

export function loadContainerDefinitions(file: string = CONTAINERS_FILE): ReadonlyMap<ContainerName, ContainerDefinition> {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { containers?: ContainerDefinition[] };
  const map = new Map<ContainerName, ContainerDefinition>();
  for (const definition of json.containers ?? []) map.set(definition.role, definition);
  const missing = CONTAINER_NAMES.filter((name) => !map.has(name));
  if (missing.length > 0)
    throw new PulseError(
      'ahp_pulse_containers_undefined',
      `${file} does not define the container(s) ${missing.join(', ')}: add them, with a name and partition key, as the others are.`,
    );
  return map;
}
