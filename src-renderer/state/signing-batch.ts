// One signing batch at a time, held outside the screen: pulling the key out swaps the signing
// screen for the no-key screen, and the signatures already made must survive that (they are
// public output, and the holder may still want to save them). Files are signed one after
// another; cancelling or losing the key stops before the next file, never in the middle of one
// (a USBKEY's C_Sign cannot be interrupted), and the files not reached say why.
import { useSyncExternalStore } from 'react';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { ExportedFile } from '../../src-main/contract/holder-api-schemas';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { fileToBase64 } from '../api/file-base64';
import { assertTransferable } from '../api/transfer-size';

/** Why a file was not signed although the batch ran: shown as 未签名：<reason>. */
export type StopReason = 'cancelled' | 'key-removed' | 'logged-out';

export type FileOutcome =
  | { state: 'waiting' }
  | { state: 'working' }
  | { state: 'done'; signature: ExportedFile }
  | { state: 'failed'; error: unknown }
  | { state: 'skipped'; reason: StopReason };

export interface SigningItem {
  file: File;
  outcome: FileOutcome;
}

export interface SigningBatch {
  items: SigningItem[];
  running: boolean;
  cancelRequested: boolean;
  /** Set when the batch ended early; the files not reached carry the same reason. */
  stopReason: StopReason | null;
  /** The key the batch was signed with: another holder's key never sees this batch. */
  tokenSerial: string | null;
  /** The key list saw the signing key go while (or just after) the batch ran. */
  keyRemoved: boolean;
  /** When the batch last stopped (ms), to tie a removal seen a moment later to it. */
  endedAt: number;
}

/** A batch is a day's worth of letters, not a folder tree: more is refused in plain words. */
export const maxFilesPerBatch = 100;

const emptyBatch: SigningBatch = {
  items: [],
  running: false,
  cancelRequested: false,
  stopReason: null,
  tokenSerial: null,
  keyRemoved: false,
  endedAt: 0,
};

/** A removal noticed this soon after the batch stopped is what stopped it. */
const removalGraceMs = 5_000;

let batch: SigningBatch = emptyBatch;
const listeners = new Set<() => void>();

function publish(next: SigningBatch): void {
  batch = next;
  for (const listener of listeners) listener();
}

function setOutcome(index: number, outcome: FileOutcome): void {
  publish({
    ...batch,
    items: batch.items.map((item, position) => (position === index ? { ...item, outcome } : item)),
  });
}

function stopReasonOf(error: unknown): StopReason | null {
  const code = YiKeyError.from(error).code;
  if (code === 'token-removed' || code === 'token-not-present' || code === 'token-not-found') {
    return 'key-removed';
  }
  // Removal also logs out: the next call may only say "log in first". The screen tells the two
  // apart with the key list (see markKeyRemoved), which knows whether the key is still there.
  if (code === 'not-logged-in') return 'logged-out';
  return null;
}

export const signingBatch = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot(): SigningBatch {
    return batch;
  },
  /** New files replace the old batch (not while one runs: the chooser is disabled then). */
  choose(files: readonly File[], tokenSerial: string | null): void {
    if (batch.running) return;
    publish({
      ...emptyBatch,
      tokenSerial,
      items: files.map((file) => ({ file, outcome: { state: 'waiting' } })),
    });
  },
  clear(): void {
    if (!batch.running) publish(emptyBatch);
  },
  cancel(): void {
    if (batch.running) publish({ ...batch, cancelRequested: true });
  },
  /** The key list saw the key go: a stop reported as "not logged in" was really the removal. */
  markKeyRemoved(): void {
    if (batch.items.length === 0 || batch.keyRemoved) return;
    const recent = batch.running || Date.now() - batch.endedAt < removalGraceMs;
    if (!recent) return;
    const relabel = (reason: StopReason): StopReason => (reason === 'logged-out' ? 'key-removed' : reason);
    publish({
      ...batch,
      keyRemoved: true,
      stopReason: batch.stopReason === null ? null : relabel(batch.stopReason),
      items: batch.items.map((item) =>
        item.outcome.state === 'skipped'
          ? { ...item, outcome: { state: 'skipped', reason: relabel(item.outcome.reason) } }
          : item,
      ),
    });
  },
  async signAll(client: HolderApiClient, sha256Fingerprint: string): Promise<void> {
    if (batch.running || batch.items.length === 0) return;
    publish({ ...batch, running: true, cancelRequested: false, stopReason: null, keyRemoved: false });
    let stop: StopReason | null = null;
    for (let index = 0; index < batch.items.length; index++) {
      const item = batch.items[index];
      if (!item || item.outcome.state === 'done') continue;
      if (!stop && batch.keyRemoved) stop = 'key-removed';
      if (!stop && batch.cancelRequested) stop = 'cancelled';
      if (stop) {
        setOutcome(index, { state: 'skipped', reason: stop });
        continue;
      }
      setOutcome(index, { state: 'working' });
      try {
        assertTransferable(item.file);
        const contentBase64 = await fileToBase64(item.file);
        const result = await client.call('files:sign', {
          file: { name: item.file.name, contentBase64 },
          ...(sha256Fingerprint ? { sha256Fingerprint } : {}),
        });
        setOutcome(index, { state: 'done', signature: result.signature });
      } catch (error) {
        stop = stopReasonOf(error);
        if (stop === 'logged-out' && batch.keyRemoved) stop = 'key-removed';
        // Without the key or the login the remaining files would fail the same way: this one
        // and the rest are "not signed, because…", not a wall of identical errors.
        setOutcome(index, stop ? { state: 'skipped', reason: stop } : { state: 'failed', error });
      }
    }
    publish({ ...batch, running: false, cancelRequested: false, stopReason: stop, endedAt: Date.now() });
  },
};

export function useSigningBatch(): SigningBatch {
  return useSyncExternalStore(signingBatch.subscribe, signingBatch.snapshot);
}
