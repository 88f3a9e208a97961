// One valid call per holder API method, and the holder façade call it must turn into once it
// passed the door and the dispatcher. Shared by the tests of the Electron IPC door and the
// preload. Typed by the contract's method names: a method added without a row does not compile.
import type { HolderApiMethod } from '../../src-main/contract/holder-api';
import type { RecordedCall } from './recording-holder';

export const sampleFile = { name: '门诊病历.txt', contentBase64: 'AQID' };
const signature = { name: '门诊病历.txt.p7s', contentBase64: 'BAU=' };
export const sampleFingerprint = 'ab'.repeat(32);
export const sampleRequestId = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';

export const validCalls: Record<HolderApiMethod, { input: unknown; reaches: RecordedCall }> = {
  'tokens:list': { input: {}, reaches: ['listTokens'] },
  'certs:list': { input: {}, reaches: ['listAll'] },
  'certs:chain': {
    input: { sha256Fingerprint: sampleFingerprint },
    reaches: ['certificateChain', sampleFingerprint],
  },
  'certs:export': {
    input: { sha256Fingerprint: sampleFingerprint, format: 'der' },
    reaches: ['certificateDer', sampleFingerprint],
  },
  'session:login': { input: { slotId: '1', pin: '482916' }, reaches: ['login', '1', '482916'] },
  'session:logout': { input: { slotId: '1' }, reaches: ['logout', '1'] },
  'session:lock': { input: { reason: 'idle' }, reaches: ['logoutAll'] },
  'pin:change': {
    input: { slotId: '1', oldPin: '482916', newPin: '739184' },
    reaches: ['changePin', '1', '482916', '739184'],
  },
  'files:sign': {
    input: { file: sampleFile, sha256Fingerprint: sampleFingerprint },
    reaches: ['sign', { content: new Uint8Array([1, 2, 3]), certificateFingerprint: sampleFingerprint }],
  },
  'files:verify': {
    input: { file: sampleFile, signature },
    reaches: ['verify', { content: new Uint8Array([1, 2, 3]), signature: new Uint8Array([4, 5]) }],
  },
  'settings:get': { input: {}, reaches: ['settings.view'] },
  'diagnostics:get': { input: {}, reaches: ['settings.view'] },
  'settings:set': {
    input: { renewalWindowDays: 10 },
    reaches: ['settings.update', { renewalWindowDays: 10 }],
  },
  'bridge:status': { input: {}, reaches: ['bridge.status'] },
  'bridge:decide': {
    input: { requestId: 'ab'.repeat(16), approve: true },
    reaches: ['bridge.decide', 'ab'.repeat(16), true],
  },
  'bridge:revoke': {
    input: { origin: 'https://emr.example' },
    reaches: ['bridge.revoke', 'https://emr.example'],
  },
  'requests:list': { input: {}, reaches: ['requests.list'] },
  'requests:renew': {
    input: { sha256Fingerprint: sampleFingerprint },
    reaches: ['requests.renew', sampleFingerprint],
  },
  'requests:sync': { input: {}, reaches: ['requests.sync', undefined] },
  'requests:withdraw': { input: { id: sampleRequestId }, reaches: ['requests.withdraw', sampleRequestId] },
  'requests:resubmit': { input: { id: sampleRequestId }, reaches: ['requests.resubmit', sampleRequestId] },
  'requests:change': {
    input: { sha256Fingerprint: sampleFingerprint, changes: { department: '心内科' } },
    reaches: ['requests.change', sampleFingerprint],
  },
  'requests:revoke': {
    input: { sha256Fingerprint: sampleFingerprint, reason: 'leaving' },
    reaches: ['requests.revoke', sampleFingerprint, 'leaving'],
  },
  'requests:reissue': {
    input: { slotId: '0', reference: '12345678', code: 'ABCD-EFGH' },
    reaches: ['requests.reissue', '0', '12345678', 'ABCD-EFGH'],
  },
  'unlock:start': {
    input: { slotId: '0', reference: '12345678', code: 'ABCD-EFGH' },
    reaches: ['unlocks.start', '0', '12345678', 'ABCD-EFGH'],
  },
  'unlock:continue': {
    input: { id: sampleRequestId, code: 'ABCD-EFGH', newPin: '654321' },
    reaches: ['unlocks.continue', sampleRequestId, 'ABCD-EFGH', '654321'],
  },
  'unlock:list': { input: {}, reaches: ['unlocks.list'] },
};
