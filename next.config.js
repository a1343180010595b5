/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Prisma's driver-adapter client and pg stay on the Node side, loaded from node_modules.
  serverExternalPackages: ['@prisma/client', '@prisma/adapter-pg', 'pg', '@electric-sql/pglite', 'pino'],
  // The test handle and the e2e suite build into their own folder so that `npm test` never
  // clobbers the build that `npm start` serves.
  distDir: process.env.ARXOS_NEXT_DIST_DIR || '.next',
};

export default nextConfig;
