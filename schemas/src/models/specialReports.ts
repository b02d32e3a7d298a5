import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { StockItem, StockZone } from './stock.ts';

/**
 * The special reports some forms have besides their automatic report (server/src/services/specialReports):
 * the HR health declaration's day, the stock ledger's inventory and an approval flow's figures.
 * Each answers `404 report_not_available` for a form that does not qualify.
 */

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.');
/** A name in both languages; `zh-Hant` null when it does not differ (show `en`). */
export const SpecialLabel = z.object({ en: z.string(), 'zh-Hant': z.string().nullable() });
export type SpecialLabel = z.infer<typeof SpecialLabel>;

// ---------------------------------------------------------------------------------------------
// Health declarations.

/**
 * The form-level setting that makes a form a health declaration (uiSchema root
 * `ui:options.healthReport`): which top-level fields hold the temperature (a number) and the
 * symptoms (a multi-select or a single choice), the value meaning "no symptoms", and the
 * temperature that counts as a fever (at or above).
 */
export const HealthReportOptions = z
  .object({
    temperature: z.string().min(1).max(200),
    symptoms: z.string().min(1).max(200),
    noSymptoms: z.string().min(1).max(200).default('none'),
    feverFrom: z.number().min(30).max(45).default(37.5),
  })
  .strict();
export type HealthReportOptions = z.infer<typeof HealthReportOptions>;

export const HealthReportQuery = z.object({
  date: LocalDate.optional().describe("The day (the form's schedule time zone); default today"),
});

const HealthCounts = z.object({
  /** People the day's period asked (null: the form has no schedule, so nobody is "expected"). */
  expected: z.number().int().nullable(),
  /** People who declared on the day (once each, however often they submitted). */
  declared: z.number().int(),
  /** Asked and not declared (null without a schedule). */
  notDeclared: z.number().int().nullable(),
  /** Declared after the period's deadline (null without a schedule). */
  late: z.number().int().nullable(),
  /** Declared any symptom other than the "no symptoms" answer. */
  withSymptoms: z.number().int(),
  /** Declared a temperature at or above `feverFrom`. */
  fever: z.number().int(),
});

export const HealthPerson = z.object({
  userId: Id,
  name: z.string(),
  departmentId: Id.nullable(),
});
export type HealthPerson = z.infer<typeof HealthPerson>;

export const HealthFollowUp = HealthPerson.extend({
  submissionId: Id,
  submittedAt: Timestamp,
  temperature: z.number().nullable(),
  /** The symptom values declared (option titles in `symptomLabels`). */
  symptoms: z.array(z.string()),
  fever: z.boolean(),
});
export type HealthFollowUp = z.infer<typeof HealthFollowUp>;

export const HealthReport = z
  .object({
    formId: Id,
    date: LocalDate,
    timezone: z.string(),
    /** The form has a schedule (so expected / not declared / late mean something). */
    scheduled: z.boolean(),
    feverFrom: z.number(),
    totals: HealthCounts,
    /** One row per department of the people involved; `departmentId` null is "No department". */
    departments: z.array(HealthCounts.extend({ departmentId: Id.nullable(), name: SpecialLabel.nullable() })),
    notDeclared: z.array(HealthPerson),
    late: z.array(HealthPerson.extend({ submittedAt: Timestamp.nullable() })),
    /** Fever or symptoms, for follow-up: highest temperature first. */
    followUp: z.array(HealthFollowUp),
    /** The 30 days ending with `date`, oldest first. */
    trend: z.array(HealthCounts.omit({ notDeclared: true }).extend({ date: LocalDate })),
    /** Titles of the symptom options, by value. */
    symptomLabels: z.record(z.string(), SpecialLabel),
    computedAt: Timestamp,
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof HealthReport>;

export const SpecialExportQuery = HealthReportQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

// ---------------------------------------------------------------------------------------------
// Inventory.

export const InventoryReport = z
  .object({
    formId: Id,
    timezone: z.string(),
    /** On-hand per item and zone, with the item's unit price (null when it has none) and value = on-hand × price, exact to the cent. */
    levels: z.array(
      z.object({ item: StockItem, zone: StockZone, onHand: z.number(), unitPrice: z.number().nullable(), value: z.number().nullable() }),
    ),
    /** Items whose on-hand in all zones is at or below their reorder point (never-stocked items included), most short first. */
    lowStock: z.array(z.object({ item: StockItem, onHand: z.number(), reorderPoint: z.number() })),
    /** The last 30 days (oldest first), per day and movement type: movements, quantity in and out (positive numbers). */
    movements: z.array(
      z.object({ date: LocalDate, movementType: z.string(), movements: z.number().int(), quantityIn: z.number(), quantityOut: z.number() }),
    ),
    value: z.object({
      total: z.number(),
      byZone: z.array(z.object({ zone: StockZone, value: z.number() })),
      /** Item–zone pairs holding stock whose item has no unit price (not in the value). */
      unpriced: z.number().int(),
    }),
    computedAt: Timestamp,
  })
  .meta({ id: 'InventoryReport' });
export type InventoryReport = z.infer<typeof InventoryReport>;

// ---------------------------------------------------------------------------------------------
// Approvals.

export const ApprovalsReportQuery = z.object({
  from: LocalDate.optional().describe('Tasks activated on or after this day (Asia/Hong_Kong)'),
  to: LocalDate.optional().describe('Tasks activated on or before this day'),
});

export const ApprovalsReport = z
  .object({
    formId: Id,
    from: LocalDate.nullable(),
    to: LocalDate.nullable(),
    pendingByApprover: z.array(z.object({ userId: Id, name: z.string(), pending: z.number().int(), oldestSince: Timestamp.nullable() })),
    /** acted_at − activated_at of the tasks acted on (approved, rejected, returned, transferred), in hours. */
    nodes: z.array(
      z.object({ nodeId: z.string(), name: SpecialLabel, acted: z.number().int(), averageHours: z.number(), p90Hours: z.number() }),
    ),
    /** Submissions by flow status; rates are over those decided (approved + rejected), null when none was. */
    outcomes: z.object({
      total: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      approvalRate: z.number().nullable(),
      rejectionRate: z.number().nullable(),
    }),
    /** Pending tasks past their time limit, longest overdue first. */
    overdue: z.array(
      z.object({
        taskId: Id,
        submissionId: Id,
        userId: Id,
        name: z.string(),
        nodeId: z.string(),
        nodeName: SpecialLabel,
        since: Timestamp.nullable(),
        dueAt: Timestamp,
      }),
    ),
    computedAt: Timestamp,
  })
  .meta({ id: 'ApprovalsReport' });
export type ApprovalsReport = z.infer<typeof ApprovalsReport>;
