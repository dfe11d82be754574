export const CHANNEL_KINDS = [
  'website',
  'newsletter',
  'in_product',
  'community',
  'sales_outreach',
  'partner',
  'paid',
  'kol',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type ChannelStatus = 'active' | 'archived';

export interface PromotionTables {
  /** A tracked promotion channel of one event; `code` is its short link `/c/<code>`. */
  promotion_channels: {
    id: string;
    event_id: string;
    code: string;
    kind: ChannelKind;
    name: string;
    owner_id: string | null;
    cost_minor: number | null;
    currency: string | null;
    notes: string;
    status: ChannelStatus;
    keeps_attributing: number;
    archived_at: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  /** One landing-page view: a fact, never a counter. */
  promotion_visits: {
    id: string;
    event_id: string;
    channel_id: string | null;
    visitor_id: string | null;
    utm: string | null;
    created_at: string;
  };
}

export type ChannelRow = PromotionTables['promotion_channels'];
