/**
 * The password policy (src/auth/passwords.ts): length, the bundled common-password list, a short
 * piece repeated; and `qunyun user create` applies it before touching any database.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../cli/args.ts';
import { userCommand } from '../cli/user.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './passwords.ts';

test('short, common and repeated passwords are refused; long unusual ones pass', () => {
  assert.equal(MIN_PASSWORD_LENGTH, 12);
  for (const weak of ['12345678', 'qunyun-demo', 'password1234', 'PASSWORD1234', 'qwerty123456', '1qaz2wsx3edc', 'aaaaaaaaaaaaaaa', 'abcabcabcabc', '121212121212']) {
    assert.ok(passwordProblem(weak), weak);
  }
  for (const fine of ['correct horse battery', 'a long and unusual passphrase', '群运社区运营的一个长密码口令']) {
    assert.equal(passwordProblem(fine), undefined, fine);
  }
  // Characters are counted, not bytes: six Chinese characters are six.
  assert.ok(passwordProblem('运营社群密码'));
});

test('qunyun user create refuses a weak password before opening anything', async () => {
  await assert.rejects(
    userCommand.run(['create', '--email', 'weak@example.com', '--name', 'Weak', '--password', '12345678']),
    (err: Error) => err instanceof UsageError && /--password: .*12 characters/.test(err.message));
  await assert.rejects(
    userCommand.run(['create', '--email', 'weak@example.com', '--name', 'Weak', '--password', 'password1234']),
    (err: Error) => err instanceof UsageError && /most common/.test(err.message));
});
