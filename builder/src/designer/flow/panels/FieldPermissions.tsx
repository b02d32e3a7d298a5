/** The form's fields × editable / read-only / hidden, at one node (or for the submitter). */
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldAccess, FieldPermissions as Permissions } from '@formloom/schemas';
import { useDesigner, useDoc } from '../../DesignerContext.tsx';
import { pick } from '../../text.ts';
import { permissionFields } from '../formFields.ts';

const ACCESS: FieldAccess[] = ['editable', 'readonly', 'hidden'];

export function FieldPermissionsTable({
  value,
  fallback,
  onChange,
}: {
  value: Permissions;
  /** What a field not listed gets: read-only at approval nodes, editable for the submitter. */
  fallback: FieldAccess;
  onChange: (value: Permissions) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry } = useDesigner();
  const fields = permissionFields(useDoc(), registry);
  if (fields.length === 0) return <p className="fl-dz-prop__hint">{t('designer.flow.perm.noFields')}</p>;
  const set = (key: string, access: FieldAccess) => {
    const next = { ...value };
    if (access === fallback) delete next[key];
    else next[key] = access;
    onChange(next);
  };
  return (
    <table className="fl-flow-perm" data-testid="field-permissions">
      <thead>
        <tr>
          <th scope="col">{t('designer.flow.perm.field')}</th>
          {ACCESS.map((a) => (
            <th key={a} scope="col">
              {t(`designer.flow.perm.${a}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => {
          const label = pick(field.label, locale) || field.key;
          const current = value[field.key] ?? fallback;
          return (
            <tr key={field.id}>
              <th scope="row">{label}</th>
              {ACCESS.map((a) => (
                <td key={a}>
                  <input
                    type="radio"
                    name={`perm-${field.id}`}
                    checked={current === a}
                    aria-label={t('designer.flow.perm.cell', { field: label, access: t(`designer.flow.perm.${a}`) })}
                    onChange={() => set(field.key, a)}
                  />
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
