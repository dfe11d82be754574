export type RewardKind = 'offer' | 'replay' | 'custom';

/** Why a referral does not count towards a gate (null: it counts). See rules.ts. */
export type UncountedReason = 'self' | 'same_person' | 'same_device' | 'ip_burst';

export interface ReferralTables {
  /** A registrant's personal invitation link: `/i/<code>` (made the first time it is shown). */
  referral_links: {
    registration_id: string;
    event_id: string;
    code: string;
    created_at: string;
  };
  /**
   * A registration made through someone's invitation link (`registrations.referred_by` says
   * who, for everyone; this row says whether it counts and why not). The address and the
   * device are kept only as keyed hashes, to compare, never to show.
   */
  referrals: {
    registration_id: string;
    event_id: string;
    referrer_id: string;
    counted: number;
    reason: UncountedReason | null;
    ip_key: string;
    device_key: string;
    created_at: string;
  };
  /** "Invite N to unlock": one per event. */
  referral_gates: {
    event_id: string;
    goal: number;
    reward_kind: RewardKind;
    offer_id: string | null;
    reward_text: string | null;
    leaderboard_in_room: number;
    updated_by: string | null;
    updated_at: string;
  };
}
