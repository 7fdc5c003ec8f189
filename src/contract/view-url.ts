/** The incident page's address under PUBLIC_URL (trailing slashes already removed by config.ts). */
export function incidentPageUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl}/incidents/${encodeURIComponent(incidentId)}`;
}

/**
 * The answer with `view_url` when PUBLIC_URL is set; unchanged otherwise, and unchanged when it
 * has it already (a detection thread renders answers with it: rendered-answer.ts).
 */
export function withViewUrl<T extends { incident_id: string }>(answer: T, publicUrl: string | undefined): T & { view_url?: string } {
  if (publicUrl === undefined) return answer;
  const url = incidentPageUrl(publicUrl, answer.incident_id);
  return (answer as { view_url?: unknown }).view_url === url ? answer : { ...answer, view_url: url };
}
