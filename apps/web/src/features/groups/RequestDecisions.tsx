import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { DateTime } from './DateTime.js';
import { type CursorList, ListSection } from './ListSection.js';

interface PendingRequest {
  user: { id: string; displayName: string };
  requestedAt: string;
}

/**
 * A section of requests that a manager admits or rejects one by one (a group's join
 * requests, a deelsite's people waiting to be let in). The outcome is announced; the focus
 * goes to the section's heading when the request's own buttons disappear.
 */
export function RequestDecisions<Item extends PendingRequest>({
  id,
  heading,
  list,
  empty,
  intro,
  decide,
  outcome,
  refresh,
  meta,
}: {
  id: string;
  heading: string;
  list: CursorList<Item>;
  empty?: string;
  intro?: ReactNode;
  decide: (userId: string, approve: boolean) => Promise<unknown>;
  /** what is announced once a request is decided */
  outcome: (name: string, approve: boolean) => string;
  /** the query key whose queries a decision makes stale */
  refresh: readonly unknown[];
  /** more about a request, before its date */
  meta?: (item: Item) => ReactNode;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [announced, setAnnounced] = useState('');
  const decision = useMutation({
    mutationFn: ({ userId, approve }: { userId: string; name: string; approve: boolean }) => decide(userId, approve),
    onSuccess: async (_, { name, approve }) => {
      setAnnounced(outcome(name, approve));
      document.getElementById(id)?.focus();
      await queryClient.invalidateQueries({ queryKey: refresh });
    },
  });
  const choose = (item: Item, approve: boolean) => {
    if (!decision.isPending) decision.mutate({ userId: item.user.id, name: item.user.displayName, approve });
  };

  return (
    <ListSection
      id={id}
      heading={heading}
      list={list}
      empty={empty}
      before={
        <>
          {intro}
          <p role="status" className="group-hint">
            {announced}
          </p>
        </>
      }
      after={<QueryErrorAlert error={decision.error} />}
    >
      {(item) => (
        <li key={item.user.id}>
          <span>{item.user.displayName}</span>
          <span className="group-meta">
            {meta?.(item)}
            {t('groups.requestedAt')} <DateTime value={item.requestedAt} dateOnly />
          </span>
          <span className="group-actions">
            <Button purpose="primary" onClick={() => choose(item, true)}>
              {t('groups.approve', { name: item.user.displayName })}
            </Button>
            <Button purpose="secondary" onClick={() => choose(item, false)}>
              {t('groups.reject', { name: item.user.displayName })}
            </Button>
          </span>
        </li>
      )}
    </ListSection>
  );
}
