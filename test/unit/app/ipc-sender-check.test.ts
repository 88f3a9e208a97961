import { describe, expect, it } from 'vitest';
import { isTrustedIpcSender } from '../../../src-main/app/ipc-sender-check';

const webContents = { id: 1 };
const window = { webContents, isDestroyed: () => false };
const mainFrame = (url: string) => ({ url, parent: null });

describe('isTrustedIpcSender', () => {
  it('trusts the top frame of our window on app://yikey', () => {
    expect(
      isTrustedIpcSender({ sender: webContents, senderFrame: mainFrame('app://yikey/index.html') }, window),
    ).toBe(true);
  });

  it('refuses another origin in our window', () => {
    expect(
      isTrustedIpcSender({ sender: webContents, senderFrame: mainFrame('https://evil.example/') }, window),
    ).toBe(false);
    expect(
      isTrustedIpcSender({ sender: webContents, senderFrame: mainFrame('app://yikey.evil/') }, window),
    ).toBe(false);
  });

  it('refuses sub-frames, even on our origin', () => {
    const frame = { url: 'app://yikey/index.html', parent: mainFrame('app://yikey/index.html') };
    expect(isTrustedIpcSender({ sender: webContents, senderFrame: frame }, window)).toBe(false);
  });

  it('refuses other webContents, gone frames and a closed window', () => {
    const frame = mainFrame('app://yikey/index.html');
    expect(isTrustedIpcSender({ sender: { id: 2 }, senderFrame: frame }, window)).toBe(false);
    expect(isTrustedIpcSender({ sender: webContents, senderFrame: null }, window)).toBe(false);
    expect(isTrustedIpcSender({ sender: webContents, senderFrame: frame }, null)).toBe(false);
    expect(
      isTrustedIpcSender(
        { sender: webContents, senderFrame: frame },
        { webContents, isDestroyed: () => true },
      ),
    ).toBe(false);
  });
});
