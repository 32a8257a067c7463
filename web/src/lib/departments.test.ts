import { describe, expect, it } from 'vitest';
import { departmentLabel, departmentNames, departmentText } from './departments';

describe('departments', () => {
  const names = departmentNames([
    { code: '974', name: 'La Réunion', region_code: '04', region_name: 'La Réunion' },
    { code: '2A', name: 'Corse-du-Sud', region_code: '94', region_name: 'Corse' },
  ]);

  it('names a department with its code after', () => {
    expect(departmentText('974', names)).toBe('La Réunion (974)');
    expect(departmentText('2A', names)).toBe('Corse-du-Sud (2A)');
  });

  it('shows the code alone when its name is not known', () => {
    expect(departmentText('37', names)).toBe('37');
    expect(departmentText('37', new Map())).toBe('37');
  });

  it('labels an option code first', () => {
    expect(departmentLabel({ code: '974', name: 'La Réunion', region_code: '04', region_name: 'La Réunion' })).toBe('974 – La Réunion');
  });
});
