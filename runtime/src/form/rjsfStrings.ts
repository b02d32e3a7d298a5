import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils';
import type { Locale } from '../i18n/locale.ts';

type Translate = (str: TranslatableString, params?: string[]) => string;

// rjsf's own UI strings (array buttons, yes/no, empty states). Hong Kong Traditional Chinese; anything not
// listed falls back to rjsf's English.
const ZH_HANT: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '項目',
  [TranslatableString.MissingItems]: '缺少項目定義',
  [TranslatableString.EmptyArray]: '暫時未有項目，請按下面的按鈕新增。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '關閉',
  [TranslatableString.ErrorsLabel]: '錯誤',
  [TranslatableString.NewStringDefault]: '新數值',
  [TranslatableString.AddButton]: '新增',
  [TranslatableString.AddItemButton]: '新增項目',
  [TranslatableString.CopyButton]: '複製',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '移除',
  [TranslatableString.NowLabel]: '現在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '選擇日期',
  [TranslatableString.PreviewLabel]: '預覽',
  [TranslatableString.DecrementAriaLabel]: '減少 1',
  [TranslatableString.IncrementAriaLabel]: '增加 1',
  [TranslatableString.OptionalObjectAdd]: '為選填欄位加入資料',
  [TranslatableString.OptionalObjectRemove]: '移除選填欄位的資料',
  [TranslatableString.OptionalObjectEmptyMsg]: '選填欄位沒有資料',
  [TranslatableString.Type]: '類型',
  [TranslatableString.Value]: '數值',
  [TranslatableString.ClearButton]: '清除輸入',
  [TranslatableString.UnknownFieldType]: '不明的欄位類型 %1',
  [TranslatableString.OptionPrefix]: '選項 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 選項 %2',
  [TranslatableString.KeyLabel]: '%1 鍵',
  [TranslatableString.DeprecatedLabel]: '%1（已停用）',
  [TranslatableString.UnsupportedField]: '不支援的欄位結構。',
  [TranslatableString.FilesInfo]: '**%1**（%2，%3 位元組）',
};

const zhHantTranslator: Translate = (str, params) => replaceStringParameters(ZH_HANT[str] ?? str, params);

/** The `translateString` to hand rjsf for a locale. */
export function rjsfTranslator(locale: Locale): Translate {
  return locale === 'zh-Hant' ? zhHantTranslator : englishStringTranslator;
}

export { ZH_HANT as RJSF_ZH_HANT };
