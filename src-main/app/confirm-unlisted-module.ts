// Asks the holder, in a main-process dialog, before a PKCS#11 module outside the vendor table
// is loaded (settings-service.ts calls this as confirmUnlistedModule). A library runs its code
// as the holder the moment it loads; a compromised renderer may name any file, but it cannot
// click a native dialog of the main process. Cancel is the default and what Esc gives.
import type { BrowserWindow, MessageBoxOptions, MessageBoxReturnValue } from 'electron';

export type ShowMessageBox = (
  window: BrowserWindow | null,
  options: MessageBoxOptions,
) => Promise<Pick<MessageBoxReturnValue, 'response'>>;

const cancel = 0;
const load = 1;

export function unlistedModuleDialog(path: string): MessageBoxOptions {
  return {
    type: 'warning',
    title: '加载USBKEY驱动',
    message: '要加载这个不在已知驱动列表中的USBKEY驱动吗？',
    detail:
      `${path}\n\n` +
      '驱动程序会以您的身份运行。只有当这个文件来自您的证书服务机构或USBKEY厂商，并且是您本人刚刚选择的，才应加载它。',
    buttons: ['取消', '加载此驱动'],
    defaultId: cancel,
    cancelId: cancel,
    noLink: true,
  };
}

export function createUnlistedModuleConfirmation(
  show: ShowMessageBox,
  getWindow: () => BrowserWindow | null,
): (path: string) => Promise<boolean> {
  return async (path) => (await show(getWindow(), unlistedModuleDialog(path))).response === load;
}
