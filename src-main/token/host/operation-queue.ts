/**
 * Runs token operations one at a time. PKCS#11 sessions are not safe for concurrent
 * operations, and C_Finalize must never run while an async C_Sign is on a worker thread.
 */
export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
