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
  /** Set when the account was deleted: name, e-mail and attributes are overwritten. */
  anonymized_at: Generated<string | null>;
  /** When the owner of the address proved it (the link in the confirmation mail); null: not yet. */
  email_confirmed_at: Generated<string | null>;
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

export interface EmailConfirmationsTable {
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
  /** Days after an event's last date after which its orders are anonymized; null: never. */
  retention_days: Generated<number | null>;
  /** IANA zone its events' times are shown in; null: the platform's TIME_ZONE. */
  time_zone: Generated<string | null>;
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
  currency: Generated<string>;
  visibility: Generated<"public" | "unlisted" | "audience">;
  one_order_per_person: Generated<Flag>;
  pending_minutes: Generated<number>;
  /** How many people a buyer may book restricted tickets for, besides themselves (sponsorship). */
  sponsorship_limit: Generated<number>;
  /** Markdown, shown sanitised on the event's pages. */
  description: Generated<string>;
  /** The cover image as resized on upload, base64; its type carries a version ("image/jpeg; v=<hash>"); null: none. */
  cover_type: Generated<string | null>;
  cover_data: Generated<string | null>;
  /** IANA zone of this event's dates; null: its organizer's. */
  time_zone: Generated<string | null>;
  /** 1: orders placed now are test orders (flagged, left out of sales, deletable). */
  test_mode: Generated<Flag>;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
  /** Where it takes place: name and address, a few lines as written; "": not given. */
  venue: Generated<string>;
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
  name: string | null;
  requires_voucher: Generated<Flag>;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
  /** This date's own venue (a series on tour); null: the event's. */
  venue: Generated<string | null>;
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

export interface TicketTypesTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  price_minor: number;
  restricted: Flag;
  sales_start: string | null;
  sales_end: string | null;
  max_per_order: number | null;
  requires_voucher: Flag;
  allow_sponsorship: Flag;
  created_at: string;
  template_key: string | null;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
}

export interface TicketTypeAudiencesTable {
  id: Generated<number>;
  ticket_type_id: number;
  school: string | null;
  class_year: number | null;
  membership: string | null;
}

export interface QuotasTable {
  id: Generated<number>;
  event_id: number;
  date_id: number | null;
  name: string;
  size: number;
  taken: Generated<number>;
  created_at: string;
}

export interface QuotaTicketTypesTable {
  quota_id: number;
  ticket_type_id: number;
}

export type VoucherPriceMode = "none" | "free" | "fixed" | "discount" | "percent";

export interface VouchersTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  date_id: number | null;
  ticket_type_id: number | null;
  max_usages: number;
  used: Generated<number>;
  valid_until: string | null;
  price_mode: VoucherPriceMode;
  value_minor: number;
  created_at: string;
}

export type OrderStatus = "pending" | "paid" | "cancelled" | "expired" | "opposed";

export interface OrdersTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  user_id: number | null;
  email: string;
  status: OrderStatus;
  total_minor: number;
  currency: string;
  voucher_id: number | null;
  voucher_uses: number;
  expires_at: string | null;
  created_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
  opposed_at: string | null;
  locale: string | null;
  /** Set when the buyer's personal data was overwritten (account deletion or retention). */
  anonymized_at: Generated<string | null>;
  /** 1: placed while its event was in test mode; stays so when test mode is switched off. */
  test_mode: Generated<Flag>;
}

export interface OrderPositionsTable {
  id: Generated<number>;
  order_id: number;
  ticket_type_id: number;
  date_id: number | null;
  price_minor: number;
  attendee_name: string | null;
  secret: string;
  created_at: string;
  /** Set when the attendee's data was overwritten; such a ticket no longer admits anyone. */
  anonymized_at: Generated<string | null>;
  /** The short code printed under the QR (8 readable characters, stored ungrouped); unique. Set on
   * every insert; null only for rows written by hand outside the app. */
  ticket_code: string | null;
  /** The price before any voucher (options included), as shown at booking; null: booked before it was kept. */
  list_price_minor: Generated<number | null>;
}

export interface OptionGroupsTable {
  id: Generated<number>;
  ticket_type_id: number;
  name: string;
  created_at: string;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
}

export interface TicketTypeOptionsTable {
  id: Generated<number>;
  ticket_type_id: number;
  /** null: an independent checkbox; else one of the group's mutually exclusive choices. */
  group_id: number | null;
  name: string;
  price_minor: number;
  created_at: string;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
}

/** What a position chose, copied at booking time (name and price never change afterwards). */
export interface OrderPositionOptionsTable {
  position_id: number;
  option_id: number;
  name: string;
  price_minor: number;
}

export interface OrderQuotaTakesTable {
  order_id: number;
  quota_id: number;
  count: number;
}

export interface OrderHoldersTable {
  event_id: number;
  user_id: number;
  order_id: number;
}

export interface OrderLogTable {
  id: Generated<number>;
  order_id: number;
  actor: string;
  action: string;
  details: string;
  created_at: string;
}

export type InformationKind = "text" | "number" | "choice" | "date" | "file" | "boolean";
export type InformationBlocks = "payment" | "admission";

/** Required information asked per ticket type (seed 003); the kind is fixed at creation. */
export interface InformationFieldsTable {
  id: Generated<number>;
  ticket_type_id: number;
  label: string;
  kind: InformationKind;
  required: Flag;
  /** What stays blocked until the value is filled: paying, or being admitted. */
  blocks: InformationBlocks;
  /** JSON array of strings (choice fields), else null. */
  choices: string | null;
  /** File fields: largest accepted upload in bytes. */
  max_bytes: number | null;
  /** File fields: JSON array of accepted MIME types. */
  allowed_types: string | null;
  created_at: string;
  /** JSON {"de":{"name":"…"},…}: this row's texts per language; null: only the text as entered. */
  translations: Generated<string | null>;
}

/** A filled value per (position, field); file bytes live on disk under DATA_DIR/uploads/<file_key>. */
export interface InformationValuesTable {
  position_id: number;
  field_id: number;
  value: string | null;
  file_key: string | null;
  file_type: string | null;
  file_size: number | null;
  file_name: string | null;
  updated_at: string;
  updated_by: string;
  validated_at: string | null;
  validated_by: string | null;
}

export interface Database {
  users: UsersTable;
  user_memberships: UserMembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  email_confirmations: EmailConfirmationsTable;
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
  ticket_types: TicketTypesTable;
  ticket_type_audiences: TicketTypeAudiencesTable;
  quotas: QuotasTable;
  quota_ticket_types: QuotaTicketTypesTable;
  vouchers: VouchersTable;
  orders: OrdersTable;
  order_positions: OrderPositionsTable;
  order_quota_takes: OrderQuotaTakesTable;
  order_log: OrderLogTable;
  order_holders: OrderHoldersTable;
  option_groups: OptionGroupsTable;
  ticket_type_options: TicketTypeOptionsTable;
  order_position_options: OrderPositionOptionsTable;
  information_fields: InformationFieldsTable;
  information_values: InformationValuesTable;
  payment_accounts: PaymentAccountsTable;
  event_payment_accounts: EventPaymentAccountsTable;
  payments: PaymentsTable;
  payment_notifications: PaymentNotificationsTable;
  exports: ExportsTable;
  checkin_lists: CheckinListsTable;
  checkin_list_ticket_types: CheckinListTicketTypesTable;
  checkin_claims: CheckinClaimsTable;
  checkin_scans: CheckinScansTable;
  revoked_secrets: RevokedSecretsTable;
  bbb_servers: BbbServersTable;
  rooms: RoomsTable;
  ticket_states: TicketStatesTable;
  ticket_transitions: TicketTransitionsTable;
  sync_cursors: SyncCursorsTable;
  wallet_settings: WalletSettingsTable;
  wallet_outbox: WalletOutboxTable;
  municipalities: MunicipalitiesTable;
  registration_forms: RegistrationFormsTable;
  guests: GuestsTable;
  partner_clients: PartnerClientsTable;
  partner_client_municipalities: PartnerClientMunicipalitiesTable;
  experience_programmes: ExperienceProgrammesTable;
  exhibitors: ExhibitorsTable;
  experiences: ExperiencesTable;
  experience_slots: ExperienceSlotsTable;
  ticket_sources: TicketSourcesTable;
  experience_tickets: ExperienceTicketsTable;
  experience_bookings: ExperienceBookingsTable;
  platform_settings: PlatformSettingsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  waiting_rooms: WaitingRoomsTable;
  waiting_room_places: WaitingRoomPlacesTable;
}

export type EntryPolicy = "once" | "daily" | "unlimited";

export interface CheckinListsTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  date_id: number | null;
  entry_policy: EntryPolicy;
  exit_required: Generated<Flag>;
  created_at: string;
}

export interface CheckinListTicketTypesTable {
  list_id: number;
  ticket_type_id: number;
}

export interface CheckinClaimsTable {
  list_id: number;
  position_id: number;
  slot: string;
  created_at: string;
}

export interface CheckinScansTable {
  id: Generated<number>;
  list_id: number;
  position_id: number | null;
  type: "entry" | "exit";
  status: "ok" | "error";
  reason: string | null;
  nonce: string | null;
  device: string;
  answer: string;
  scanned_at: string;
}

export interface RevokedSecretsTable {
  secret: string;
  position_id: number;
  revoked_at: string;
}

export type PaymentProvider = "free" | "manual" | "paypal" | "lydia" | "stripe";
export type PaymentStatus =
  | "created"
  | "pending"
  | "completed"
  | "failed"
  | "cancelled"
  | "refunded"
  | "reversed";

export interface PaymentAccountsTable {
  id: Generated<number>;
  organizer_id: number;
  provider: Exclude<PaymentProvider, "free">;
  description: string;
  /** JSON: receiver e-mail, endpoint URLs, transfer instructions. */
  settings: string;
  /** Provider secrets sealed with the platform key (see platform/crypto sealing). */
  sealed_secrets: string | null;
  created_at: string;
  retired_at: string | null;
  /** 1: ticked on every event its organizer creates. */
  is_default: Generated<Flag>;
}

export interface EventPaymentAccountsTable {
  event_id: number;
  account_id: number;
  position: Generated<number>;
}

export interface PaymentsTable {
  id: Generated<number>;
  order_id: number;
  account_id: number | null;
  provider: PaymentProvider;
  status: PaymentStatus;
  amount_minor: number;
  currency: string;
  reference: string | null;
  details: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface PaymentNotificationsTable {
  id: Generated<number>;
  provider: string;
  order_id: number | null;
  payment_id: number | null;
  raw: string;
  verification: string;
  outcome: string;
  dedupe_key: string | null;
  received_at: string;
}

export type ExportFormat = "pdf" | "xlsx" | "zip" | "tar.gz";

export interface ExportsTable {
  id: Generated<number>;
  event_id: number;
  list: "pending" | "paid";
  format: ExportFormat;
  status: "queued" | "running" | "done" | "failed";
  done_count: Generated<number>;
  total_count: Generated<number>;
  file_key: string | null;
  file_size: number | null;
  error: string | null;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface BbbServersTable {
  id: Generated<number>;
  organizer_id: number;
  name: string;
  /** The API base, e.g. https://bbb.example.org/bigbluebutton/api/ */
  url: string;
  sealed_secret: string;
  created_at: string;
}

export interface RoomsTable {
  id: Generated<number>;
  organizer_id: number;
  server_id: number;
  slug: string;
  name: string;
  meeting_id: string;
  /** Label of the information field holding the call sign, if any. */
  call_sign_field: string | null;
  /** Label of the information field holding the video consent, if any. */
  video_consent_field: string | null;
  created_at: string;
}

export interface TicketStatesTable {
  position_id: number;
  organizer_id: number;
  business_status: string;
  family: string;
  /** SHA-256 of the secret the tracker last saw: a new one means the ticket was reprinted. */
  secret_hash: string;
  /** The wallet provider's status; null = never sent ("not applicable"). */
  wallet_status: string | null;
  wallet_holder: string | null;
  wallet_legacy_status: string | null;
  wallet_action: string | null;
  wallet_state: string | null;
  updated_at: string;
}

export interface TicketTransitionsTable {
  id: Generated<number>;
  position_id: number;
  /** "business" (Tessera's lifecycle) or "wallet" (the provider's status). */
  kind: string;
  from_status: string | null;
  to_status: string;
  cause: string;
  /** 0 = refused as illegal and only logged. */
  applied: Flag;
  created_at: string;
}

export interface SyncCursorsTable {
  name: string;
  value: string;
  last_run_at: string | null;
  last_count: Generated<number>;
  total_count: Generated<number>;
  last_error: string | null;
}

export interface WalletSettingsTable {
  organizer_id: number;
  provider_url: string | null;
  sealed_api_key: string | null;
  custom_parameters: Generated<string>;
  batch_size: Generated<number>;
  webhook_url: string | null;
  sealed_webhook_secret: string | null;
  updated_at: string;
}

export interface WalletOutboxTable {
  id: Generated<number>;
  organizer_id: number;
  position_id: number;
  /** inject, control, invalidate, cancel */
  action: string;
  created_at: string;
  sent_at: string | null;
}

/** Guest cards (seed 001): ids of municipalities are given (the partners' numbering), not generated. */
export interface MunicipalitiesTable {
  id: number;
  organizer_id: number;
  name: string;
  created_at: string;
}

export interface RegistrationFormsTable {
  id: Generated<number>;
  organizer_id: number;
  municipality_id: number;
  number: string;
  /** YYYY-MM-DD */
  arrival_date: string;
  departure_date: string;
  travel_days: number;
  overnight_stays: number;
  status: "active" | "cancelled";
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}

export interface GuestsTable {
  id: Generated<number>;
  form_id: number;
  position: number;
  first_name: string;
  last_name: string;
  email: string;
  tariff_id: number;
  tariff_alias: string;
  /** 8 random characters of abcdefghjkmnpqrstuvwxyz1234567890, globally unique. */
  auth_code: string;
  created_at: string;
}

export interface PartnerClientsTable {
  id: Generated<number>;
  organizer_id: number;
  username: string;
  password_hash: string;
  created_at: string;
  last_login_at: string | null;
  disabled_at: string | null;
}

export interface PartnerClientMunicipalitiesTable {
  client_id: number;
  municipality_id: number;
}
export interface ExperienceProgrammesTable {
  id: Generated<number>;
  event_id: number;
  embed_origins: Generated<string>;
  guest_name: Generated<"optional" | "required">;
  guest_email: Generated<"optional" | "required">;
  created_at: string;
}

export interface ExhibitorsTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  email: string;
  user_id: number | null;
  invite_token_hash: string | null;
  invite_expires_at: string | null;
  created_at: string;
  accepted_at: string | null;
}

export interface ExperiencesTable {
  id: Generated<number>;
  event_id: number;
  exhibitor_id: number | null;
  title: string;
  description: Generated<string>;
  location: string | null;
  language: string | null;
  image_type: string | null;
  image_data: string | null;
  created_at: string;
}

export interface ExperienceSlotsTable {
  id: Generated<number>;
  experience_id: number;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: Generated<number>;
  created_at: string;
}

export interface TicketSourcesTable {
  id: Generated<number>;
  event_id: number;
  type: "http" | "tessera";
  name: string;
  settings: string;
  sealed_headers: string | null;
  allowances: string;
  created_at: string;
  retired_at: string | null;
}

export interface ExperienceTicketsTable {
  event_id: number;
  ticket_number: string;
  source_id: number | null;
  kind: string;
  allowance: number;
  booked: Generated<number>;
  code_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExperienceBookingsTable {
  id: Generated<number>;
  event_id: number;
  slot_id: number;
  ticket_number: string;
  kind: string;
  name: string | null;
  email: string | null;
  created_at: string;
  cancelled_at: string | null;
}
export interface PlatformSettingsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** Who viewed or exported personal data: ids only, never names. */
export interface AuditLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  subject: string;
  organizer_id: number | null;
  created_at: string;
}

/** Idempotency keys of API writes: hashes, an HMAC and a sealed answer; nothing readable without the key. */
export interface IdempotencyKeysTable {
  scope: string;
  key_hash: string;
  fingerprint: string;
  state: "in_progress" | "done";
  owner: string;
  status: number | null;
  response: string | null;
  claimed_at: string;
  created_at: string;
}

/** An event's waiting room: its settings and the admission counter every process advances. */
export interface WaitingRoomsTable {
  event_id: number;
  enabled: Flag;
  opens_at: string;
  admit_per_minute: number;
  pass_minutes: number;
  admitted: Generated<number>;
  clock: string;
  updated_at: string;
}

/** A place in a waiting room: the id is the arrival order; no personal data (hashes only). */
export interface WaitingRoomPlacesTable {
  id: Generated<number>;
  event_id: number;
  client_hash: string;
  client_slot: number;
  token_hash: string;
  joined_at: string;
  admitted_at: string | null;
  used_at: string | null;
  order_id: number | null;
}
