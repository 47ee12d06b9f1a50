// Member.lastError is shared by the tagging and the membership passes, which run concurrently in
// separate sync children. Each prefixes its errors with its stage, so each skips (and clears) only
// its own and never undoes what the other recorded.
import type { Prisma } from '../../prisma/generated/client';

export type MemberStage = 'tagging' | 'membership';

export function memberError(stage: MemberStage, message: string): string {
  return `${stage}: ${message}`;
}

/** Members without an error of this stage (NULL-safe: a bare NOT would drop members without errors). */
export function withoutErrorOf(stage: MemberStage): Prisma.MemberWhereInput {
  return { OR: [{ lastError: null }, { NOT: { lastError: { startsWith: `${stage}:` } } }] };
}
