// The text form of the diagnostics report: what a helpdesk reads in a ticket.
import { describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../../src-main/contract/diagnostics-schemas';
import { diagnosticsText } from '../../../src-main/contract/diagnostics-text';

const noModule: DiagnosticsReport = {
  generatedAt: '2026-11-30T08:00:00.000Z',
  app: { version: '0.1.0', os: 'linux 6.1 x64', runtime: 'Node 20' },
  module: null,
  moduleError: { code: 'module-not-found', message: 'No PKCS#11 module found' },
  library: null,
  slots: [],
  slotsError: { code: 'module-not-found', message: 'No PKCS#11 module found' },
  trustedCas: [],
  recentErrors: [],
};

const twoSlots: DiagnosticsReport = {
  ...noModule,
  module: { path: '/usr/lib/libvendor.so', source: 'detected', vendor: 'Feitian ePass' },
  moduleError: null,
  library: {
    path: '/usr/lib/libvendor.so',
    manufacturer: 'Feitian',
    description: 'ePass PKCS#11',
    cryptokiVersion: '2.20',
    libraryVersion: '3.1',
  },
  slotsError: null,
  slots: [
    {
      slotId: '0',
      description: 'Reader A',
      manufacturer: 'Feitian',
      flags: ['CKF_TOKEN_PRESENT', 'CKF_REMOVABLE_DEVICE'],
      hardwareVersion: '1.0',
      firmwareVersion: '1.0',
      token: {
        label: 'zhangsan',
        serial: 'A1B2',
        manufacturer: 'Feitian',
        model: 'ePass3003',
        flags: ['CKF_LOGIN_REQUIRED', 'CKF_USER_PIN_COUNT_LOW'],
        minPinLength: 6,
        maxPinLength: 16,
        hardwareVersion: '1.0',
        firmwareVersion: '2.0',
        mechanisms: [
          { type: '0x1', name: 'CKM_RSA_PKCS', minKeySize: 1024, maxKeySize: 2048, flags: ['CKF_SIGN'] },
          { type: '0x250', name: 'CKM_SHA256', minKeySize: 0, maxKeySize: 0, flags: ['CKF_DIGEST'] },
          { type: '0x80000101', name: null, minKeySize: 256, maxKeySize: 256, flags: ['CKF_SIGN'] },
        ],
        mechanismsError: null,
      },
      tokenError: null,
    },
    {
      slotId: '1',
      description: 'Reader B',
      manufacturer: '',
      flags: ['CKF_REMOVABLE_DEVICE'],
      hardwareVersion: '1.0',
      firmwareVersion: '1.0',
      token: null,
      tokenError: null,
    },
  ],
  trustedCas: [
    {
      path: '/etc/ca.pem',
      source: 'setting',
      certificates: [],
      error: { code: 'trusted-ca-not-ca', message: 'x' },
    },
  ],
  recentErrors: [{ at: '2026-11-30T07:59:00.000Z', method: 'session:login', code: 'pin-incorrect' }],
};

describe('diagnosticsText', () => {
  it('says why there are no slots once, when no module is loaded', () => {
    const text = diagnosticsText(noModule);
    expect(text).toContain('path: (none found)');
    expect(text).toContain('not loaded: [module-not-found] No PKCS#11 module found');
    expect(text).toContain('not read: no module loaded (see above)');
  });

  it('lists an empty slot, token flags, signing mechanisms by name or number, CA state and error codes', () => {
    const text = diagnosticsText(twoSlots);
    expect(text).toContain('chosen by: 自动检测 auto-detected (vendor table)');
    expect(text).toContain('library version 3.1, Cryptoki 2.20');
    expect(text).toContain('slot 1: empty — Reader B');
    expect(text).toContain('token flags: CKF_LOGIN_REQUIRED CKF_USER_PIN_COUNT_LOW');
    expect(text).toContain('signing mechanisms (2 of 3):');
    expect(text).toContain('    CKM_RSA_PKCS 0x1 key size 1024–2048 CKF_SIGN');
    expect(text).toContain('    (unnamed) 0x80000101 key size 256–256 CKF_SIGN');
    expect(text).toContain('other mechanisms (1): CKM_SHA256');
    expect(text).toContain('/etc/ca.pem (setting) — not in use: [trusted-ca-not-ca]');
    expect(text).toContain('2026-11-30T07:59:00.000Z session:login [pin-incorrect]');
  });
});
