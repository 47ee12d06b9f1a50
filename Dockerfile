# The service's one image (docker-compose.yml names it smartac-servicetitan:local and builds it
# once): API, worker, migrator, temporal:setup, and the ServiceTitan sandbox for local use.
# Node 24, the active LTS line (package.json engines; Node 20 is past its end of life).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# With network access Prisma fetches its own engines, so plain `prisma generate` works here. The
# workflow bundle is built once here (dist/workflow-bundle.js): workers load it instead of running
# webpack at every start (workers/workflow-bundle-file.ts).
RUN npx prisma generate \
  && npx tsc -p tsconfig.build.json \
  && node dist/scripts/build-workflow-bundle.js \
  && npx vite build web \
  && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/servicetitan/openapi/*.json ./servicetitan/openapi/
USER node
EXPOSE 3000
CMD ["node", "dist/api/server.js"]
