import { describe, expect, it } from 'vitest';
import { P, toolBench } from '../plan/tools/harness';

describe('Editor selection per storey', () => {
  it('after + Storey the previous storey keeps its own selection, inactive; Delete removes nothing off-screen', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    const [wall] = b.elements('wall');
    b.editor.select([wall!.id]);
    const first = b.editor.storeyId;
    const second = b.editor.addNewStorey()!;
    expect(b.editor.storeyId).toBe(second);
    expect([...b.editor.selection]).toEqual([]);
    b.editor.deleteSelection();
    expect(b.elements('wall')).toHaveLength(1);
    b.editor.setStorey(first);
    expect([...b.editor.selection]).toEqual([wall!.id]);
  });

  it('selecting ids of another storey selects nothing', () => {
    const b = toolBench().use('wall');
    b.click(P(0, 0)).click(P(4, 0)).keys('enter');
    const [wall] = b.elements('wall');
    b.editor.addNewStorey();
    b.editor.select([wall!.id]);
    expect([...b.editor.selection]).toEqual([]);
  });
});
