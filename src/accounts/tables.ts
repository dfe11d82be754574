export type Role = 'admin' | 'member' | 'sales';

export interface AccountsTables {
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    role: Role;
    locale: 'en' | 'zh-CN';
    created_at: string;
    updated_at: string;
    disabled_at: string | null;
  };
  /** A signed-in browser. `id` is the SHA-256 of the cookie token; the token itself is never stored. */
  user_sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    user_agent: string | null;
  };
  invitations: {
    id: string;
    token_hash: string;
    email: string;
    role: Role;
    invited_by: string;
    created_at: string;
    expires_at: string;
    accepted_at: string | null;
    revoked_at: string | null;
  };
  api_tokens: {
    id: string;
    name: string;
    token_hash: string;
    token_prefix: string;
    scopes: string;
    created_by: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  /** A one-time password-reset link. `token_hash` is the SHA-256 of the link's secret. */
  password_resets: {
    id: string;
    token_hash: string;
    user_id: string;
    /** The administrator who issued it; null when the person asked by email. */
    issued_by: string | null;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
}
