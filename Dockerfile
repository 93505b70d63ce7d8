# The deskmail service: the checkout with its locked dependencies, and the command built from it (dist/).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# patches/: a fix to the PostgreSQL driver, applied by the postinstall step (patch-package).
COPY patches ./patches
# tsx is a runtime dependency; dev dependencies (tests, eval baselines) are left out.
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# The command as plain JavaScript (scripts/build.mjs): no start compiles the TypeScript sources.
RUN node scripts/build.mjs
# The status-mail templates compiled now, into node_modules/.cache, so no start has to (the worker
# runs as node, which cannot write there, and would compile them at every start).
RUN node --input-type=module -e "import { register } from 'tsx/esm/api'; register(); await (await import('./src/workers/mail-templates.ts')).loadMailTemplates();"
# The generated SECRET_KEY lives here (a volume in docker-compose.yml), readable by node only.
RUN mkdir -p /var/lib/deskmail && chown node:node /var/lib/deskmail && chmod 700 /var/lib/deskmail
USER node
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["node", "bin/deskmail.js", "worker"]
