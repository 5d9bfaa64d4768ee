import type { PollFormPresenter } from '../application/ports/poll-form-presenter';
import { activePriorities } from '../domain/catalog';
import { TEMPLATE_NAME_MAX } from '../domain/content-edit';
import { QUESTION_MAX } from '../domain/poll';
import { OPTION_MAX, OPTIONS_MAX, OPTIONS_MIN } from '../domain/poll-draft';
import type { CardRenderer } from './card-renderer';

const KINDS = [
  { title: 'Single choice: one of the options', value: 'single' },
  { title: 'Multiple choice: up to three of the options', value: 'multi' },
  { title: 'Agreement: a statement, strongly agree to strongly disagree', value: 'agreement' },
  { title: 'Rating: each option from 1 to 5', value: 'rating' },
  { title: 'Ranking: the top three of the options', value: 'rank' },
  { title: 'Open prompt: an answer in their own words', value: 'open' },
];

const PROBLEM_FIELDS = ['kind', 'question', 'optionsFrom', 'options', 'priorityId', 'closesIn', 'closesDate', 'closesTime', 'visibility'] as const;

/** The poll's own inputs, none required: in the preview they show what people will fill, and must not stop the lead's Launch. */
function optional(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optional);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'isRequired')
      .map(([key, value]) => [key, optional(value)]),
  );
}

/** The poll form (cards/poll-form.json) and its preview: the card as posted, with the dialog's next steps below it. */
export function pollFormPresenter(cards: CardRenderer): PollFormPresenter {
  return {
    form: ({ draft, problems, catalog, canPostHere, templates, notice, templateName, templateProblem }) => {
      const count = Object.keys(problems).length;
      const card = cards.render('poll-form', {
        intro:
          'Write a pulse poll or prompt in your own words. Preview shows the card exactly as it will be posted; nothing is saved until you post or launch it.',
        summary:
          count === 0
            ? ''
            : count === 1
              ? 'One thing needs changing: see the note below its field.'
              : `${count} things need changing: see the notes below their fields.`,
        draft: { ...draft, priorityId: draft.priorityId === '' ? 'none' : draft.priorityId },
        problems: Object.fromEntries(PROBLEM_FIELDS.map((field) => [field, problems[field] ?? ''])),
        kinds: KINDS,
        priorities: [{ title: 'None', value: 'none' }, ...activePriorities(catalog).map((p) => ({ title: p.title, value: p.id }))],
        notice: notice ?? '',
        hasTemplates: templates.length > 0,
        templates: templates.map((t) => ({ title: t.name, value: t.id })),
        firstTemplate: templates[0]?.id ?? '',
        templateName: templateName ?? '',
        templateProblem: templateProblem ?? '',
        templateNameMax: TEMPLATE_NAME_MAX,
        questionMax: QUESTION_MAX,
        optionsMin: OPTIONS_MIN,
        optionsMax: OPTIONS_MAX,
        optionsLength: OPTIONS_MAX * (OPTION_MAX + 1) + 40,
      }) as Record<string, unknown>;
      const actions = canPostHere
        ? [
            { type: 'Action.Submit', title: 'Preview, to post here', data: { pollForm: 'preview' } },
            { type: 'Action.Submit', title: 'Preview, to launch to many channels', data: { pollForm: 'preview-launch' } },
          ]
        : [{ type: 'Action.Submit', title: 'Preview', data: { pollForm: 'preview-launch' } }];
      return { ...card, actions: [...actions, { type: 'Action.Submit', title: 'Save as template', data: { pollForm: 'save-template' } }] };
    },
    opener: (likePollId) => ({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: likePollId ? 'A new poll like that one' : 'A new pulse poll', weight: 'Bolder', wrap: true },
        {
          type: 'TextBlock',
          text: 'Write it in the form: your own question and options, a preview of the card, then post it or launch it to the channels you choose. Prefer to type? Write "compose steps" here.',
          wrap: true,
        },
      ],
      actions: [
        {
          type: 'Action.Submit',
          title: 'Open the poll form',
          data: { msteams: { type: 'task/fetch' }, pollForm: 'open', ...(likePollId ? { likePollId } : {}) },
        },
      ],
    }),
    preview: (card, steps) => {
      // No refresh: in a dialog it would ask for a poll that does not exist yet.
      const { refresh: _refresh, ...posted } = card as { body?: unknown[]; refresh?: unknown };
      const launch = steps.channels.length > 0;
      return {
        ...posted,
        body: [
          {
            type: 'Container',
            style: 'emphasis',
            items: [{ type: 'TextBlock', text: 'Preview: the card as it will be posted. Its buttons work once it is posted.', wrap: true, size: 'Small' }],
          },
          ...((posted.body ?? []) as unknown[]).map(optional),
          ...(steps.problem ? [{ type: 'TextBlock', text: steps.problem, color: 'Attention', wrap: true }] : []),
          ...(launch
            ? [
                {
                  type: 'Input.ChoiceSet',
                  id: 'launchTo',
                  label: 'Launch to these channels',
                  isMultiSelect: true,
                  style: 'expanded',
                  choices: steps.channels.map((c) => ({ title: c.title, value: c.value })),
                },
                {
                  type: 'Input.ChoiceSet',
                  id: 'launchWhen',
                  label: 'When',
                  style: 'compact',
                  value: 'now',
                  choices: [
                    { title: 'Now', value: 'now' },
                    { title: 'On the day and at the time below (UK time)', value: 'date' },
                    { title: 'Every week, on the day of the week and at the time below (UK time)', value: 'weekly' },
                  ],
                },
                {
                  type: 'Input.ChoiceSet',
                  id: 'launchWeekday',
                  label: 'Day of the week (every week)',
                  style: 'compact',
                  value: 'monday',
                  choices: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => ({
                    title: d[0]!.toUpperCase() + d.slice(1),
                    value: d,
                  })),
                },
                { type: 'Input.Date', id: 'launchDate', label: 'Launch day (UK time)' },
                { type: 'Input.Time', id: 'launchTime', label: 'Launch time (UK time)', value: '09:00' },
              ]
            : [{ type: 'TextBlock', text: 'AHP Pulse is not in any team yet, so there is nowhere to launch to.', wrap: true, isSubtle: true }]),
        ],
        actions: [
          ...(steps.postHere ? [{ type: 'Action.Submit', title: 'Post here', data: { pollForm: 'post' } }] : []),
          { type: 'Action.Submit', title: 'Edit', data: { pollForm: 'edit' }, associatedInputs: 'none' },
          ...(launch ? [{ type: 'Action.Submit', title: 'Launch', data: { pollForm: 'launch' } }] : []),
        ],
      };
    },
  };
}
