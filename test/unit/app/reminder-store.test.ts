import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileReminderStore } from '../../../src-main/app/reminder-store';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'yikey-reminders-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('fileReminderStore', () => {
  it('starts empty and round-trips the log', async () => {
    const store = fileReminderStore(join(directory, 'nested', 'reminders.json'));
    expect(await store.load()).toEqual({});
    const log = { F1: { day: '2025-06-01', status: 'expiring' as const } };
    await store.save(log);
    expect(await store.load()).toEqual(log);
    expect(JSON.parse(await readFile(join(directory, 'nested', 'reminders.json'), 'utf8'))).toEqual(log);
  });

  it('treats a damaged or foreign file as empty', async () => {
    const path = join(directory, 'reminders.json');
    await writeFile(path, '{ not json');
    expect(await fileReminderStore(path).load()).toEqual({});
    await writeFile(path, JSON.stringify({ F1: { day: 'yesterday', status: 'expiring' } }));
    expect(await fileReminderStore(path).load()).toEqual({});
  });
});
