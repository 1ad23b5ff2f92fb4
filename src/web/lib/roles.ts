/** The secretariat and administrators run the mechanism: calls, screening, imports, every project's phases. */
export const isStaff = (role: string | undefined) => role === "admin" || role === "secretariat";
