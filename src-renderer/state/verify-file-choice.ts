// Which dropped file is the document and which its signature: a doctor often drags both at
// once (出院小结.pdf and 出院小结.pdf.p7s) onto whichever zone is nearer. Pure, no DOM.

const signatureName = /\.(p7s|p7m|sig)$/i;

export interface VerifyFileChoice<F extends { name: string }> {
  file?: F;
  signature?: F;
}

/**
 * One file goes where it was dropped. Two or more: a name ending in .p7s (or .p7m/.sig) is the
 * signature and the first other file is the document, whichever zone received them.
 */
export function sortVerifyFiles<F extends { name: string }>(
  files: readonly F[],
  zone: 'file' | 'signature',
): VerifyFileChoice<F> {
  if (files.length === 0) return {};
  if (files.length === 1) return zone === 'file' ? { file: files[0] } : { signature: files[0] };
  const signature = files.find((candidate) => signatureName.test(candidate.name));
  const file = files.find((candidate) => candidate !== signature);
  return { ...(file ? { file } : {}), ...(signature ? { signature } : {}) };
}
