// The layer rules of eslint.config.js, run through ESLint itself on sample imports: a door that
// reaches below the façade, or a lower layer that reaches up, is an error; allowed imports are not.
// Every pair of folders of the layer table is checked against the table, and the hand-written
// cases below keep the rules' meaning even if the table were edited by mistake.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { mayImport } from '../../../lint/src-main-layers.js';

const eslint = new ESLint();

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

const folders = Object.keys(mayImport);
const folderPairs = folders.flatMap((importer) =>
  folders
    .filter((imported) => imported !== importer)
    .map((imported) => [importer, imported, mayImport[importer]!.includes(imported)] as const),
);

describe('layer rules', () => {
  it.each(folderPairs)(
    'src-main/%s importing %s follows the layer table (allowed: %s)',
    async (importer, imported, allowed) => {
      const errors = await layerErrors(
        `src-main/${importer}/sample.ts`,
        `import { value } from '../${imported}/sample';`,
      );
      expect(errors).toEqual(allowed ? [] : [expect.stringContaining(`may not import from`)]);
    },
  );

  it('lets a type-only import cross any layer', async () => {
    expect(
      await layerErrors('src-main/contract/sample.ts', "import type { value } from '../demo/sample';"),
    ).toEqual([]);
  });

  it.each([
    ['src-main/cli/sample.ts', "import { value } from '../token/token-host-client';"],
    ['src-main/web/sample.ts', "import { value } from '../signing/verify-cades-detached';"],
    ['src-main/app/sample.ts', "import { value } from '../certs/pem';"],
    ['src-main/cli/commands/sample.ts', "import { value } from '../../certs/pem';"],
    ['src-main/holder/sample.ts', "import { value } from '../holder-api/dispatcher';"],
    ['src-main/token/sample.ts', "import { value } from '../holder/holder-service';"],
    ['src-main/certs/sample.ts', "import { value } from '../signing/content-digest';"],
    ['src-main/contract/sample.ts', "import { value } from '../certs/pem';"],
    ['src-main/sm2/sample.ts', "import { value } from '../certs/pem';"],
    ['src-main/cli/sample.ts', "import { value } from '../sm2/sm2-digest';"],
    ['src-main/bridge-sdk/sample.ts', "import { value } from '../contract/bridge-wire';"],
    ['src-main/bridge-sdk/sample.ts', "import { value } from '../contract/bridge-constants-extra';"],
    ['src-main/bridge-sdk/sof/sample.ts', "import { value } from '../../sm2/sm2-digest';"],
    ['src-main/bridge-verifier/sample.ts', "import { value } from '../holder/holder-service';"],
    ['src-main/bridge/sample.ts', "import { value } from '../token/token-host-client';"],
    ['src-main/bridge/sample.ts', "import { value } from '../signing/create-cades-signature';"],
    ['src-main/holder-api/sample.ts', "import { value } from '../bridge/start-bridge';"],
    ['src-main/cmp/sample.ts', "import { value } from '../token/token-host-client';"],
    ['src-main/cmp/sample.ts', "import { value } from '../lifecycle/renewal';"],
    ['src-main/cli/sample.ts', "import { value } from '../cmp/message-codec';"],
    ['src-main/certs/sample.ts', "import { value } from '../cmp/message-codec';"],
    ['src-main/lifecycle/sample.ts', "import { value } from '../holder/holder-service';"],
  ])('refuses %s importing below or above its layer', async (filePath, source) => {
    expect(await layerErrors(filePath, source)).toEqual([expect.stringContaining('may not import from')]);
  });

  it.each([
    ['src-main/cli/sample.ts', "import { value } from '../holder/holder-for-module';"],
    ['src-main/holder/sample.ts', "import { value } from '../token/token-host-client';"],
    ['src-main/signing/sample.ts', "import { value } from '../certs/pem';"],
    ['src-main/app/sample.ts', "import type { value } from '../token/host-process';"],
    ['src-main/token/sample.ts', "import { value } from '../sm2/sm2-signature';"],
    ['src-main/certs/sample.ts', "import { value } from '../sm2/sm2-curve';"],
    ['src-main/bridge-verifier/sample.ts', "import { value } from '../signing/verify-cades-detached';"],
    ['src-main/bridge/sample.ts', "import { value } from '../holder-api/holder-port';"],
    ['src-main/web/sample.ts', "import { value } from '../bridge/start-bridge';"],
    ['src-main/cmp/sample.ts', "import { value } from '../certs/certificate-chain';"],
    ['src-main/lifecycle/sample.ts', "import { value } from '../cmp/message-codec';"],
    ['src-main/lifecycle/sample.ts', "import { value } from '../token/token-host-client';"],
    ['src-main/holder/sample.ts', "import { value } from '../lifecycle/renewal';"],
    ['src-main/bridge-sdk/sample.ts', "import { value } from '../contract/bridge-constants';"],
    ['src-main/bridge-sdk/sof/sample.ts', "import { value } from '../../sm2/sm2-curve';"],
    ['src-main/bridge-sdk/sof/sample.ts', "import { value } from '../../sm2/sm3';"],
  ])('allows %s its own and lower layers (and types)', async (filePath, source) => {
    expect(await layerErrors(filePath, source)).toEqual([]);
  });

  it.each([
    [
      'test/provincial-backend/http/sample.ts',
      "import { value } from '../../../src-main/token/token-host-client';",
      1,
    ],
    ['test/provincial-backend/sample.ts', "import { value } from '../../src-main/lifecycle/renewal';", 1],
    ['src-main/lifecycle/sample.ts', "import { value } from '../../test/provincial-backend/backend-app';", 1],
    ['test/provincial-backend/cmp/sample.ts', "import { value } from '../../../src-main/cmp/index';", 0],
  ])('keeps the reference backend and the product apart: %s', async (filePath, source, expected) => {
    const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, { filePath });
    const errors = (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports');
    expect(errors).toHaveLength(expected);
  });
});
