/**
 * The co-commissioning level a group holds for each function the hub approves (ORG-4): A advisory,
 * B joint, C delegated (A when nothing was set), the body that holds it, and in words who must
 * approve. Business cases read the level through ../../domain/governance/delegation.ts; this file
 * shows and sets it (audited, before and after).
 */
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { CATEGORY_LABELS, DEFAULT_CATEGORY, approversNeeded, type DelegationCategory } from '../../domain/governance/delegation.js';
import { CATEGORIES, CATEGORY_MEANINGS, approverWords } from '../../domain/governance/levels.js';
import type { Party } from '../../domain/plans/parties.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, notFound } from '../http/errors.js';
import { groupOf, invalid } from './common.js';

export interface FunctionLevel {
  code: string;
  name: string;
  description: string;
  category: DelegationCategory;
  categoryLabel: string;
  /** true when no level was set and the default (A) applies */
  isDefault: boolean;
  meaning: string;
  approvers: Party[];
  approversText: string;
  bodyId: number | null;
  bodyName: string | null;
  setBy: string | null;
  setAt: string | null;
}

export interface DelegationTable {
  groupCode: string;
  groupName: string;
  functions: FunctionLevel[];
  categories: { category: DelegationCategory; label: string; meaning: string; approversText: string }[];
}

export async function delegationTable(db: Db, groupCode: string): Promise<DelegationTable> {
  const group = await groupOf(db, groupCode);
  const rows = await db.selectFrom('gov_function as f')
    .leftJoin('gov_delegation as d', (join) => join.onRef('d.function_code', '=', 'f.code').on('d.group_code', '=', groupCode))
    .leftJoin('gov_body as b', 'b.id', 'd.body_id')
    .select(['f.code', 'f.name', 'f.description', 'd.category', 'd.body_id', 'b.name as body_name', 'd.set_by', 'd.set_at'])
    .orderBy('f.sort_order').orderBy('f.code').execute();
  return {
    groupCode: group.code,
    groupName: group.name,
    functions: rows.map((r) => {
      const category = r.category ?? DEFAULT_CATEGORY;
      return {
        code: r.code, name: r.name, description: r.description, category, categoryLabel: CATEGORY_LABELS[category], isDefault: r.category === null,
        meaning: CATEGORY_MEANINGS[category], approvers: approversNeeded(category), approversText: approverWords(category),
        bodyId: r.body_id ?? null, bodyName: r.body_name ?? null, setBy: r.set_by ?? null, setAt: r.set_at ? r.set_at.toISOString() : null,
      };
    }),
    categories: CATEGORIES.map((category) => ({ category, label: CATEGORY_LABELS[category], meaning: CATEGORY_MEANINGS[category], approversText: approverWords(category) })),
  };
}

/** Sets the level (and the body holding it) of one function for a group. */
export async function setDelegation(db: Db, user: AuthenticatedUser, input: { groupCode: string; functionCode: string; category: DelegationCategory; bodyId: number | null }): Promise<FunctionLevel> {
  if (!can(user, 'governance.manage')) throw forbidden('Your role cannot change delegation levels.');
  await db.transaction().execute(async (tx) => {
    await groupOf(tx, input.groupCode);
    const fn = await tx.selectFrom('gov_function').select('code').where('code', '=', input.functionCode).executeTakeFirst();
    if (!fn) throw notFound(`The function ${input.functionCode}`);
    if (input.bodyId !== null) {
      const body = await tx.selectFrom('gov_body').select('group_code').where('id', '=', input.bodyId).executeTakeFirst();
      if (!body || body.group_code !== input.groupCode) throw invalid([{ field: 'bodyId', message: 'Choose one of the group’s own bodies' }], 'The body is not valid.');
    }
    const before = await tx.selectFrom('gov_delegation').select(['category', 'body_id']).where('group_code', '=', input.groupCode).where('function_code', '=', input.functionCode).forUpdate().executeTakeFirst();
    const values = { group_code: input.groupCode, function_code: input.functionCode, category: input.category, body_id: input.bodyId, set_by: user.username, set_at: new Date() };
    await tx.insertInto('gov_delegation').values(values)
      .onConflict((oc) => oc.columns(['group_code', 'function_code']).doUpdateSet({ category: values.category, body_id: values.body_id, set_by: values.set_by, set_at: values.set_at }))
      .execute();
    await recordAudit(tx, {
      actor: user.username, action: 'governance.delegation', entityType: 'gov_delegation', entityId: `${input.groupCode} ${input.functionCode}`,
      details: {
        before: before ? { category: before.category, bodyId: before.body_id } : { category: DEFAULT_CATEGORY, bodyId: null, default: true },
        after: { category: input.category, bodyId: input.bodyId },
      },
    });
  });
  return (await delegationTable(db, input.groupCode)).functions.find((f) => f.code === input.functionCode)!;
}
