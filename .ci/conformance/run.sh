#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance) against ews-mcp's
# Streamable HTTP mode on the demo organisation: the latest stable release and the newest 0.2
# pre-release, each with its baseline of expected failures (baseline-<major.minor>.yml, a reason
# for each entry). A scenario failing outside the baseline, or a baseline entry that now passes,
# fails the step.
#
# The suite needs Node 22: it is installed from npm (package `node@22`) into a temporary prefix,
# next to the suites; the system's node is left alone.
#
#   bash .ci/conformance/run.sh             uses EWS_MCP_BINARY when set, else `deno run mod.ts`
#   CONFORMANCE_VERSIONS="0.1.16 0.2.0-alpha.12" bash .ci/conformance/run.sh   pins the versions
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
package=@modelcontextprotocol/conformance

prefix="$(mktemp -d -t ews-mcp-conformance-XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$prefix"
}
trap cleanup EXIT

if [[ -z "${CONFORMANCE_VERSIONS:-}" ]]; then
  stable="$(npm view "$package" dist-tags.latest)"
  next="$(npm view "$package" versions --json |
    node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8"));
      const pre=v.filter((x)=>/^0\.2\.\d+-/.test(x)); console.log(pre[pre.length-1]??"")')"
  CONFORMANCE_VERSIONS="$stable $next"
fi
echo "conformance: suites $CONFORMANCE_VERSIONS"

specs=(node@22)
for version in $CONFORMANCE_VERSIONS; do specs+=("suite-$version@npm:$package@$version"); done
(cd "$prefix" && npm init -y >/dev/null && npm install --no-fund --no-audit "${specs[@]}" >/dev/null)
node22="$prefix/node_modules/.bin/node"
if ! "$node22" --version 2>/dev/null | grep -q '^v22\.'; then
  # node's npm package fetches its binary from a preinstall script newer npm may skip.
  (cd "$prefix/node_modules/node" && node installArchSpecificPackage.js) >/dev/null 2>&1 || true
fi
"$node22" --version | grep -q '^v22\.' || { echo "conformance: Node 22 did not install" >&2; exit 1; }
echo "conformance: node $("$node22" --version)"

if [[ -n "${EWS_MCP_BINARY:-}" && -x "${EWS_MCP_BINARY}" ]]; then
  server=("$EWS_MCP_BINARY")
else
  server=(deno run --allow-net --allow-env --allow-read --allow-write "$repo/mod.ts")
fi
log="$prefix/server.log"
# A clean environment for the server: only what the demo needs.
env -u MCP_AUTH_TOKEN -u MCP_API_KEYS -u MCP_ALLOWED_HOSTS LOG_LEVEL=INFO \
  "${server[@]}" --demo --transport http --port 0 >"$log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 120); do
  url="$(grep -o 'MCP over HTTP on http://[^ ]*' "$log" | head -n 1 | sed 's/^MCP over HTTP on //')" || true
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
[[ -n "$url" ]] || { echo "conformance: the server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "conformance: server at $url"

status=0
for version in $CONFORMANCE_VERSIONS; do
  line="$(echo "$version" | cut -d. -f1,2)"
  baseline="$here/baseline-$line.yml"
  [[ -f "$baseline" ]] || { echo "conformance: no baseline $baseline for $version" >&2; status=1; continue; }
  echo
  echo "=== conformance $version (baseline $(basename "$baseline")) ==="
  if ! "$node22" "$prefix/node_modules/suite-$version/dist/index.js" server \
    --url "$url" --expected-failures "$baseline"; then
    echo "conformance: $version: unexpected failures or stale baseline entries (see above)" >&2
    status=1
  fi
done
exit "$status"
