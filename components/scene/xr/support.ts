'use client';

import { useEffect, useState } from 'react';

/** What this browser can do: no WebXR at all, or which immersive modes a device supports. */
export interface XRSupport {
  readonly checked: boolean;
  readonly webxr: boolean;
  readonly secure: boolean;
  readonly ar: boolean;
  readonly vr: boolean;
}

/** Fired on window after a WebXR device (or the dev emulator) appears: support is checked again. */
export const XR_DEVICE_EVENT = 'arxos:xr-device';

const UNCHECKED: XRSupport = { checked: false, webxr: false, secure: true, ar: false, vr: false };

async function check(): Promise<XRSupport> {
  const secure = typeof window !== 'undefined' && window.isSecureContext;
  const xr = typeof navigator !== 'undefined' ? (navigator as Navigator & { xr?: XRSystem }).xr : undefined;
  if (!xr) return { checked: true, webxr: false, secure, ar: false, vr: false };
  const [ar, vr] = await Promise.all([xr.isSessionSupported('immersive-ar').catch(() => false), xr.isSessionSupported('immersive-vr').catch(() => false)]);
  return { checked: true, webxr: true, secure, ar, vr };
}

/** Whether AR and VR can start here, checked on mount and again when a device appears. */
export function useXRSupport(): XRSupport {
  const [support, setSupport] = useState<XRSupport>(UNCHECKED);
  useEffect(() => {
    let live = true;
    const run = () => void check().then((s) => live && setSupport(s));
    run();
    const xr = (navigator as Navigator & { xr?: XRSystem }).xr;
    xr?.addEventListener('devicechange', run);
    window.addEventListener(XR_DEVICE_EVENT, run);
    return () => {
      live = false;
      xr?.removeEventListener('devicechange', run);
      window.removeEventListener(XR_DEVICE_EVENT, run);
    };
  }, []);
  return support;
}

/** Why AR or VR cannot start here, in words; null when it can. */
export function xrUnavailableInWords(support: XRSupport, mode: 'ar' | 'vr'): string | null {
  const what = mode === 'ar' ? 'AR' : 'VR';
  if (!support.checked) return `Still checking whether this browser can show ${what}; try again in a moment.`;
  if (!support.secure) return `${what} needs a secure page: open ArxOS over https (or on localhost).`;
  if (!support.webxr) {
    return `This browser has no WebXR, so it cannot show ${what}. Open this building in a headset's browser (Meta Quest, Apple Vision Pro)${mode === 'ar' ? ' or in Chrome on an ARCore Android phone' : ''}.`;
  }
  if (mode === 'ar' && !support.ar) return 'This browser has WebXR but no AR device: use a headset with passthrough or Chrome on an ARCore Android phone.';
  if (mode === 'vr' && !support.vr) return 'This browser has WebXR but no VR headset is connected: connect one (or open this page in the headset’s browser).';
  return null;
}
