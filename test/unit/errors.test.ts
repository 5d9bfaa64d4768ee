import assert from 'node:assert/strict';
import { DuplicateVerbError } from '../../src/application/routing/card-actions';
import { StoreError } from '../../src/application/store-error';
import { ConfigError } from '../../src/config/env-reader';
import { ERROR_CODES, PulseError } from '../../src/domain/errors';
import { PollRuleError } from '../../src/domain/poll';

describe('Errors raised on purpose', () => {
  it('come in one shape: a PulseError with an ahp_pulse_* code from the one list', () => {
    const raised = [
      new PollRuleError('closes is a length of time such as 90m, not "forever".'),
      new StoreError('ahp_pulse_store_throttled', 'The store is busy; please try again.'),
      new ConfigError([{ variable: 'PORT', problem: '"x" is not a number.', fix: 'Set it to 3978.' }]),
      new DuplicateVerbError('poll.answer'),
    ];
    for (const error of raised) {
      assert.ok(error instanceof PulseError, error.name);
      assert.ok((ERROR_CODES as readonly string[]).includes(error.code), error.code);
    }
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length, 'each code once');
    assert.ok(ERROR_CODES.every((code) => /^ahp_pulse_[a-z_]+$/.test(code)));
  });

  it('say what to do: the configuration error lists each variable with its fix', () => {
    const error = new ConfigError([{ variable: 'PORT', problem: '"x" is not a number.', fix: 'Set it to 3978.' }]);
    assert.equal(error.code, 'ahp_pulse_config_invalid');
    assert.match(error.message, /PORT: "x" is not a number\. Set it to 3978\./);
  });
});
