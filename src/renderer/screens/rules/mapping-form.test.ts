import { describe, expect, it } from 'vitest';
import { emptyMapping, mappingFormFromDraft, mappingLabel, mappingToDraft, removeMapping, updateMapping } from './mapping-form.js';

describe('one further place of a rule', () => {
  it('round-trips a place with a key, a query and joins', () => {
    const place = { connection: 'south', table: 'orders', key: ['region', 'id'], join: [{ table: 'customers', on: 'customers.id = orders.customer_id', type: 'left' as const }] };
    expect(mappingFormFromDraft(place).key).toBe('region, id');
    expect(mappingToDraft(mappingFormFromDraft(place))).toEqual(place);
    const query = { connection: 'archive', query: 'SELECT * FROM orders_2023' };
    expect(mappingToDraft(mappingFormFromDraft(query))).toEqual(query);
  });

  it('sends a half-filled row as it is, blanks left out, so the core says what is missing', () => {
    expect(mappingToDraft(emptyMapping())).toEqual({ connection: '' });
    expect(mappingToDraft({ connection: ' south ', table: ' orders ', key: ' , ' })).toEqual({ connection: 'south', table: 'orders' });
  });

  it('starts the table and key over when the connection changes, and the key when the table does', () => {
    const list = [{ connection: 'north', table: 'orders', key: 'id' }, { connection: 'south', table: 'orders', key: 'id' }];
    const moved = updateMapping(list, 1, { connection: 'east' });
    expect(moved[1]).toEqual({ connection: 'east', table: '', key: '' });
    expect(moved[0]).toBe(list[0]);
    expect(updateMapping(list, 0, { table: 'invoices' })[0]).toEqual({ connection: 'north', table: 'invoices', key: '' });
    expect(updateMapping(list, 0, { key: 'order_id' })[0]).toEqual({ connection: 'north', table: 'orders', key: 'order_id' });
    expect(updateMapping(list, 0, { connection: 'north' })[0]).toEqual(list[0]);
  });

  it('removes exactly the chosen place', () => {
    const list = [{ connection: 'a', table: 't', key: '' }, { connection: 'b', table: 't', key: '' }, { connection: 'c', table: 't', key: '' }];
    expect(removeMapping(list, 1).map((m) => m.connection)).toEqual(['a', 'c']);
  });

  it('names a place the way the core’s problems do', () => {
    expect(mappingLabel({ connection: 'south', table: 'orders', key: '' }, 0)).toBe('Mapping #1 (south.orders)');
    expect(mappingLabel({ connection: 'archive', table: '', key: '', query: 'SELECT 1' }, 2)).toBe('Mapping #3 (archive.query)');
    expect(mappingLabel(emptyMapping(), 1)).toBe('Mapping #2');
  });
});
