/**
 * The request being served, carried through async calls: its id goes into log lines and to
 * Exchange as `client-request-id`, so one id follows a call from the proxy log to the EWS log.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  requestId: string;
  caller?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentRequest = (): RequestContext | undefined => storage.getStore();

export function withRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}
