import { POLL_FORM_STEPS } from '../../src/application/authoring/poll-form';

// The adaptivecards package's lib/ build does not load under Node; its dist/ bundle does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/**
 * Checks a card the way Teams would meet it, with the official Adaptive Cards object model:
 * it parses with no warnings (no unknown element), uses no property the schema does not
 * define or that is newer than 1.5, labels every input, carries only verbs the bot handles,
 * and stays under Teams' recommended 80 KB. Teams' charts are allowed, each with a fallback,
 * and with its figures also in the card's text.
 */

export const MAX_CARD_BYTES = 80 * 1024;
const MAX_VERSION = { major: 1, minor: 5 };

/** Keys the object model keeps outside getSchema(): collections, fallback, and Teams' own. */
const STRUCTURAL: Record<string, readonly string[]> = {
  AdaptiveCard: ['body', 'actions', 'msteams', 'metadata'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  FactSet: ['facts'],
  ImageSet: ['images'],
  ActionSet: ['actions'],
  Table: ['columns', 'rows'],
  TableRow: ['cells'],
  TableCell: ['items'],
  RichTextBlock: ['inlines'],
  'Action.ShowCard': ['card'],
  'Action.ToggleVisibility': ['targetElements'],
};

/**
 * Teams' chart elements, which the object model does not know: checked here by hand (their
 * documented properties, data points of a label and a number, and a fallback that is itself
 * checked), and replaced by that fallback for the parse, as a client without charts does.
 */
const CHART_TYPES = [
  'Chart.Donut',
  'Chart.Pie',
  'Chart.Gauge',
  'Chart.Line',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
];
const CHART_PROPERTIES = [
  'type',
  'id',
  'title',
  'data',
  'colorSet',
  'color',
  'displayMode',
  'xAxisTitle',
  'yAxisTitle',
  'fallback',
  'height',
  'horizontalAlignment',
  'separator',
  'spacing',
  'isVisible',
  'requires',
  'targetWidth',
];

function checkChart(json: Record<string, unknown>, where: string, found: Found): void {
  for (const key of Object.keys(json)) if (!CHART_PROPERTIES.includes(key)) found.problems.push(`${where}: "${key}" is not a property of ${String(json.type)}`);
  // A line chart's data is series, each a legend and its points; the others' data is the points.
  const series = json.type === 'Chart.Line';
  const data = json.data;
  const points: { point: Record<string, unknown>; at: string }[] = [];
  if (!Array.isArray(data) || data.length === 0) found.problems.push(`${where}: a chart needs data points`);
  else if (series) {
    data.forEach((line: Record<string, unknown>, i) => {
      if (typeof line?.legend !== 'string' || !Array.isArray(line.values) || line.values.length === 0) {
        found.problems.push(`${where}.data[${i}]: a line needs a legend and data points (values)`);
        return;
      }
      found.chartFigures.push({ where, label: line.legend, figure: undefined });
      (line.values as Record<string, unknown>[]).forEach((point, j) => {
        points.push({ point, at: `${where}.data[${i}].values[${j}]` });
      });
    });
  } else {
    data.forEach((point: Record<string, unknown>, i) => {
      points.push({ point, at: `${where}.data[${i}]` });
    });
  }
  for (const { point, at } of points) {
    if (typeof point?.x !== 'string' || typeof point?.y !== 'number' || !Number.isFinite(point.y)) {
      found.problems.push(`${at}: a data point needs a label (x) and a number (y)`);
    } else found.chartFigures.push({ where, label: point.x, figure: point.y });
  }
  const fallback = json.fallback as Record<string, unknown> | 'drop' | undefined;
  if (fallback === 'drop') return; // allowed only because its figures must be in the card's text too (checked below)
  if (!fallback || typeof fallback !== 'object' || typeof fallback.type !== 'string') {
    found.problems.push(`${where}: a chart needs a fallback element (or "drop"), for clients that draw no charts`);
  } else checkObject(fallback, fallback.type, `${where}.fallback`, found);
}

/**
 * What a screen reader, or anyone, can read of the card: its text blocks and facts, outside
 * any chart. A chart's figures must be there too (WCAG 1.1.1: a chart is not text).
 */
function readableText(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(readableText);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (typeof object.type === 'string' && CHART_TYPES.includes(object.type)) return [];
  const own = [object.type === 'TextBlock' ? object.text : undefined, object.title, object.value].filter((t): t is string => typeof t === 'string');
  return [...own, ...Object.values(object).flatMap(readableText)];
}

/** The card as a client without charts sees it: every chart replaced by its fallback. */
function withoutCharts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCharts).filter((item) => item !== 'drop');
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.type === 'string' && CHART_TYPES.includes(object.type)) return withoutCharts(object.fallback);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, withoutCharts(v)]));
}

interface Found {
  problems: string[];
  verbs: string[];
  chartFigures: { where: string; label: string; figure: unknown }[];
}

function schemaNames(instance: {
  getSchema(): { getCount(): number; getItemAt(i: number): { name: string; targetVersion?: { major: number; minor: number } } };
}) {
  const schema = instance.getSchema();
  const names = new Map<string, { major: number; minor: number } | undefined>();
  for (let i = 0; i < schema.getCount(); i++) {
    const property = schema.getItemAt(i);
    names.set(property.name, property.targetVersion);
  }
  return names;
}

function newer(version: { major: number; minor: number } | undefined): boolean {
  return !!version && (version.major > MAX_VERSION.major || (version.major === MAX_VERSION.major && version.minor > MAX_VERSION.minor));
}

function checkObject(json: Record<string, unknown>, type: string, where: string, found: Found): void {
  if (CHART_TYPES.includes(type)) {
    checkChart(json, where, found);
    return;
  }
  const registration = AC.GlobalRegistry.defaultElements.findByName(type) ?? AC.GlobalRegistry.defaultActions.findByName(type);
  const fixed: Record<string, () => unknown> = {
    AdaptiveCard: () => new AC.AdaptiveCard(),
    Column: () => new AC.Column(),
    Fact: () => new AC.Fact(),
    Choice: () => new AC.Choice(),
    TableRow: () => new AC.TableRow(),
    TableCell: () => new AC.TableCell(),
    TableColumnDefinition: () => new AC.TableColumnDefinition(),
    RefreshDefinition: () => new AC.RefreshDefinition(),
  };
  const instance = registration ? new registration.objectType() : fixed[type]?.();
  if (!instance) {
    found.problems.push(`${where}: unknown type "${type}"`);
    return;
  }
  if (registration && newer(registration.schemaVersion)) found.problems.push(`${where}: ${type} is newer than 1.5`);
  const names = schemaNames(instance);
  for (const key of Object.keys(json)) {
    if (names.has(key)) {
      if (newer(names.get(key))) found.problems.push(`${where}.${key}: property is newer than 1.5`);
      continue;
    }
    if (key === 'fallback' || key === 'type' || (STRUCTURAL[type] ?? []).includes(key)) continue;
    found.problems.push(`${where}: "${key}" is not a property of ${type}`);
  }
  if (type.startsWith('Input.') && (typeof json.label !== 'string' || json.label.trim() === '')) {
    found.problems.push(`${where}: input "${String(json.id)}" has no label (screen readers need one)`);
  }
  checkRoundTrip(json, type, where, found);
  if (type === 'Action.Execute') found.verbs.push(String(json.verb ?? ''));
  if (type === 'Action.Submit') {
    const data = json.data as Record<string, unknown> | undefined;
    // A poll form's button is a step of its dialog (task/fetch, task/submit), not a card verb: the step must be one the form takes.
    if (data?.contentForm !== undefined) {
      if (data.contentForm !== 'priority' && data.contentForm !== 'workforce')
        found.problems.push(`${where}: "${String(data.contentForm)}" is not a content form`);
    } else if (data?.pollForm !== undefined) {
      if (!(POLL_FORM_STEPS as readonly unknown[]).includes(data.pollForm))
        found.problems.push(`${where}: "${String(data.pollForm)}" is not a step of the poll form`);
    } else found.verbs.push(String(data?.verb ?? ''));
  }
  walkChildren(json, type, where, found);
}

/**
 * What a client sends back exactly as the card wrote it (an input's id and value, a choice's
 * value, an action's verb and data) must hold no markdown escape: Teams returns "rate\\_access"
 * if the card says so, and the bot knows only "rate_access". Nor any of the renderer's marks.
 */
const ESCAPED = /\\[\\`*_[\]<>~\-+#>.]|[\uE000\uE001]/;
function checkRoundTrip(json: Record<string, unknown>, type: string, where: string, found: Found): void {
  const strings = (value: unknown, path: string): [string, string][] =>
    typeof value === 'string'
      ? [[path, value]]
      : Array.isArray(value)
        ? value.flatMap((v, i) => strings(v, `${path}[${i}]`))
        : value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`))
          : [];
  const sentBack: [string, string][] = [];
  if (type.startsWith('Input.')) sentBack.push(...strings(json.id, `${where}.id`), ...strings(json.value, `${where}.value`));
  if (type === 'Choice') sentBack.push(...strings(json.value, `${where}.value`));
  if (type === 'Action.Execute' || type === 'Action.Submit') {
    sentBack.push(...strings(json.verb, `${where}.verb`), ...strings(json.data, `${where}.data`));
  }
  for (const [path, value] of sentBack) {
    if (ESCAPED.test(value)) found.problems.push(`${path}: "${value}" is sent back by the client as written, so it must not be markdown-escaped`);
  }
}

function walkChildren(json: Record<string, unknown>, type: string, where: string, found: Found): void {
  const visit = (value: unknown, path: string, impliedType?: string) => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`, impliedType);
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const itemType = typeof object.type === 'string' ? object.type : impliedType;
      if (itemType) checkObject(object, itemType, path, found);
    }
  };
  for (const key of ['body', 'items', 'actions', 'inlines', 'images', 'card', 'fallback'] as const) {
    if (json[key] !== undefined && json[key] !== 'drop') visit(json[key], `${where}.${key}`);
  }
  if (json.selectAction) visit(json.selectAction, `${where}.selectAction`);
  if (type === 'ColumnSet') visit(json.columns, `${where}.columns`, 'Column');
  if (type === 'Table') {
    visit(json.columns, `${where}.columns`, 'TableColumnDefinition');
    visit(json.rows, `${where}.rows`, 'TableRow');
  }
  if (type === 'TableRow') visit(json.cells, `${where}.cells`, 'TableCell');
  if (type === 'FactSet') visit(json.facts, `${where}.facts`, 'Fact');
  if (type === 'Input.ChoiceSet') visit(json.choices, `${where}.choices`, 'Choice');
  if (type === 'AdaptiveCard' && json.refresh) {
    const refresh = json.refresh as Record<string, unknown>;
    checkObject(refresh, 'RefreshDefinition', `${where}.refresh`, found);
    if (refresh.action) visit(refresh.action, `${where}.refresh.action`);
  }
}

export interface CardReport {
  readonly problems: readonly string[];
  readonly verbs: readonly string[];
  readonly bytes: number;
}

export function checkCard(card: unknown, knownVerbs: readonly string[]): CardReport {
  const found: Found = { problems: [], verbs: [], chartFigures: [] };
  const json = card as Record<string, unknown>;
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (json?.type !== 'AdaptiveCard') found.problems.push('the root is not an AdaptiveCard');
  const version = String(json?.version ?? '');
  const [major, minor] = version.split('.').map(Number);
  if (!(major === 1 && minor !== undefined && minor <= 5)) found.problems.push(`version "${version}" is not 1.0 to 1.5`);

  const context = new AC.SerializationContext();
  const model = new AC.AdaptiveCard();
  model.parse(withoutCharts(json), context);
  for (let i = 0; i < context.eventCount; i++) found.problems.push(`parser: ${context.getEventAt(i).message}`);

  checkObject(json, 'AdaptiveCard', 'card', found);
  for (const verb of found.verbs) {
    if (!knownVerbs.includes(verb)) found.problems.push(`action verb "${verb}" is not in the verb table`);
  }
  const text = readableText(json).join('\n').replace(/\\(.)/g, '$1');
  for (const { where, label, figure } of found.chartFigures) {
    if (!text.includes(label)) found.problems.push(`${where}: the chart's "${label}" is not also in the card's text, for people who cannot see the chart`);
    else if (typeof figure === 'number' && !text.includes(String(figure)) && !text.includes(figure.toFixed(1))) {
      found.problems.push(`${where}: the chart's figure for "${label}" (${figure}) is not also in the card's text`);
    }
  }
  if (bytes > MAX_CARD_BYTES) found.problems.push(`${bytes} bytes is over ${MAX_CARD_BYTES}`);
  if (JSON.stringify(card).includes('$' + '{')) found.problems.push('an unexpanded template expression ($' + '{…}) is left in the card');
  return { problems: found.problems, verbs: found.verbs, bytes };
}
