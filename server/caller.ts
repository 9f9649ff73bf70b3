/**
 * The caller an HTTP request was authenticated as travels to the tool runner inside the SDK's
 * `authInfo` (its `extra.caller`); stdio and in-process calls have none and act as the local user.
 */
import type { AuthInfo } from "@modelcontextprotocol/server";
import { type Caller, LOCAL_CALLER } from "../tools/policy.ts";

export function authInfoFor(caller: Caller, token: string, scopes: string[] = []): AuthInfo {
  return { token, clientId: caller.name, scopes, extra: { caller } };
}

export function callerOf(authInfo: AuthInfo | undefined): Caller {
  const caller = authInfo?.extra?.caller as Caller | undefined;
  return caller ?? LOCAL_CALLER;
}
