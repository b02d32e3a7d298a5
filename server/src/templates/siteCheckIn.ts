import { defineForm } from './formBuilder.ts';
import type { Template } from './types.ts';

const name = { en: 'Site check-in', 'zh-Hant': '地點簽到' };

/**
 * Field staff check in at a site: the phone's GPS position is measured against the site list (a
 * 300–500 m fence each). The sample sites are in Hong Kong; a newly installed app flags check-ins
 * from elsewhere instead of refusing them, so it can be tried anywhere before its sites are edited.
 */
const siteCheckInForm = defineForm({
  key: 'site-check-in',
  name,
  description: {
    en: 'Check in when you arrive at or leave a site. Your position is read from the phone.',
    'zh-Hant': '到達或離開地點時簽到。位置由手機讀取。',
  },
  fields: {
    visit: {
      type: 'radio',
      title: { en: 'Visit', 'zh-Hant': '到訪' },
      required: true,
      options: [
        { value: 'arrive', title: { en: 'Arriving', 'zh-Hant': '到達' } },
        { value: 'leave', title: { en: 'Leaving', 'zh-Hant': '離開' } },
      ],
    },
    where: {
      type: 'location',
      title: { en: 'Your location', 'zh-Hant': '你的位置' },
      required: true,
      ui: {
        'ui:options': {
          sites: [
            { id: 'tm-depot', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977 },
            { id: 'kb-warehouse', name: { en: 'Kowloon Bay Warehouse', 'zh-Hant': '九龍灣貨倉' }, lat: 22.3236, lng: 114.212, radius: 300 },
            { id: 'kc-terminal', name: { en: 'Kwai Chung Terminal', 'zh-Hant': '葵涌碼頭' }, lat: 22.3445, lng: 114.1249 },
          ],
          outsideFence: 'flag',
          maxAccuracy: 100,
        },
      },
    },
    photo: {
      type: 'photo',
      title: { en: 'Photo of the site (optional)', 'zh-Hant': '地點相片（選填）' },
    },
    note: {
      type: 'textarea',
      title: { en: 'Note', 'zh-Hant': '備註' },
      help: { en: 'Anything the office should know, e.g. a locked gate.', 'zh-Hant': '辦公室需要知道的事，例如閘門上鎖。' },
    },
  },
});

export const siteCheckIn: Template = {
  id: 'site-check-in',
  name,
  description: {
    en: 'Field staff check in and out at sites by GPS; check-ins away from every site are marked for review.',
    'zh-Hant': '外勤人員以 GPS 在地點簽到及簽退；不在任何地點範圍內的簽到會被標記以待覆核。',
  },
  app: {
    name: { en: 'Site visits', 'zh-Hant': '地點到訪' },
    description: { en: 'Check-ins at depots and warehouses.', 'zh-Hant': '倉庫及貨場的簽到記錄。' },
  },
  forms: [siteCheckInForm],
};
