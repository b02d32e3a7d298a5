import { useTranslation } from 'react-i18next';
import { usePersonNames } from './usePersonNames.ts';

/**
 * A stored person value read back: the person's name, with their email as the tooltip. While the
 * name loads, or when the person is unknown or disabled, the id is shown so nothing is hidden.
 */
export function PersonValue({ id }: { id: string }) {
  const { t } = useTranslation();
  const person = usePersonNames([id]).get(id);
  if (person) {
    return (
      <span className="fl-person-value" title={person.email}>
        {person.name}
      </span>
    );
  }
  return (
    <span className="fl-person-value" title={person === null ? t('person.unknown') : undefined}>
      {id}
    </span>
  );
}
