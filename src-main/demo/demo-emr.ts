// The demo EMR (test/demo-emr) beside YiKey in `npm run demo`: a hospital page on its own
// https origin that logs in and signs through YiKey's bridge. It trusts the virtual key's test
// CA, keeps its signatures under the demo key's home, and prints its address on stderr (stdout
// carries YiKey's own URLs). A failure here never stops YiKey itself.
import path from 'node:path';
import { caCertificatePath } from '../../native/vusbkey/control/vusbkey';
import { startDemoEmr } from '../../test/demo-emr/start-demo-emr';

/** `bridgePort`: the one given to browser mode (--bridge-port); else the SDK's default 27183. */
export async function startDemoEmrBesideYiKey(vusbkeyHome: string, bridgePort?: number): Promise<void> {
  try {
    const emr = await startDemoEmr({
      trustedCaFile: caCertificatePath(vusbkeyHome),
      dataDirectory: path.join(vusbkeyHome, 'demo-emr'),
      ...(bridgePort ? { bridgePort } : {}),
    });
    process.stderr.write(
      `演示电子病历 Demo EMR: ${emr.url}\n` +
        '（自签名证书：浏览器首次打开时请选择“继续前往”。The demo EMR uses a self-signed TLS certificate; ' +
        'accept the browser warning once.）\n',
    );
  } catch (error) {
    process.stderr.write(`演示电子病历未能启动 The demo EMR did not start: ${String(error)}\n`);
  }
}
