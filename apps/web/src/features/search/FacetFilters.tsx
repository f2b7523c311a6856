import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, Fieldset } from '../../components/forms.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { type Facet, FACETS, hasFilters, type SearchState } from './search-params.js';
import type { SearchFacets } from './search-query.js';

const sameValue = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

interface FacetValue {
  value: string;
  label: string;
  count: number;
}

/**
 * The facets' values in a steady order, so a list never reorders under the focus or the
 * pointer as counts change: congresses newest first and themes by name (as the server
 * gives them), keywords and authors alphabetically. A picked value always stays, with 0
 * when the rest of the search leaves nothing for it.
 */
function valuesOf(facets: SearchFacets | undefined, facet: Facet, picked: string[], locale: string): FacetValue[] {
  const given: FacetValue[] =
    facet === 'congress' || facet === 'theme'
      ? (facets?.[facet] ?? []).map((item) => ({ value: item.slug, label: item.name, count: item.count }))
      : facet === 'keyword'
        ? (facets?.keyword ?? []).map((item) => ({ value: item.value, label: item.value, count: item.count }))
        : (facets?.author ?? []).map((item) => ({ value: item.name, label: item.name, count: item.count }));
  const missing = picked.filter((value) => !given.some((item) => sameValue(item.value, value))).map((value) => ({ value, label: value, count: 0 }));
  const all = [...given, ...missing];
  if (facet === 'keyword' || facet === 'author') all.sort((a, b) => a.label.localeCompare(b.label, locale, { sensitivity: 'base' }));
  return all;
}

/**
 * The facets as checkbox groups with their counts. On narrow screens they fold away behind
 * a disclosure button (aria-expanded); on wide ones they stand beside the results.
 */
export function FacetFilters({
  state,
  facets,
  onChange,
  onClear,
}: {
  state: SearchState;
  facets: SearchFacets | undefined;
  onChange: (next: SearchState) => void;
  onClear: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const pickedCount = FACETS.reduce((sum, facet) => sum + state[facet].length, 0);
  // Keywords and authors match case-insensitively, so a value picked as "Netwerken" is the facet's "netwerken".
  const picked = (facet: Facet, value: string) => state[facet].some((item) => sameValue(item, value));
  const toggle = (facet: Facet, value: string, checked: boolean) =>
    onChange({ ...state, [facet]: checked ? [...state[facet], value] : state[facet].filter((item) => !sameValue(item, value)) });

  return (
    <section aria-labelledby="search-filters" className="search-filters">
      <Heading level={2} id="search-filters" tabIndex={-1}>
        {t('search.filters')}
      </Heading>
      <Button purpose="secondary" className="search-filters-toggle" aria-expanded={open} aria-controls="search-facets" onClick={() => setOpen(!open)}>
        {open ? t('search.hideFilters', { count: pickedCount }) : t('search.showFilters', { count: pickedCount })}
      </Button>
      <div id="search-facets" className={open ? 'search-facets' : 'search-facets is-collapsed'}>
        {FACETS.map((facet) => {
          const values = valuesOf(facets, facet, state[facet], i18n.language);
          if (values.length === 0) return null;
          return (
            <Fieldset key={facet} legend={t(`search.facet.${facet}`)}>
              {values.map((item) => (
                <CheckboxField
                  key={item.value}
                  name={facet}
                  value={item.value}
                  checked={picked(facet, item.value)}
                  onChange={(event) => toggle(facet, item.value, event.target.checked)}
                  label={t('search.facetValue', { label: item.label, count: item.count })}
                />
              ))}
            </Fieldset>
          );
        })}
        {/* After the groups, so picking a value never pushes the checkboxes down under the pointer. */}
        {hasFilters(state) && (
          <Button purpose="subtle" onClick={onClear}>
            {t('search.clearFilters')}
          </Button>
        )}
      </div>
    </section>
  );
}
