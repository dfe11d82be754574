export interface AnalyticsTables {
  /** A person's choice about the weekly review email; no row = does not receive it. */
  analytics_weekly_email_preferences: {
    user_id: string;
    weekly_email: number;
    updated_at: string;
  };
}
