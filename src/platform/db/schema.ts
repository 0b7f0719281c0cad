import type { Generated } from "kysely";

/** 0/1 on both databases; normalise with `Boolean()` when reading. */
export type Flag = number;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  kind: "internal" | "external";
  is_platform_admin: Flag;
  locale: string | null;
  school: string | null;
  class_year: number | null;
  created_at: string;
  last_login_at: string | null;
}

export interface UserMembershipsTable {
  user_id: number;
  association: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  /** sha256 of the lowercased e-mail or of the client address: no personal data at rest. */
  key_hash: string;
  attempted_at: string;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface OrganizersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
}

export interface OrganizerMembersTable {
  organizer_id: number;
  user_id: number;
  role: "owner" | "member";
  created_at: string;
}

export interface InvitationsTable {
  id: Generated<number>;
  organizer_id: number;
  email: string;
  role: "owner" | "member";
  token_hash: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export type AdminLevel = "view" | "checkin" | "orders" | "full";

export interface EventAdminGrantsTable {
  id: Generated<number>;
  organizer_id: number;
  /** null: every event of the organizer. */
  event_id: number | null;
  level: AdminLevel;
  grantee: "user" | "members" | "audience";
  user_id: number | null;
  audience_school: string | null;
  audience_class_year: number | null;
  audience_membership: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  organizer_id: number;
  name: string;
  token_hash: string;
  level: AdminLevel;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EventsTable {
  id: Generated<number>;
  organizer_id: number;
  slug: string;
  name: string;
  kind: "single" | "series";
  created_at: string;
}

export interface EventDatesTable {
  id: Generated<number>;
  event_id: number;
  starts_at: string;
  ends_at: string | null;
  location: string | null;
  /** JSON object of free key/values (e.g. a room link). */
  metadata: string;
  created_at: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlatformSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  user_memberships: UserMembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  login_attempts: LoginAttemptsTable;
  setup_tokens: SetupTokensTable;
  organizers: OrganizersTable;
  organizer_members: OrganizerMembersTable;
  invitations: InvitationsTable;
  event_admin_grants: EventAdminGrantsTable;
  api_tokens: ApiTokensTable;
  events: EventsTable;
  event_dates: EventDatesTable;
  jobs: JobsTable;
  platform_secrets: PlatformSecretsTable;
}
