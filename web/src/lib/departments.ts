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

/** The departments' names by code, for departmentText. */
export function departmentNames(departments: readonly Department[]): Map<string, string> {
  return new Map(departments.map((d) => [d.code, d.name]));
}

/** "La Réunion (974)"; the code alone while the names are not known. */
export function departmentText(code: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(code);
  return name ? `${name} (${code})` : code;
}
