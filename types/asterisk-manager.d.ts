/**
 * Types for asterisk-manager 0.2.0 (lib/ami.js). The library lower-cases header names in what it
 * emits (`actionid`, `uniqueid`, ...); repeated headers become arrays, `Variable` headers an object.
 */
declare module 'asterisk-manager' {
  namespace AsteriskManager {
    /** A parsed AMI message: lower-cased keys. */
    interface ManagerMessage {
      [key: string]: string | string[] | Record<string, string> | undefined;
      event?: string;
      response?: string;
      actionid?: string;
      message?: string;
    }

    /** An action: keys are sent with the first letter upper-cased; objects become `Key: name=value` lines. */
    interface ManagerAction {
      action: string;
      actionid?: string;
      [key: string]: string | number | boolean | string[] | Record<string, string | number> | undefined;
    }

    type ActionCallback = (err: ManagerMessage | Error | null | undefined, res?: ManagerMessage) => void;

    interface Manager {
      readonly options: { port: number; host: string; username: string; password: string; events: boolean };
      connect(port: number, host: string, callback?: (err: Error | null) => void): void;
      login(callback?: (err?: ManagerMessage | Error) => void): void;
      /** Sends an action; returns the ActionID used. */
      action(action: ManagerAction, callback?: ActionCallback): string;
      /** Reconnects with a backoff starting at 10 s after 'close'. */
      keepConnected(): void;
      disconnect(callback?: () => void): void;
      isConnected(): boolean;
      connected(): boolean;
      on(event: 'managerevent' | 'response' | 'asterisk', listener: (msg: ManagerMessage) => void): this;
      on(event: 'connect' | 'end', listener: () => void): this;
      on(event: 'close', listener: (hadError: boolean) => void): this;
      on(event: 'error', listener: (err: Error) => void): this;
      /** Lower-cased event names (`queuecallerjoin`), or an ActionID. */
      on(event: string, listener: (...args: any[]) => void): this;
      once(event: string, listener: (...args: any[]) => void): this;
      addListener(event: string, listener: (...args: any[]) => void): this;
      removeListener(event: string, listener: (...args: any[]) => void): this;
      removeAllListeners(event?: string): this;
      listeners(event: string): Array<(...args: any[]) => void>;
      setMaxListeners(n: number): this;
      emit(event: string, ...args: any[]): boolean;
    }
  }

  /**
   * Creates a manager; with a port it connects at once, and with a username it logs in.
   * `events` true asks for events (`Event: on`).
   */
  function AsteriskManager(port?: number, host?: string, username?: string, password?: string, events?: boolean): AsteriskManager.Manager;
  export = AsteriskManager;
}
