import { describe, expect, it } from 'vitest';
import { sortVerifyFiles } from '../../../src-renderer/state/verify-file-choice';

const named = (name: string) => ({ name });

describe('which dropped file is the document and which the signature', () => {
  it('puts a single file where it was dropped', () => {
    expect(sortVerifyFiles([named('a.pdf')], 'file')).toEqual({ file: named('a.pdf') });
    expect(sortVerifyFiles([named('a.pdf')], 'signature')).toEqual({ signature: named('a.pdf') });
  });

  it('sorts a document and its .p7s dropped together on either zone', () => {
    const both = [named('出院小结.pdf.P7S'), named('出院小结.pdf')];
    for (const zone of ['file', 'signature'] as const) {
      expect(sortVerifyFiles(both, zone)).toEqual({
        file: named('出院小结.pdf'),
        signature: named('出院小结.pdf.P7S'),
      });
    }
  });

  it('takes no signature from two documents, and nothing from nothing', () => {
    expect(sortVerifyFiles([named('a.txt'), named('b.txt')], 'signature')).toEqual({ file: named('a.txt') });
    expect(sortVerifyFiles([], 'file')).toEqual({});
  });
});
