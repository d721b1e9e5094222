# syntax=docker/dockerfile:1
#
# Townhall in one image: the Fastify API, the SvelteKit pages and the migrations, on one port.
#   docker build -t townhall .
#   docker run --rm -p 3000:3000 townhall                      # embedded PGlite + demo data
#   docker run --rm -p 3000:3000 -e DATABASE_URL=postgres://… townhall
# See docker-compose.yml for the app with a PostgreSQL server.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: Node.js and the pinned pnpm ------------------------------------------------------
FROM ${NODE_IMAGE} AS base
# The version in package.json's "packageManager"; corepack is not used.
RUN npm i -g pnpm@12.4.2
# CI=true: pnpm never prompts and never touches the lockfile.
ENV CI=true
WORKDIR /app

# ---- build: every dependency, then the SvelteKit build (apps/web/build) --------------------
FROM base AS build
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
RUN pnpm build

# ---- prod-deps: only what the server needs at run time --------------------------------------
# The web build is self-contained (adapter-node bundles it), so the pages need no node_modules;
# the API runs its TypeScript through tsx, which is one of its dependencies.
FROM base AS prod-deps
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --store-dir /pnpm/store

# ---- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Code stays owned by root (read-only to the server); only the data folder is writable.
COPY --from=prod-deps /app /app
COPY --from=build /app/apps/web/build /app/apps/web/build
# The embedded database (used when DATABASE_URL is unset) lives here. Mount a named volume on it
# to keep it (docker run -v townhall-data:/app/data); a new volume inherits this ownership.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
WORKDIR /app/apps/api
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks the API whether the database answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `pnpm --filter @townhall/api start` runs (apps/api/package.json; keep the two alike),
# without pnpm in between, so the server itself receives SIGTERM and shuts down cleanly. It
# migrates, seeds, then listens.
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/server.ts"]
