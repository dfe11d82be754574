/**
 * Registration forms (issue 12 item 1). Answers are keyed by registration and field key;
 * `contact_id` is copied onto each answer so what a contact told us in any event (progressive
 * profiling, scoring's fit facts) is one indexed read. Values are JSON text.
 */
export interface FormTables {
  /** One designed form per event; an event without a row uses the default form. */
  form_definitions: {
    event_id: string;
    definition: string;
    version: number;
    updated_by: string | null;
    updated_at: string;
  };
  /** What a registration answered: one row per field. */
  form_answers: {
    registration_id: string;
    field_key: string;
    event_id: string;
    contact_id: string;
    field_type: string;
    value: string;
    created_at: string;
  };
  /** One row per registration made through a form: which form version, and the marketing opt-in. */
  form_submissions: {
    registration_id: string;
    event_id: string;
    contact_id: string;
    form_version: number;
    marketing_opt_in: number;
    /** The opt-in text shown (null when the form asked none). */
    opt_in_text: string | null;
    created_at: string;
  };
}
