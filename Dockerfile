# The deskmail service: the checkout with its locked dependencies, run through tsx (no build step).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx is a runtime dependency; dev dependencies (tests, eval baselines) are left out.
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
CMD ["node", "bin/deskmail.js", "worker"]
