/** The secretariat and administrators run the mechanism: calls, screening, imports, every project's phases. */
export const STAFF_ROLES = ["admin", "secretariat"] as const;
export const isStaff = (role: string | undefined) => (STAFF_ROLES as readonly string[]).includes(role ?? "");
