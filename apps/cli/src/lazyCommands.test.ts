import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { BACKEND_NAMES } from '@softmax-ntk/linalg';
import { BACKEND_CHOICES, COMMANDS, commandOf, run } from './cli';
import type { Context } from './internal/context';

describe('lazy command loading', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '`%s`: the stub shown by --help has the command’s own description',
    async (name, entry) => {
      const program = new Command('softmax-ntk');
      (await entry.load())(program, () => ({}) as Context);
      const real = program.commands.find((c) => c.name() === name);
      expect(real?.description()).toBe(entry.description);
    },
  );

  it('--backend offers exactly linalg’s Node backends (kept without importing linalg)', () => {
    expect(BACKEND_CHOICES).toEqual(BACKEND_NAMES);
  });

  it('finds the command past global options and their values', () => {
    expect(commandOf(['--backend', 'cpu', '--seed', '3', 'train', '--steps', '5'])).toBe('train');
    expect(commandOf(['--json', 'info'])).toBe('info');
    expect(commandOf(['help', 'ntk'])).toBe('ntk');
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf([])).toBeUndefined();
  });

  it('--help lists every command (from the stubs)', async () => {
    let out = '';
    const io = {
      stdout: { write: (s: string) => ((out += s), true) },
      stderr: { write: () => true },
    } as unknown as Parameters<typeof run>[1];
    expect(await run(['--help'], io)).toBe(0);
    for (const c of COMMANDS) expect(out).toContain(`${c.name} `);
  });

  it('the README documents every command and subcommand (a row of its Commands table each)', async () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    const rows = new Set([...readme.matchAll(/^\| `([a-z0-9 -]+?)(?: <[^`]*>)?` \|/gm)].map((m) => m[1]));
    const names: string[] = [];
    for (const entry of COMMANDS) {
      const program = new Command('softmax-ntk');
      (await entry.load())(program, () => ({}) as Context);
      const top = program.commands.find((c) => c.name() === entry.name) as Command;
      if (top.commands.length === 0) names.push(top.name());
      for (const sub of top.commands) names.push(`${top.name()} ${sub.name()}`);
    }
    expect(names.length).toBeGreaterThan(COMMANDS.length);
    expect(names.filter((n) => !rows.has(n))).toEqual([]);
  });
});
