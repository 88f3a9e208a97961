import { describe, expect, it } from 'vitest';
import { holderApiEvents, holderApiMethods } from '../../../src-main/contract/holder-api';
import {
  holderApiEventChannels,
  holderApiMethodChannels,
  perMethod,
} from '../../../src-main/app/ipc-channels';

describe('IPC channels', () => {
  it('has one invoke channel per contract method and one push channel per event', () => {
    expect([...holderApiMethodChannels].sort()).toEqual(Object.keys(holderApiMethods).sort());
    expect([...holderApiEventChannels].sort()).toEqual(Object.keys(holderApiEvents).sort());
  });

  it('names every channel domain:verb', () => {
    for (const channel of [...holderApiMethodChannels, ...holderApiEventChannels]) {
      expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    }
  });

  it('never uses one name for a method and an event', () => {
    const events = new Set<string>(holderApiEventChannels);
    expect(holderApiMethodChannels.filter((channel) => events.has(channel))).toEqual([]);
  });

  it('builds one entry per method', () => {
    const record = perMethod((method) => method.length);
    expect(Object.keys(record).sort()).toEqual(Object.keys(holderApiMethods).sort());
    expect(record['tokens:list']).toBe('tokens:list'.length);
  });
});
