/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded from node_modules on the server, not bundled: Prisma's driver-adapter client and pg, and
  // yjs, which must exist once per process (a second copy breaks its constructor checks), and
  // web-ifc, which finds its .wasm next to its own file (bundling rewrites __dirname: notes/ifc.md 1.2).
  serverExternalPackages: ['@prisma/client', '@prisma/adapter-pg', 'pg', '@electric-sql/pglite', 'pino', 'yjs', 'web-ifc'],
  // The test handle and the e2e suite build into their own folder so that `npm test` never
  // clobbers the build that `npm start` serves.
  distDir: process.env.ARXOS_NEXT_DIST_DIR || '.next',
};

export default nextConfig;
