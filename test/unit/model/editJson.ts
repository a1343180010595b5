/** Test helper: a deep JSON copy of `value` with `edits` applied (`'a.b.c': v`; undefined deletes). */
export function editJson(value: unknown, edits: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const [path, v] of Object.entries(edits)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let target = copy;
    for (const key of keys) target = target[key] as Record<string, unknown>;
    if (v === undefined) delete target[last];
    else target[last] = v;
  }
  return copy;
}
