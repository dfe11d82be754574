import type { StaffClient } from './harness.js';

/**
 * A 1×1 transparent PNG, the smallest real image (written by sharp). The one before had a
 * damaged IDAT chunk, which uploads refuse since they are decoded.
 */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b0000000d494441540899636060606000000005000187a14ed40000000049454e44ae426082',
  'hex',
);

export const eventInput = (over: Record<string, unknown> = {}) => ({
  title: 'From 0 to 1: B2B Live Ops',
  summary: 'How to run a webinar programme that produces pipeline.',
  topic: 'B2B webinars',
  target_audience: 'Marketing leaders',
  pain_point: 'Webinars that produce no leads',
  why_now: 'Budgets moved online',
  format: 'slides_speaker',
  language: 'en',
  timezone: 'Asia/Shanghai',
  starts_at: '2030-12-10T14:00',
  ends_at: '2030-12-10T15:30',
  ...over,
});

export async function createEvent(client: StaffClient, over: Record<string, unknown> = {}) {
  const res = await client.request({ method: 'POST', url: '/api/v1/events', payload: eventInput(over) });
  if (res.statusCode !== 200) throw new Error(`create event failed: ${res.body}`);
  return res.json().event as { id: string; slug: string; status: string };
}

export async function publish(client: StaffClient, id: string) {
  const res = await client.request({
    method: 'POST',
    url: `/api/v1/events/${id}/status`,
    payload: { to: 'scheduled' },
  });
  if (res.statusCode !== 200) throw new Error(`publish failed: ${res.body}`);
}

/** A multipart/form-data body with one file field. */
export function multipartFile(bytes: Buffer, filename = 'cover.png', type = 'image/png') {
  const boundary = `----leadcast${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
