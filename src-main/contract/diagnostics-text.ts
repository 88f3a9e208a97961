// The diagnostics report as plain text, for copying into a helpdesk ticket or saving as a file
// (the 诊断 page's 复制 and 保存为文件, and `yikey diagnose`). Section titles carry Chinese and
// English, since the reader may be the hospital's IT or the driver vendor; PKCS#11 names stay as
// the standard spells them. Pure function of the report: what is not in the report cannot leak.
import type { DiagnosticsReport, SlotDiagnostics } from './diagnostics-schemas';
import type { SerializedError } from './wire-primitives';

const sourceWords = {
  setting: '设置 setting (or --module)',
  environment: '环境变量 environment variable YIKEY_PKCS11_MODULE',
  detected: '自动检测 auto-detected (vendor table)',
} as const;

const errorLine = (error: SerializedError): string => `[${error.code}] ${error.message}`;

function slotLines(slot: SlotDiagnostics): string[] {
  const lines = [
    `slot ${slot.slotId}: ${slot.token ? 'key inserted' : slot.tokenError ? 'key unreadable' : 'empty'}` +
      ` — ${slot.description || '(no description)'}` +
      (slot.manufacturer ? ` (${slot.manufacturer})` : ''),
    `  slot flags: ${slot.flags.join(' ') || '(none)'}`,
  ];
  if (slot.tokenError) lines.push(`  error: ${errorLine(slot.tokenError)}`);
  const token = slot.token;
  if (!token) return lines;
  lines.push(
    `  token: label "${token.label}", serial ${token.serial}, ${token.manufacturer} ${token.model}` +
      `, hardware ${token.hardwareVersion}, firmware ${token.firmwareVersion}`,
    `  token flags: ${token.flags.join(' ') || '(none)'}`,
    `  PIN length: ${token.minPinLength}–${token.maxPinLength}`,
  );
  if (token.mechanismsError) lines.push(`  mechanisms: ${errorLine(token.mechanismsError)}`);
  // Signing is what YiKey asks of a key, so those come one per line; the rest in one line.
  const signing = token.mechanisms.filter((mechanism) => mechanism.flags.includes('CKF_SIGN'));
  const others = token.mechanisms.filter((mechanism) => !mechanism.flags.includes('CKF_SIGN'));
  lines.push(`  signing mechanisms (${signing.length} of ${token.mechanisms.length}):`);
  for (const mechanism of signing) {
    lines.push(
      `    ${mechanism.name ?? '(unnamed)'} ${mechanism.type} key size ${mechanism.minKeySize}–${mechanism.maxKeySize}` +
        ` ${mechanism.flags.join(' ')}`,
    );
  }
  if (others.length > 0) {
    lines.push(
      `  other mechanisms (${others.length}): ${others.map((mechanism) => mechanism.name ?? mechanism.type).join(', ')}`,
    );
  }
  return lines;
}

export function diagnosticsText(report: DiagnosticsReport): string {
  const lines = [
    'YiKey 医钥 诊断信息 diagnostics',
    `generated: ${report.generatedAt}`,
    `app: YiKey ${report.app.version}; OS: ${report.app.os}; ${report.app.runtime}`,
    '',
    '== PKCS#11 模块 module ==',
  ];
  if (report.module) {
    lines.push(
      `path: ${report.module.path}`,
      `chosen by: ${sourceWords[report.module.source]}`,
      `vendor table: ${report.module.vendor ?? '(not in the vendor table)'}`,
    );
  } else {
    lines.push('path: (none found)');
  }
  if (report.moduleError) lines.push(`not loaded: ${errorLine(report.moduleError)}`);
  if (report.library) {
    lines.push(
      `C_GetInfo: manufacturer "${report.library.manufacturer}", description "${report.library.description}"` +
        `, library version ${report.library.libraryVersion}, Cryptoki ${report.library.cryptokiVersion}`,
    );
  }
  lines.push('', `== 插槽 slots (${report.slots.length}) ==`);
  if (report.slotsError) {
    // With no module loaded the reason is already above; say it once.
    const sameAsModule = report.slotsError.message === report.moduleError?.message;
    lines.push(`not read: ${sameAsModule ? 'no module loaded (see above)' : errorLine(report.slotsError)}`);
  }
  for (const slot of report.slots) lines.push(...slotLines(slot));
  lines.push('', `== 受信任的CA证书 trusted CA files (${report.trustedCas.length}) ==`);
  for (const ca of report.trustedCas) {
    const state = ca.error
      ? `not in use: ${errorLine(ca.error)}`
      : `in use, ${ca.certificates.length} certificate(s): ${ca.certificates
          .map((certificate) => certificate.commonName ?? certificate.dn)
          .join('; ')}`;
    lines.push(`${ca.path} (${ca.source}) — ${state}`);
  }
  lines.push('', `== 最近的错误 recent errors (${report.recentErrors.length}) ==`);
  for (const entry of report.recentErrors) lines.push(`${entry.at} ${entry.method} [${entry.code}]`);
  return `${lines.join('\n')}\n`;
}
