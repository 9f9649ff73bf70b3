# ews-mcp over Streamable HTTP, for running behind a reverse proxy.
#
#   docker build -t ews-mcp .
#   docker run -p 8000:8000 -e MCP_AUTH_TOKEN=<long random string> \
#     -e EWS_SERVER_URL=mail.contoso.com -e EWS_EMAIL=svc-mcp@contoso.com \
#     -e EWS_USERNAME='CONTOSO\svc-mcp' -e EWS_PASSWORD=… ews-mcp
#
# The server listens on all interfaces inside the container, so it must be given MCP_AUTH_TOKEN
# (clients send `Authorization: Bearer <token>`); set MCP_ALLOWED_HOSTS to the proxy's public name.

# --- Build: the single binary, from the sources and the dependencies pinned in deno.lock. ---
ARG DENO_VERSION=2.9.6
FROM denoland/deno:debian-${DENO_VERSION} AS build
USER root
WORKDIR /src
COPY package.json deno.json deno.lock ./
RUN deno install --frozen
COPY . .
RUN deno task compile

# --- Run: a slim Debian (glibc, as the binary needs), curl for the health check, no root. ---
FROM debian:bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates curl \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin ews-mcp
COPY --from=build /src/dist/ews-mcp /usr/local/bin/ews-mcp
ENV MCP_TRANSPORT=http \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8000
EXPOSE 8000
USER 10001
WORKDIR /tmp
# /healthz checks the Host header like /mcp, so ask as the first allowed host when one is set.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD curl -fsS ${MCP_ALLOWED_HOSTS:+-H "Host: ${MCP_ALLOWED_HOSTS%%,*}"} \
      "http://127.0.0.1:${MCP_PORT}/healthz" || exit 1
ENTRYPOINT ["/usr/local/bin/ews-mcp"]
