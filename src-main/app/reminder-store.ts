// Persists the reminder log (certificate-reminders.ts) as a small JSON file in userData, so
// restarting the app the same day does not repeat a reminder. A missing or damaged file means
// "nothing sent today": at worst one reminder is repeated, never one lost. Writes go to a
// temporary file first so a crash cannot leave half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ReminderLog } from './certificate-reminders';

const reminderLogSchema = z.record(
  z.string().max(200),
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), status: z.enum(['expiring', 'expired']) }),
);

export interface ReminderStore {
  load(): Promise<ReminderLog>;
  save(log: ReminderLog): Promise<void>;
}

export function fileReminderStore(filePath: string): ReminderStore {
  return {
    async load() {
      try {
        const parsed = reminderLogSchema.safeParse(JSON.parse(await readFile(filePath, 'utf8')));
        return parsed.success ? parsed.data : {};
      } catch {
        return {};
      }
    },
    async save(log) {
      await mkdir(dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(log, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
      await rename(temporary, filePath);
    },
  };
}
