import { FlowDefinition } from '../models/workflow.ts';

/**
 * The flows the leave request and purchase request templates ship with (docs/WORKFLOWS.md walks
 * through both). The field keys default to the templates' own (server/src/templates): `days` on the
 * leave request, `total` (the order total) on the purchase request.
 */

/** Up to 3 days: the direct manager. More: the manager, then the department head, with HR in CC. */
export function leaveRequestFlow(daysField = 'days'): FlowDefinition {
  return FlowDefinition.parse({
    version: 1,
    nodes: [
      {
        id: 'manager',
        type: 'approval',
        name: { en: 'Direct manager', 'zh-Hant': '直屬主管' },
        approvers: [{ kind: 'manager', level: 1 }],
        onEmpty: 'admin',
      },
      {
        id: 'length',
        type: 'branch',
        name: { en: 'Length of leave', 'zh-Hant': '假期長短' },
        branches: [
          {
            id: 'over-3-days',
            name: { en: 'More than 3 days', 'zh-Hant': '多於 3 日' },
            condition: { field: [daysField], op: 'gt', value: 3 },
            nodes: [
              {
                id: 'department-head',
                type: 'approval',
                name: { en: 'Department head', 'zh-Hant': '部門主管' },
                approvers: [{ kind: 'departmentHead' }],
                onEmpty: 'skip',
              },
              {
                id: 'hr',
                type: 'cc',
                name: { en: 'HR', 'zh-Hant': '人力資源部' },
                recipients: [{ kind: 'position', position: 'HR Manager' }],
              },
            ],
          },
          { id: 'up-to-3-days', name: { en: 'Up to 3 days', 'zh-Hant': '3 日或以下' }, condition: null, nodes: [] },
        ],
      },
    ],
  });
}

/** The department head, then, above 10,000 HKD, both finance heads countersign. */
export function purchaseRequestFlow(amountField = 'total'): FlowDefinition {
  return FlowDefinition.parse({
    version: 1,
    nodes: [
      {
        id: 'department-head',
        type: 'approval',
        name: { en: 'Department head', 'zh-Hant': '部門主管' },
        approvers: [{ kind: 'departmentHead' }],
        onEmpty: 'admin',
      },
      {
        id: 'amount',
        type: 'branch',
        name: { en: 'Amount', 'zh-Hant': '金額' },
        branches: [
          {
            id: 'over-10000',
            name: { en: 'Over 10,000 HKD', 'zh-Hant': '超過 10,000 港元' },
            condition: { field: [amountField], op: 'gt', value: 10000 },
            nodes: [
              {
                id: 'finance',
                type: 'approval',
                name: { en: 'Finance countersign', 'zh-Hant': '財務會簽' },
                approvers: [
                  { kind: 'position', position: 'Finance Director' },
                  { kind: 'position', position: 'Financial Controller' },
                ],
                mode: 'all',
                onEmpty: 'admin',
              },
            ],
          },
          { id: 'up-to-10000', name: { en: 'Up to 10,000 HKD', 'zh-Hant': '10,000 港元或以下' }, condition: null, nodes: [] },
        ],
      },
    ],
  });
}
