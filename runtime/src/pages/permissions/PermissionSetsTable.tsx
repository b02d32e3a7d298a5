import { AppPermission, type AppGrant } from '@formloom/schemas';
import { useTranslation } from 'react-i18next';
import { PrincipalPicker, usePrincipalLabel } from './PrincipalPicker.tsx';

/** The columns of the table, in the order a person reads them: from least to most (the model's order). */
export const PERMISSION_COLUMNS = AppPermission.options;

/** One row per principal with a checkbox per permission; an "add" row below with the pickers. */
export function PermissionSetsTable({ grants, onChange }: { grants: AppGrant[]; onChange(next: AppGrant[]): void }) {
  const { t } = useTranslation();
  const label = usePrincipalLabel();
  const toggle = (index: number, permission: (typeof PERMISSION_COLUMNS)[number], on: boolean) =>
    onChange(
      grants.map((g, i) =>
        i !== index
          ? g
          : {
              ...g,
              permissions: on ? [...g.permissions, permission] : g.permissions.filter((p) => p !== permission),
            },
      ),
    );
  return (
    <>
      <div className="fl-perm-scroll">
        <table className="fl-perm-table">
          <caption className="fl-visually-hidden">{t('permissions.sets.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('permissions.sets.who')}</th>
              {PERMISSION_COLUMNS.map((p) => (
                <th scope="col" key={p} title={t(`permissions.perm.${p}.hint`)}>
                  {t(`permissions.perm.${p}.label`)}
                </th>
              ))}
              <th scope="col">
                <span className="fl-visually-hidden">{t('permissions.sets.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.length === 0 && (
              <tr>
                <td colSpan={PERMISSION_COLUMNS.length + 2}>{t('permissions.sets.none')}</td>
              </tr>
            )}
            {grants.map((grant, index) => {
              const who = label(grant.principal);
              return (
                <tr key={grant.principal}>
                  <th scope="row">{who}</th>
                  {PERMISSION_COLUMNS.map((p) => (
                    <td key={p}>
                      <input
                        type="checkbox"
                        aria-label={t('permissions.sets.checkbox', { who, permission: t(`permissions.perm.${p}.label`) })}
                        checked={grant.permissions.includes(p)}
                        onChange={(e) => toggle(index, p, e.target.checked)}
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="fl-btn fl-btn--ghost fl-perm-remove"
                      aria-label={t('permissions.sets.remove', { who })}
                      onClick={() => onChange(grants.filter((_, i) => i !== index))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <PrincipalPicker
        idPrefix="perm-set"
        exclude={grants.map((g) => g.principal)}
        addLabel={t('permissions.sets.add')}
        onAdd={(principal) => onChange([...grants, { principal, permissions: ['fill'] }])}
      />
    </>
  );
}
