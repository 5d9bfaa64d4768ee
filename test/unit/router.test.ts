import assert from 'node:assert/strict';
import { CommandTable, type CommandInput } from '../../src/application/routing/commands';
import { DuplicateRouteError } from '../../src/application/routing/router';
import { rolesFromSettings } from '../../src/application/routing/roles';

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
