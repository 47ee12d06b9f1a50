# Image of the service for docker-compose.yml and deployments: one image, three commands
# (api, worker, migrate; and the ServiceTitan sandbox for local use).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# With network access Prisma fetches its own engines, so plain `prisma generate` works here.
RUN npx prisma generate && npx tsc -p tsconfig.build.json && npx vite build web && npm prune --omit=dev

FROM node:20-bookworm-slim
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
