/**
 * The authentication part of the configuration: which scheme (EWS_AUTH_TYPE) and the settings
 * each one needs. Secrets stay in the config object and go nowhere else but the auth scheme.
 */

export type AuthType = "basic" | "ntlm" | "oauth2" | "bearer";
export const AUTH_TYPES: readonly AuthType[] = ["basic", "ntlm", "oauth2", "bearer"];

/** Entra ID (Azure AD) public cloud; national clouds and tests override it. */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
export const DEFAULT_SCOPE = "https://outlook.office365.com/.default";

export type AuthConfig =
  | { type: "basic" | "ntlm"; username: string; password: string }
  | {
    type: "oauth2";
    clientId: string;
    tenantId: string;
    clientSecret?: string;
    /** PEM files of the app's certificate and private key (instead of a secret). */
    certificateFile?: string;
    keyFile?: string;
    authority: string;
    scope: string;
  }
  | { type: "bearer"; token: string };

export function loadAuthConfig(
  get: (name: string) => string | undefined,
  email: string,
  problems: string[],
): AuthConfig {
  const type = (get("EWS_AUTH_TYPE")?.toLowerCase() ?? "basic") as AuthType;
  if (!AUTH_TYPES.includes(type)) {
    problems.push(`EWS_AUTH_TYPE must be one of ${AUTH_TYPES.join(", ")} (got "${type}")`);
    return { type: "basic", username: email, password: "" };
  }
  if (type === "basic" || type === "ntlm") {
    const password = get("EWS_PASSWORD") ?? "";
    if (!password) problems.push(`EWS_PASSWORD is required for ${type} authentication`);
    const username = get("EWS_USERNAME") ?? email;
    if (type === "ntlm" && !/^[^\\@\s]+\\[^\\\s]+$|^[^\\@\s]+@[^\\@\s]+$/.test(username)) {
      problems.push(
        `EWS_USERNAME for NTLM must be DOMAIN\\user or user@domain (got "${username}")`,
      );
    }
    return { type, username, password };
  }
  if (type === "bearer") {
    const token = get("EWS_BEARER_TOKEN") ?? "";
    if (!token) problems.push("EWS_BEARER_TOKEN is required for bearer authentication");
    return { type, token };
  }
  const clientId = get("EWS_CLIENT_ID") ?? "";
  const tenantId = get("EWS_TENANT_ID") ?? "";
  const clientSecret = get("EWS_CLIENT_SECRET");
  const certificateFile = get("EWS_CLIENT_CERT_FILE");
  const keyFile = get("EWS_CLIENT_KEY_FILE");
  if (!clientId) problems.push("EWS_CLIENT_ID is required for oauth2 (the app registration's id)");
  if (!tenantId) problems.push("EWS_TENANT_ID is required for oauth2 (the directory id)");
  if (!clientSecret && !certificateFile) {
    problems.push(
      "oauth2 needs EWS_CLIENT_SECRET, or EWS_CLIENT_CERT_FILE and EWS_CLIENT_KEY_FILE",
    );
  }
  if (certificateFile && !keyFile) {
    problems.push("EWS_CLIENT_KEY_FILE is required with EWS_CLIENT_CERT_FILE");
  }
  const authority = (get("EWS_OAUTH_AUTHORITY") ?? DEFAULT_AUTHORITY).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/i.test(authority)) {
    problems.push(`EWS_OAUTH_AUTHORITY must be an https URL (got "${authority}")`);
  }
  return {
    type,
    clientId,
    tenantId,
    clientSecret,
    certificateFile: clientSecret ? undefined : certificateFile,
    keyFile: clientSecret ? undefined : keyFile,
    authority,
    scope: get("EWS_OAUTH_SCOPE") ?? DEFAULT_SCOPE,
  };
}
