/**
 * The demo building seeded on first start: a small two-storey house with rooms, doors, windows,
 * slabs and equipment of several systems (addressed by path) wired by connections. Plain data in
 * the model's shapes; the seed writes it through lib/doc, so it is validated like any other edit.
 */

type Point = [number, number];

export const DEMO_BUILDING_ID = 'demo';

export const demoMeta = { name: 'Demo House', address: '1 Example Street, Springfield', north: 0 };

export const demoStoreys = [
  { id: 'gf', name: 'Ground floor', elevation: 0, height: 3, order: 0 },
  { id: 'ff', name: 'First floor', elevation: 3, height: 2.8, order: 1 },
];

const W = 12; // outer width (m)
const D = 9; // outer depth (m)

function rect(x0: number, y0: number, x1: number, y1: number): Point[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

function wall(id: string, storeyId: string, name: string, a: Point, b: Point, thickness: number, height: number) {
  return { id, kind: 'wall', storeyId, name, a, b, thickness, height, props: {} };
}

function opening(kind: 'door' | 'window', id: string, storeyId: string, name: string, hostId: string, offset: number, width: number, height: number, sill: number) {
  return { id, kind, storeyId, name, hostId, offset, width, height, sill, props: {} };
}

function space(id: string, storeyId: string, name: string, number: string, usage: string, polygon: Point[]) {
  return { id, kind: 'space', storeyId, name, number, usage, polygon, props: {} };
}

function equipment(id: string, storeyId: string, name: string, system: string, type: string, path: string, position: [number, number, number], status = 'ok') {
  return { id, kind: 'equipment', storeyId, name, system, type, status, path, position, rotation: 0, props: {} };
}

function storeyShell(s: 'gf' | 'ff', height: number) {
  return [
    wall(`${s}-wall-s`, s, 'South wall', [0, 0], [W, 0], 0.3, height),
    wall(`${s}-wall-e`, s, 'East wall', [W, 0], [W, D], 0.3, height),
    wall(`${s}-wall-n`, s, 'North wall', [W, D], [0, D], 0.3, height),
    wall(`${s}-wall-w`, s, 'West wall', [0, D], [0, 0], 0.3, height),
    wall(`${s}-wall-i1`, s, 'Partition', [7, 0], [7, D], 0.12, height),
    wall(`${s}-wall-i2`, s, 'Partition', [7, 4.5], [W, 4.5], 0.12, height),
    { id: `${s}-slab`, kind: 'slab', storeyId: s, name: 'Floor slab', polygon: rect(0, 0, W, D), thickness: 0.25, props: {} },
  ];
}

export const demoElements = [
  ...storeyShell('gf', 3),
  space('gf-living', 'gf', 'Living room', '0.01', 'living', rect(0, 0, 7, D)),
  space('gf-kitchen', 'gf', 'Kitchen', '0.02', 'kitchen', rect(7, 0, W, 4.5)),
  space('gf-study', 'gf', 'Study', '0.03', 'office', rect(7, 4.5, W, D)),
  opening('door', 'gf-door-front', 'gf', 'Front door', 'gf-wall-s', 3, 1.0, 2.1, 0),
  opening('door', 'gf-door-kitchen', 'gf', 'Kitchen door', 'gf-wall-i1', 2, 0.9, 2.1, 0),
  opening('door', 'gf-door-study', 'gf', 'Study door', 'gf-wall-i1', 6, 0.9, 2.1, 0),
  opening('window', 'gf-win-s1', 'gf', 'Kitchen window', 'gf-wall-s', 8.5, 1.5, 1.2, 0.9),
  opening('window', 'gf-win-n1', 'gf', 'Living window', 'gf-wall-n', 7, 2.4, 1.5, 0.6),
  opening('window', 'gf-win-e1', 'gf', 'Study window', 'gf-wall-e', 6, 1.2, 1.2, 0.9),
  equipment('gf-panel', 'gf', 'Main distribution board', 'electrical', 'distribution-board', '/electrical/panels/main', [0.4, 8.4, 1.4]),
  equipment('gf-outlet-1a', 'gf', 'Outlet 1A', 'electrical', 'outlet', '/electrical/circuits/1/outlet_1A', [0.2, 3, 0.3]),
  equipment('gf-outlet-1b', 'gf', 'Outlet 1B', 'electrical', 'outlet', '/electrical/circuits/1/outlet_1B', [3.5, 8.8, 0.3]),
  equipment('gf-outlet-2a', 'gf', 'Outlet 2A', 'electrical', 'outlet', '/electrical/circuits/2/outlet_2A', [9, 0.2, 1.1]),
  equipment('gf-outlet-2b', 'gf', 'Outlet 2B', 'electrical', 'outlet', '/electrical/circuits/2/outlet_2B', [11.8, 2.5, 1.1], 'needs-repair'),
  equipment('gf-light-1', 'gf', 'Living ceiling light', 'lighting', 'ceiling-light', '/lighting/ground/ceiling_1', [3.5, 4.5, 2.9]),
  equipment('gf-ahu', 'gf', 'Air handling unit', 'hvac', 'air-handling-unit', '/hvac/ahu/1', [11, 8, 0]),
  equipment('gf-diffuser-1', 'gf', 'Supply diffuser (living)', 'hvac', 'diffuser', '/hvac/ahu/1/diffuser_1', [3.5, 2, 2.9]),
  equipment('gf-diffuser-2', 'gf', 'Supply diffuser (kitchen)', 'hvac', 'diffuser', '/hvac/ahu/1/diffuser_2', [9.5, 2, 2.9]),
  equipment('gf-water-heater', 'gf', 'Water heater', 'plumbing', 'water-heater', '/plumbing/water-heater/1', [11.5, 0.6, 0], 'needs-repair'),
  equipment('gf-smoke-1', 'gf', 'Smoke detector (hall)', 'fire', 'smoke-detector', '/fire/detectors/smoke_1', [5, 4.5, 2.95]),
  ...storeyShell('ff', 2.8),
  space('ff-bed-1', 'ff', 'Bedroom 1', '1.01', 'bedroom', rect(0, 0, 7, D)),
  space('ff-bath', 'ff', 'Bathroom', '1.02', 'bathroom', rect(7, 0, W, 4.5)),
  space('ff-bed-2', 'ff', 'Bedroom 2', '1.03', 'bedroom', rect(7, 4.5, W, D)),
  opening('door', 'ff-door-bath', 'ff', 'Bathroom door', 'ff-wall-i1', 2, 0.8, 2.1, 0),
  opening('door', 'ff-door-bed-2', 'ff', 'Bedroom 2 door', 'ff-wall-i1', 6, 0.9, 2.1, 0),
  opening('window', 'ff-win-s1', 'ff', 'Bedroom 1 window', 'ff-wall-s', 2.5, 1.8, 1.3, 0.8),
  opening('window', 'ff-win-n1', 'ff', 'Bedroom 2 window', 'ff-wall-n', 2.5, 1.5, 1.3, 0.8),
  equipment('ff-outlet-3a', 'ff', 'Outlet 3A', 'electrical', 'outlet', '/electrical/circuits/3/outlet_3A', [0.2, 4, 0.3]),
  equipment('ff-outlet-3b', 'ff', 'Outlet 3B', 'electrical', 'outlet', '/electrical/circuits/3/outlet_3B', [11.8, 7, 0.3]),
  equipment('ff-smoke-1', 'ff', 'Smoke detector (landing)', 'fire', 'smoke-detector', '/fire/detectors/smoke_2', [5, 4.5, 2.75]),
  equipment('ff-ap-1', 'ff', 'Wi-Fi access point', 'network', 'access-point', '/network/wifi/ap_1', [6, 4.5, 2.7], 'offline'),
];

export const demoConnections = [
  ...['gf-outlet-1a', 'gf-outlet-1b', 'gf-outlet-2a', 'gf-outlet-2b', 'gf-light-1', 'ff-outlet-3a', 'ff-outlet-3b', 'gf-ahu', 'gf-water-heater'].map((to) => ({
    id: `power-${to}`,
    from: 'gf-panel',
    to,
    medium: 'power',
  })),
  { id: 'air-gf-diffuser-1', from: 'gf-ahu', to: 'gf-diffuser-1', medium: 'air' },
  { id: 'air-gf-diffuser-2', from: 'gf-ahu', to: 'gf-diffuser-2', medium: 'air' },
];
