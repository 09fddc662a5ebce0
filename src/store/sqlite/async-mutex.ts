// A FIFO lock for async callers. Unlocking hands the lock straight to the next waiter, so a caller
// that arrives later cannot slip in between.
export class AsyncMutex {
  #locked = false;
  #waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
