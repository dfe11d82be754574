/**
 * Offer downloads (issue 12 item 3): one row per contact and offer, whatever the number of
 * downloads (repeats raise `count`); scoring reads these as "offer downloads" facts. The
 * offer itself is the room's (`room_offers`), extended with a file and a pages flag.
 */
export interface OfferTables {
  offer_downloads: {
    offer_id: string;
    contact_id: string;
    registration_id: string;
    event_id: string;
    first_at: string;
    last_at: string;
    count: number;
  };
}
