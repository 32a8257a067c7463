// The department list, fetched once and shared by the directory filters and the form.
import { api, type Department } from './api';

let cached: Promise<Department[]> | null = null;

export function loadDepartments(): Promise<Department[]> {
  cached ??= api.GET('/api/v1/departments').then(({ data }) => {
    if (!data) {
      cached = null;
      return [];
    }
    return data.items;
  }, () => {
    cached = null;
    return [];
  });
  return cached;
}

export function departmentLabel(department: Department): string {
  return `${department.code} – ${department.name}`;
}
