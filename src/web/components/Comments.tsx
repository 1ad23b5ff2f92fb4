/** Public feedback on a public project or event: the published comments with answers, and the form. */
export function Comments({ subject, id }: { subject: "project" | "event"; id: string }) {
  void subject;
  void id;
  return null;
}
