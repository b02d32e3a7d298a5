// Formloom's look for rjsf's core theme: text-labelled buttons instead of the glyphicon font the core
// theme expects (we ship no icon font), and array rows as cards with their toolbar on top.
import type { ArrayFieldItemTemplateProps, FieldTemplateProps, IconButtonProps, TemplatesType } from '@rjsf/utils';
import { getTemplate, getUiOptions, TranslatableString } from '@rjsf/utils';
import { getDefaultRegistry } from '@rjsf/core';
import { isFieldVisible } from '@formloom/schemas';
import type { FormContext } from './widgets.tsx';

const BaseFieldTemplate = getDefaultRegistry().templates.FieldTemplate;

/**
 * Fields whose show/hide rule (`ui:options.visibleWhen`) is false are not rendered. Inside a
 * sub-table the rule reads the same row: the row indexes come from the field's path.
 */
function VisibilityFieldTemplate(props: FieldTemplateProps) {
  const data = (props.registry.formContext as FormContext | undefined)?.formData;
  const rows = (props.fieldPathId?.path ?? []).filter((p): p is number => typeof p === 'number');
  if (data && !isFieldVisible(props.uiSchema, data, rows)) return null;
  return <BaseFieldTemplate {...props} />;
}

function IconButton({
  icon,
  iconType,
  className,
  uiSchema: _ui,
  registry: _r,
  title,
  children,
  ...rest
}: IconButtonProps & { children?: React.ReactNode }) {
  return (
    <button
      type="button"
      className={`fl-icon-btn fl-icon-btn--${iconType ?? 'default'} ${className ?? ''}`}
      title={title}
      aria-label={title}
      {...rest}
    >
      <span aria-hidden="true">{icon}</span>
      {children}
    </button>
  );
}

function AddButton({ registry, className, uiSchema: _ui, ...rest }: IconButtonProps) {
  const label = registry.translateString(TranslatableString.AddItemButton);
  return (
    <div className="fl-add-row">
      <button type="button" className={`fl-btn fl-btn--secondary fl-add-btn ${className ?? ''}`} {...rest}>
        <span aria-hidden="true">＋</span> {label}
      </button>
    </div>
  );
}

const MoveUpButton = (p: IconButtonProps) => (
  <IconButton {...p} icon="↑" title={p.registry.translateString(TranslatableString.MoveUpButton)} />
);
const MoveDownButton = (p: IconButtonProps) => (
  <IconButton {...p} icon="↓" title={p.registry.translateString(TranslatableString.MoveDownButton)} />
);
const CopyButton = (p: IconButtonProps) => <IconButton {...p} icon="⧉" title={p.registry.translateString(TranslatableString.CopyButton)} />;
const RemoveButton = (p: IconButtonProps) => (
  <IconButton {...p} iconType="danger" icon="✕" title={p.registry.translateString(TranslatableString.RemoveButton)} />
);
const ClearButton = (p: IconButtonProps) => (
  <IconButton {...p} icon="✕" title={p.registry.translateString(TranslatableString.ClearButton)} />
);

function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, className, buttonsProps, hasToolbar, registry, uiSchema, index } = props;
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  return (
    <div className={`fl-array-item ${className}`}>
      <div className="fl-array-item__head">
        <span className="fl-array-item__index">#{index + 1}</span>
        {hasToolbar && (
          <div className="fl-array-item__toolbar">
            <Buttons {...buttonsProps} />
          </div>
        )}
      </div>
      <div className="fl-array-item__body">{children}</div>
    </div>
  );
}

export const formTemplates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> & {
  ButtonTemplates: Partial<TemplatesType['ButtonTemplates']>;
} = {
  ArrayFieldItemTemplate,
  FieldTemplate: VisibilityFieldTemplate,
  ButtonTemplates: { AddButton, MoveUpButton, MoveDownButton, CopyButton, RemoveButton, ClearButton },
};
