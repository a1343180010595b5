import type { XRDevice } from 'iwer';

/**
 * The WebXR emulator for development and tests: IWER's Meta Quest 3 with its synthetic
 * environment (a scanned office, bundled JSON, no network), installed over Chromium's
 * hardware-less `navigator.xr`. Loaded only by a dynamic import from the dev test handle, so
 * production users never download it (notes/xr.md 3.1: @react-three/xr's own emulator does not
 * install in current Chromium, and its devtools UI overwrites the headset pose every frame).
 * Single-flight: React StrictMode runs effects twice, and two devices must never install.
 */
let pending: Promise<XRDevice> | undefined;

export function installXREmulator(room: 'office_small' | 'living_room' | 'meeting_room' = 'office_small'): Promise<XRDevice> {
  return (pending ??= (async () => {
    const [{ XRDevice, metaQuest3 }, { SyntheticEnvironmentModule }] = await Promise.all([import('iwer'), import('@iwer/sem')]);
    const device = new XRDevice(metaQuest3);
    device.position.set(0, 1.6, 0);
    device.installRuntime({ forceInstall: true });
    device.installSEM(SyntheticEnvironmentModule);
    device.sem!.loadDefaultEnvironment(room);
    return device;
  })());
}
