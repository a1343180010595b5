import { describe, expect, it } from 'vitest';
import { describeAccess } from '@/components/building/RoleNotice';

describe('describeAccess (why editing is off, in words)', () => {
  it('says nothing to someone who may edit with the role the page opened with', () => {
    expect(describeAccess('editor', { state: 'granted', role: 'editor' })).toBeNull();
    expect(describeAccess('owner', { state: 'granted', role: 'owner' })).toBeNull();
  });

  it('tells a viewer or commenter that they can look but not edit', () => {
    expect(describeAccess('viewer', { state: 'granted', role: 'viewer' })).toEqual({ text: 'You are a viewer on this building: you can look around and select, but not edit.', tone: 'info' });
    expect(describeAccess('commenter', { state: 'granted', role: 'commenter' })?.text).toBe('You are a commenter on this building: you can look around and select, but not edit.');
  });

  it('tells a downgraded editor that their role changed, and an upgraded viewer that they can edit now', () => {
    expect(describeAccess('editor', { state: 'granted', role: 'viewer' })).toEqual({ text: 'Your role on this building was changed to viewer: you can look around and select, but not edit.', tone: 'warn' });
    expect(describeAccess('viewer', { state: 'granted', role: 'editor' })).toEqual({ text: 'Your role on this building was changed to editor: you can edit.', tone: 'info' });
  });

  it('says editing is paused while the access is being checked, and nothing once it is removed (that has its own page)', () => {
    expect(describeAccess('editor', { state: 'checking', role: 'editor' })?.text).toMatch(/editing is paused/);
    expect(describeAccess('editor', { state: 'removed' })).toBeNull();
  });
});
