/** XML primitives shared by the EWS client and the simulator. */
export * from "./build.ts";
export * from "./escape.ts";
export * from "./namespaces.ts";
export * from "./parse.ts";
export * from "./query.ts";
