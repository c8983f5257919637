// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it } from 'vitest';
import { SortableTable, type Column } from '../../../components/ui/SortableTable';

interface Row { name: string; closed: number; frt: number | null }
const rows: Row[] = [{ name: 'Ana', closed: 3, frt: 120 }, { name: 'Bruno', closed: 7, frt: null }, { name: 'Chloé', closed: 5, frt: 60 }];
const columns: Column<Row>[] = [
  { key: 'name', label: 'Agent', value: (r) => r.name },
  { key: 'closed', label: 'Closed', value: (r) => r.closed, firstDir: 'descending' },
  { key: 'frt', label: 'FRT', value: (r) => r.frt, render: (r) => (r.frt === null ? '—' : `${r.frt}s`) },
];

it('sorts on header activation and announces the order with aria-sort', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<SortableTable columns={columns} rows={rows} rowKey={(r) => r.name} caption="Agents" initial={{ key: 'name', dir: 'ascending' }} />, root));
  const names = () => [...root.querySelectorAll('tbody th')].map((th) => th.textContent);
  const header = (label: string) => [...root.querySelectorAll('thead th')].find((th) => th.textContent?.startsWith(label))!;
  expect(names()).toEqual(['Ana', 'Bruno', 'Chloé']);
  expect(header('Agent').getAttribute('aria-sort')).toBe('ascending');

  await act(() => header('Closed').querySelector('button')!.click());
  expect(names()).toEqual(['Bruno', 'Chloé', 'Ana']);
  expect(header('Closed').getAttribute('aria-sort')).toBe('descending');
  expect(header('Agent').hasAttribute('aria-sort')).toBe(false);

  await act(() => header('FRT').querySelector('button')!.click());
  expect(names()).toEqual(['Chloé', 'Ana', 'Bruno']);
  await act(() => header('FRT').querySelector('button')!.click());
  expect(header('FRT').getAttribute('aria-sort')).toBe('descending');
  // Missing values stay last whichever the direction.
  expect(names()).toEqual(['Ana', 'Chloé', 'Bruno']);
  // Headers are real buttons, so Enter and Space work without extra handlers.
  expect(header('FRT').querySelector('button')!.getAttribute('type')).toBe('button');
  render(null, root);
});
