/** revertEdits: put back what one person changed since a version, where nobody changed it after them (issue #17 point 4). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeRows } from '@/collab-server/changeRows';
import { addElement, applyDocEdits, deleteElement, readBuilding, revertEdits, setMeta, updateElement, type AttributedChange } from '@/lib/doc';
import { building, equipment, loadUpdate, must } from './buildingEdits';

/** A version, and a live copy whose every transaction is attributed to `who` (as the server does). */
function setup() {
  const version = building(1);
  const live = loadUpdate(Y.encodeStateAsUpdate(version), 2);
  const changes: AttributedChange[] = [];
  let who = '';
  live.on('afterTransaction', (tr: Y.Transaction) => changes.unshift(...changeRows(live, tr, 'd', who, new Date()).reverse()));
  const as = (user: string, edit: (doc: Y.Doc) => void) => {
    who = user;
    edit(live);
  };
  return { version, live, changes, as };
}

describe('revertEdits', () => {
  it('puts back the vandal’s deletions, renames, property and field changes, and removes what they added', () => {
    const { version, live, changes, as } = setup();
    as('bo', (d) => must(deleteElement(d, 'w5')));
    as('bo', (d) => must(updateElement(d, 'w1', { name: 'XXX', props: { fire: 'none' } })));
    as('bo', (d) => must(addElement(d, equipment('junk', 1))));
    as('bo', (d) => must(setMeta(d, { name: 'Hacked' })));
    const plan = revertEdits(live, version, changes, 'bo');
    expect(plan.kept).toEqual([]);
    applyDocEdits(live, plan.edits);
    expect(readBuilding(live)).toEqual(readBuilding(version));
  });

  it('keeps what someone else changed after the vandal, and says so; reverts the rest', () => {
    const { version, live, changes, as } = setup();
    as('ada', (d) => must(updateElement(d, 'w2', { name: 'Ada’s name' })));
    as('bo', (d) => must(updateElement(d, 'w2', { thickness: 0.5 as never })));
    as('bo', (d) => must(updateElement(d, 'w3', { name: 'Bo was here' })));
    as('ada', (d) => must(updateElement(d, 'w3', { name: 'Ada fixed it' })));
    as('bo', (d) => must(addElement(d, equipment('bo-thing', 2))));
    as('ada', (d) => must(updateElement(d, 'bo-thing', { name: 'Ada kept it' })));
    const plan = revertEdits(live, version, changes, 'bo');
    expect(plan.kept).toEqual([
      { collection: 'elements', recordId: 'bo-thing', by: 'ada' },
      { collection: 'elements', recordId: 'w3', field: 'name', by: 'ada' },
    ]);
    applyDocEdits(live, plan.edits);
    const after = readBuilding(live);
    expect(after.elements.w2).toMatchObject({ name: 'Ada’s name', thickness: 0.2 });
    expect(after.elements.w3?.name).toBe('Ada fixed it');
    expect(after.elements['bo-thing']?.name).toBe('Ada kept it');
  });

  it('changes nothing of anyone else’s, and nothing when the person changed nothing', () => {
    const { version, live, changes, as } = setup();
    as('ada', (d) => must(updateElement(d, 'w1', { name: 'Ada' })));
    expect(revertEdits(live, version, changes, 'bo')).toEqual({ edits: [], kept: [] });
  });
});
