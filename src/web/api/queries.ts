import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Me } from "./client";
import type { paths } from "./schema";

/** Who is signed in; null for the public. */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET("/api/v1/me"));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export type ProjectQuery = NonNullable<paths["/api/v1/projects"]["get"]["parameters"]["query"]>;
export type EventQuery = NonNullable<paths["/api/v1/events"]["get"]["parameters"]["query"]>;
export type ActorQuery = NonNullable<paths["/api/v1/actors"]["get"]["parameters"]["query"]>;

export function useProjects(query: ProjectQuery, enabled = true) {
  return useQuery({
    queryKey: ["projects", query],
    queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: { limit: 50, ...query } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const useProject = (ref: string) =>
  useQuery({ queryKey: ["project", ref], queryFn: () => unwrap(api.GET("/api/v1/projects/{ref}", { params: { path: { ref } } })) });

export const useMechanisms = () =>
  useQuery({ queryKey: ["mechanisms"], queryFn: () => unwrap(api.GET("/api/v1/mechanisms", { params: { query: { limit: 500 } } })), staleTime: 300_000 });

export const useMechanism = (ref: string | undefined) =>
  useQuery({
    queryKey: ["mechanism", ref],
    queryFn: () => unwrap(api.GET("/api/v1/mechanisms/{ref}", { params: { path: { ref: ref! } } })),
    enabled: !!ref,
    staleTime: 300_000,
  });

export const useCountries = () =>
  useQuery({ queryKey: ["countries"], queryFn: async () => (await unwrap(api.GET("/api/v1/countries"))).items, staleTime: 3_600_000 });

export const useActors = (query: ActorQuery, enabled = true) =>
  useQuery({
    queryKey: ["actors", query],
    queryFn: () => unwrap(api.GET("/api/v1/actors", { params: { query: { limit: 500, ...query } } })),
    staleTime: 300_000,
    enabled,
  });

export const useActor = (ref: string) =>
  useQuery({ queryKey: ["actor", ref], queryFn: () => unwrap(api.GET("/api/v1/actors/{ref}", { params: { path: { ref } } })) });

export const useEvents = (query: EventQuery) =>
  useQuery({
    queryKey: ["events", query],
    queryFn: () => unwrap(api.GET("/api/v1/events", { params: { query: { limit: 500, sort: "date", ...query } } })),
    staleTime: 300_000,
  });

export const usePortfolio = (mechanism: string | undefined) =>
  useQuery({
    queryKey: ["portfolio", mechanism ?? ""],
    queryFn: () => unwrap(api.GET("/api/v1/portfolio", { params: { query: { ...(mechanism ? { mechanism } : {}), currency: "USD" } } })),
  });

/** After signing in or out, everything the caller may see changes. */
export const resetSession = async (qc: QueryClient) => {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
  await qc.invalidateQueries({ queryKey: ["me"] });
};

export type CallQuery = NonNullable<paths["/api/v1/calls"]["get"]["parameters"]["query"]>;
export type ApplicationQuery = NonNullable<paths["/api/v1/applications"]["get"]["parameters"]["query"]>;
export type FundingGapQuery = NonNullable<paths["/api/v1/funding-gap"]["get"]["parameters"]["query"]>;
export type LateReportQuery = NonNullable<paths["/api/v1/reports/late"]["get"]["parameters"]["query"]>;

export const useCalls = (query: CallQuery) =>
  useQuery({ queryKey: ["calls", query], queryFn: () => unwrap(api.GET("/api/v1/calls", { params: { query: { limit: 100, ...query } } })), placeholderData: keepPreviousData });

export const useCall = (ref: string | undefined) =>
  useQuery({ queryKey: ["call", ref], queryFn: () => unwrap(api.GET("/api/v1/calls/{ref}", { params: { path: { ref: ref! } } })), enabled: !!ref });

export const useApplications = (query: ApplicationQuery, enabled = true) =>
  useQuery({ queryKey: ["applications", query], queryFn: () => unwrap(api.GET("/api/v1/applications", { params: { query: { limit: 100, ...query } } })), placeholderData: keepPreviousData, enabled });

export const useApplication = (ref: string) =>
  useQuery({ queryKey: ["application", ref], queryFn: () => unwrap(api.GET("/api/v1/applications/{ref}", { params: { path: { ref } } })) });

export const usePhaseHistory = (ref: string, seq: number, enabled: boolean) =>
  useQuery({
    queryKey: ["phase-history", ref, seq],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{ref}/phases/{seq}/history", { params: { path: { ref, seq } } })),
    enabled,
  });

export const useLateReports = (query: LateReportQuery) =>
  useQuery({ queryKey: ["late-reports", query], queryFn: () => unwrap(api.GET("/api/v1/reports/late", { params: { query: { limit: 200, ...query } } })), placeholderData: keepPreviousData });

export const useExposure = () => useQuery({ queryKey: ["exposure"], queryFn: () => unwrap(api.GET("/api/v1/exposure")) });

export const useFundingGap = (query: FundingGapQuery) =>
  useQuery({ queryKey: ["funding-gap", query], queryFn: () => unwrap(api.GET("/api/v1/funding-gap", { params: { query } })), placeholderData: keepPreviousData });
