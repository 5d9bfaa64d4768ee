import fs from 'node:fs';
import path from 'node:path';
import { type Catalog, CatalogError, parsePriorities, parseProfessions, parseWorkforce } from '../domain/catalog';
import { type PollTemplate, parseTemplates } from '../domain/templates';

export interface Content {
  readonly catalog: Catalog;
  readonly templates: readonly PollTemplate[];
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError(file, 'the file', `cannot be read (${(error as Error).message}). Set CONTENT_DIR to the folder that holds it.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CatalogError(file, 'the file', `is not valid JSON (${(error as Error).message}).`);
  }
}

/** The priorities, professions, workforce and poll templates, read and checked once at start-up. */
export function loadContent(dir: string): Content {
  const priorities = parsePriorities(readJson(path.join(dir, 'priorities.json')), path.join(dir, 'priorities.json'));
  const professions = parseProfessions(readJson(path.join(dir, 'professions.json')), path.join(dir, 'professions.json'));
  const workforce = parseWorkforce(readJson(path.join(dir, 'workforce.json')), path.join(dir, 'workforce.json'), professions);
  const templates = parseTemplates(readJson(path.join(dir, 'poll-templates.json')), path.join(dir, 'poll-templates.json'));
  return Object.freeze({ catalog: Object.freeze({ priorities, professions, workforce }), templates });
}
