/** Who uses Commissioning Hub (INFO-4). A practice user is bound to one practice. */
export const ROLES = ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  commissioner: 'Commissioning manager',
  finance: 'Finance lead',
  reviewer: 'GP reviewer',
  booking: 'Referral centre',
  board: 'Board member',
  practice: 'Practice',
};

export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** Set for (and only for) the practice role. */
  practiceCode: string | null;
}
