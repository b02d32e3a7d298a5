import { useTranslation } from 'react-i18next';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { LocalizedField } from './controls.tsx';

/** The form's own texts: its title and the paragraph under it, in both languages. */
export function FormProperties() {
  const { t } = useTranslation();
  const { run } = useDesigner();
  const doc = useDoc();
  return (
    <form className="fl-dz-props" aria-label={t('designer.formProps.title')} onSubmit={(e) => e.preventDefault()}>
      <LocalizedField
        label={t('designer.formProps.formTitle')}
        hint={t('designer.formProps.formTitleHint')}
        value={doc.title}
        onCommit={(title) => run({ type: 'setFormText', title })}
      />
      <LocalizedField
        label={t('designer.formProps.description')}
        multiline
        value={doc.description}
        onCommit={(description) => run({ type: 'setFormText', description })}
      />
    </form>
  );
}
