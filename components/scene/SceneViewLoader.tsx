'use client';

import dynamic from 'next/dynamic';

/**
 * The 3D view, loaded on the client only and only when shown: three, react-three-fiber and
 * @react-three/xr stay out of the plan's bundle (notes/xr.md: ssr:false belongs in a client file).
 */
export const SceneViewLoader = dynamic(() => import('./SceneView'), {
  ssr: false,
  loading: () => (
    <p className="m-auto p-6 text-slate-500" role="status">
      Loading the 3D view…
    </p>
  ),
});
