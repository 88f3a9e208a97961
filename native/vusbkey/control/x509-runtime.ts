// @peculiar/x509 needs the reflect-metadata polyfill loaded before it and a WebCrypto
// provider; import x509 from here so both are always in place.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
