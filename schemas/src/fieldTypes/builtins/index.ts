/** Every built-in field type, in palette order (category by category). */
import type { FieldTypeDefinition } from '../types.ts';
import { basicFieldTypes } from './basic.ts';
import { choiceFieldTypes } from './choice.ts';
import { datetimeFieldTypes } from './datetime.ts';
import { mediaFieldTypes } from './media.ts';
import { layoutFieldTypes } from './layout.ts';
import { advancedFieldTypes } from './advanced.ts';

export { HK_PHONE_PATTERN, HKID_PATTERN, MULTIPLE_OF_PRECISION } from './basic.ts';

export const builtInFieldTypes: readonly FieldTypeDefinition[] = [
  ...basicFieldTypes,
  ...choiceFieldTypes,
  ...datetimeFieldTypes,
  ...mediaFieldTypes,
  ...layoutFieldTypes,
  ...advancedFieldTypes,
];
