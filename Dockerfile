# syntax=docker/dockerfile:1
#
# Two stages: `build` compiles TypeScript with the dev dependencies; `runtime` holds only the
# production dependencies and the compiled dist/. Expected image size: about 270 MB uncompressed
# (node:20-bookworm-slim ~200 MB + ~58 MB production node_modules + ~10 MB dist, of which the two
# bundled detection-thread files and their source maps are ~8 MB), ~92 MB compressed.
#
# test/integration/dockerfile-runtime.test.ts performs this file's runtime steps outside Docker
# (it reads the RUN, ENV, CMD and HEALTHCHECK lines from here), so keep them plain.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts are needed to compile (tsc is plain JavaScript).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build copies the incident pages' static files (src/http/page) into dist/ and bundles each
# detection thread's entry into one file (a thread then starts sooner) with these scripts.
COPY scripts/copy-page-files.js scripts/bundle-threads.js ./scripts/
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# Two malloc arenas instead of one per thread: the arenas of detection threads that have
# stopped would otherwise keep about 40 MB after a large incident (docs/operations.md#memory).
ENV MALLOC_ARENA_MAX=2
# ENVIRONMENT (development|test|staging|production), VALKEY_* and the rest are the deployer's
# choice: see src/config.ts and docs/deployment.md. Nothing secret is baked into the image.
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; none of them has an install script. Type declarations and
# source maps of dependencies are never loaded at run time (about 29 MB); licences stay.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
RUN find node_modules -type f \( -name "*.map" -o -name "*.d.ts" -o -name "*.d.cts" -o -name "*.d.mts" \) -delete
COPY --from=build /app/dist ./dist
# The image's `node` user (uid 1000); the app files stay root-owned, so the process cannot
# change its own code. The service writes nothing to disk (read-only root file system is fine).
USER node
EXPOSE 8000
# GET /health answers 200 when Valkey answers PING, 503 otherwise. Slim images have no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Signals go straight to node (no npm/sh wrapper), so SIGTERM starts the graceful shutdown
# (SHUTDOWN_TIMEOUT_MS, default 25 s; give the container 30 s to stop). The options are
# package.json's start script's: the main thread's young generation at most 2 x 8 MB instead of
# V8's 2 x 16 MB, which its start-up would otherwise fill and hold (docs/operations.md).
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
