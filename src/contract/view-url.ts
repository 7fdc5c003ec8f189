/** The incident page's address under PUBLIC_URL (trailing slashes already removed by config.ts). */
export function incidentPageUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl}/incidents/${encodeURIComponent(incidentId)}`;
}

/** The answer with `view_url` when PUBLIC_URL is set; unchanged otherwise. */
export function withViewUrl<T extends { incident_id: string }>(answer: T, publicUrl: string | undefined): T & { view_url?: string } {
  return publicUrl === undefined ? answer : { ...answer, view_url: incidentPageUrl(publicUrl, answer.incident_id) };
}
