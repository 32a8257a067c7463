import { describe, expect, it } from 'vitest';
import { requestStateFilters } from './request_queue';

describe('requestStateFilters', () => {
  it('starts the coordinator on the requests to decide, without drafts', () => {
    const filters = requestStateFilters('coordinator');
    expect(filters[0]).toBe('to_decide');
    expect(filters).toContain('');
    expect(filters).toContain('partially_approved');
    expect(filters).not.toContain('draft');
  });

  it('starts the liaison on the submitted requests, the only ones it endorses', () => {
    expect(requestStateFilters('liaison')).toEqual(['submitted', 'endorsed', '']);
  });

  it('starts a structure on all its requests, drafts included', () => {
    const filters = requestStateFilters('structure');
    expect(filters[0]).toBe('');
    expect(filters).toContain('draft');
    expect(filters).not.toContain('to_decide');
  });
});
