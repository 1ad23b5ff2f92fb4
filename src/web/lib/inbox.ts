import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useMe } from "../api/queries";

/**
 * How many inbox messages the signed-in user has not read (0 for the public), refreshed every
 * minute, for a count beside the navigation's "Inbox". Shares the ["inbox"] key prefix, so marking
 * items read on /inbox refreshes it too.
 */
export function useInboxUnread(): number {
  const me = useMe();
  const q = useQuery({
    queryKey: ["inbox", "unread-count"],
    queryFn: () => unwrap(api.GET("/api/v1/inbox", { params: { query: { limit: 1, unread: "true" } } })),
    enabled: !!me.data,
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
  return me.data ? (q.data?.unread ?? 0) : 0;
}
