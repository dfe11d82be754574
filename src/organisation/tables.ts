export interface OrganisationTables {
  organisation_settings: {
    id: string;
    name: string;
    logo_file_id: string | null;
    privacy_url: string | null;
    updated_by: string | null;
    updated_at: string;
  };
}
