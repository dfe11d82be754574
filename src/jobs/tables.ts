export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTables {
  /**
   * The durable queue for side effects (mail, webhooks, timers): a job is written in the
   * same transaction as the change that needs it, so accepting data never loses its effects.
   */
  jobs: {
    id: string;
    type: string;
    payload: string;
    status: JobStatus;
    attempts: number;
    max_attempts: number;
    /** When the job is due; while running, when its lease runs out (then anyone may take it over). */
    run_at: string;
    locked_until: string | null;
    /** The worker start (`<name>/<start id>`) that claimed the running job. */
    locked_by: string | null;
    last_error: string | null;
    idempotency_key: string | null;
    created_at: string;
    updated_at: string;
  };
}
