import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../cli/main.js';
import { COMMANDS } from '../../cli/commands/index.js';
import { capture } from './capture.js';

test('sightline --help lists every command', async () => {
  const io = capture();
  assert.equal(await main(['--help'], io), 0);
  for (const c of COMMANDS) assert.match(io.stdout, new RegExp(`\\b${c.name}\\b`));
});

test('every command answers --help with its usage and exit 0', async () => {
  for (const c of COMMANDS) {
    const io = capture();
    assert.equal(await main([c.name, '--help'], io), 0, c.name);
    assert.match(io.stdout, new RegExp(`^Usage: sightline ${c.name}`), c.name);
    assert.match(io.stdout, /--help/);
  }
});

test('an unknown command or option is a usage error (exit 2) that says what to run', async () => {
  const io = capture();
  assert.equal(await main(['frobnicate'], io), 2);
  assert.match(io.stderr, /unknown command 'frobnicate'/);
  if (COMMANDS.length > 0) {
    const io2 = capture();
    assert.equal(await main([COMMANDS[0]!.name, '--no-such-option'], io2), 2);
    assert.match(io2.stderr, /--help/);
  }
});
