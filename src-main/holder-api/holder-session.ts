// The holder façade the API talks to, which the settings can move to another PKCS#11 module
// while the app runs. Calls go to the current holder; its events are forwarded; switching
// stops the old token host (every login on it ends) and starts forwarding the new one's.
import { EventEmitter } from 'node:events';
import type { HolderEvent } from '../holder/holder-service';
import type { HolderPort } from './holder-port';
import type { OpenedHolder } from './open-holder';

export class HolderSession implements HolderPort {
  private readonly events = new EventEmitter();
  private current: OpenedHolder;
  private unsubscribe: () => void;

  constructor(initial: OpenedHolder) {
    this.current = initial;
    this.unsubscribe = this.forward(initial);
  }

  get opened(): OpenedHolder {
    return this.current;
  }

  replace(next: OpenedHolder): void {
    const previous = this.current;
    this.unsubscribe();
    this.current = next;
    this.unsubscribe = this.forward(next);
    previous.stop();
  }

  setRenewalWindowDays(days: number): void {
    this.current.setRenewalWindowDays(days);
  }

  setTrustedCertificates(certificatesDer: Uint8Array[] | undefined): void {
    this.current.setTrustedCertificates(certificatesDer);
  }

  stop(): Promise<void> {
    this.unsubscribe();
    this.events.removeAllListeners();
    return this.current.stop();
  }

  private forward(opened: OpenedHolder): () => void {
    return opened.holder.onEvent((event) => this.events.emit('event', event));
  }

  onEvent(listener: (event: HolderEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  listTokens: HolderPort['listTokens'] = () => this.current.holder.listTokens();
  listAll: HolderPort['listAll'] = () => this.current.holder.listAll();
  login: HolderPort['login'] = (slotId, pin) => this.current.holder.login(slotId, pin);
  logout: HolderPort['logout'] = (slotId) => this.current.holder.logout(slotId);
  logoutAll: HolderPort['logoutAll'] = () => this.current.holder.logoutAll();
  changePin: HolderPort['changePin'] = (slotId, oldPin, newPin) =>
    this.current.holder.changePin(slotId, oldPin, newPin);
  sign: HolderPort['sign'] = (input) => this.current.holder.sign(input);
  signEach: HolderPort['signEach'] = (input) => this.current.holder.signEach(input);
  signingCertificateFor: HolderPort['signingCertificateFor'] = (fingerprint) =>
    this.current.holder.signingCertificateFor(fingerprint);
  verify: HolderPort['verify'] = (input) => this.current.holder.verify(input);
  certificateDer: HolderPort['certificateDer'] = (fingerprint) =>
    this.current.holder.certificateDer(fingerprint);
  certificateChain: HolderPort['certificateChain'] = (fingerprint) =>
    this.current.holder.certificateChain(fingerprint);
  diagnostics: HolderPort['diagnostics'] = () => this.current.holder.diagnostics();
}
