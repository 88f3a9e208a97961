// When the holder locks the PC (or it goes to sleep), every key is logged out, as if they had
// pressed Lock: provincial rules require it when leaving the workstation.
import type { PowerMonitor } from 'electron';

export function lockOnScreenLock(powerMonitor: PowerMonitor, lock: () => void): () => void {
  powerMonitor.on('lock-screen', lock);
  powerMonitor.on('suspend', lock);
  return () => {
    powerMonitor.off('lock-screen', lock);
    powerMonitor.off('suspend', lock);
  };
}
