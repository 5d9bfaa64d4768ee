import assert from 'node:assert/strict';
import { type CommandInput, CommandTable } from '../../src/application/routing/commands';
import { rolesFromSettings } from '../../src/application/routing/roles';
import { DuplicateRouteError } from '../../src/application/routing/router';

const LEAD = '11111111-1111-4111-8111-111111111111';
const ADMIN = '22222222-2222-4222-8222-222222222222';
const AHP = '33333333-3333-4333-8333-333333333333';
const roles = rolesFromSettings({ leadIds: [LEAD], adminIds: [ADMIN] });
const say = (aadObjectId: string, name: string, args: string[] = []): CommandInput => ({
  name,
  args,
  actor: { userId: '29:x', aadObjectId, name: 'Someone', tenantId: 't' },
  where: 'personal',
});

describe('Who may use a command, declared where it is registered', () => {
  let ran: string[];
  const table = () => {
    ran = [];
    const handler = (name: string) => async () => {
      ran.push(name);
      return { kind: 'text' as const, text: name };
    };
    return new CommandTable(handler('help'), roles)
      .on('profession', handler('profession'))
      .on('launch', { requires: 'lead', doing: 'launch polls' }, handler('launch'))
      .on('lead', { requires: 'admin', doing: 'add or remove leads' }, handler('lead'))
      .on('digest', { requires: (input) => (input.args[0] === 'subscribe' ? 'everyone' : 'lead'), doing: 'ask for digests' }, handler('digest'));
  };

  it("refuses a lead's command to an AHP, kindly, before its handler runs", async () => {
    const reply = await table().dispatch(say(AHP, 'launch'));
    assert.deepEqual(reply, {
      kind: 'text',
      text: 'Only professional leads and admins can launch polls. If you should be one, ask your AHP Pulse admin to add you.',
    });
    assert.deepEqual(ran, []);
  });

  it("lets leads use leads' commands, admins use both, and only admins the admins' commands", async () => {
    const t = table();
    await t.dispatch(say(LEAD, 'launch'));
    await t.dispatch(say(ADMIN, 'launch'));
    await t.dispatch(say(ADMIN, 'lead'));
    assert.deepEqual(ran, ['launch', 'launch', 'lead']);
    assert.deepEqual(await t.dispatch(say(LEAD, 'lead')), { kind: 'text', text: 'Only AHP Pulse admins can add or remove leads.' });
    assert.deepEqual(ran, ['launch', 'launch', 'lead']);
  });

  it('lets anyone use an open command, and decides the role from the words where the route says so', async () => {
    const t = table();
    await t.dispatch(say(AHP, 'profession'));
    await t.dispatch(say(AHP, 'digest', ['subscribe']));
    assert.match(JSON.stringify(await t.dispatch(say(AHP, 'digest', ['last']))), /can ask for digests/);
    assert.deepEqual(ran, ['profession', 'digest']);
  });

  it('refuses a command registered twice, naming it', () => {
    assert.throws(() => table().on('launch', async () => ({ kind: 'text', text: '' })), DuplicateRouteError);
  });
});

describe('The help card, drawn from the routes', () => {
  const noop = async () => ({ kind: 'text' as const, text: '' });
  const table = () =>
    new CommandTable(noop, roles)
      .on('help', { help: [{ usage: 'help', summary: 'Shows this card.' }] }, noop)
      .on('audit', { requires: 'admin', doing: 'read the audit log', help: [{ usage: 'audit [days]', summary: 'The audit log.' }] }, noop)
      .on('launch', { requires: 'lead', doing: 'launch polls', help: [{ usage: 'launch <name>', summary: 'Launches.' }] }, noop)
      .on(
        'digest',
        {
          requires: (input) => (input.args[0] === 'subscribe' ? 'everyone' : 'lead'),
          doing: 'ask for digests',
          help: [
            { usage: 'digest subscribe', summary: 'The digest here.', for: 'everyone' },
            { usage: 'digest', summary: 'This week so far.', for: 'lead' },
          ],
        },
        noop,
      );
  const usages = (reader: { lead: boolean; admin: boolean }) =>
    table()
      .help(reader)
      .map((line) => line.usage);

  it("lists each route's lines for the roles the reader has: everyone's first, then a lead's, then an admin's", () => {
    assert.deepEqual(usages({ lead: false, admin: false }), ['help', 'digest subscribe']);
    assert.deepEqual(usages({ lead: true, admin: false }), ['help', 'digest subscribe', 'launch <name>', 'digest']);
    assert.deepEqual(usages({ lead: true, admin: true }), ['help', 'digest subscribe', 'launch <name>', 'digest', 'audit [days]']);
  });

  it('refuses, at registration, a line of a route whose role depends on its input when the line does not say whom it is for', () => {
    assert.throws(
      () => new CommandTable(noop, roles).on('digest', { requires: () => 'lead', doing: 'ask', help: [{ usage: 'digest', summary: 'x' }] }, noop),
      /each of its help lines must say whom it is for/,
    );
  });
});
