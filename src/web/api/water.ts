import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";
import type { paths } from "./schema";

// Reads of the transboundary-water data (TFDD): basins, organisations, treaties, BAR intensity.

export type WaterBasin = Schemas["WaterBasin"];
export type RiverBasinOrganisation = Schemas["RiverBasinOrganisation"];
export type WaterTreaty = Schemas["WaterTreaty"];
export type WaterIntensityYear = Schemas["WaterIntensityYear"];
export type RboQuery = NonNullable<paths["/api/v1/water/rbos"]["get"]["parameters"]["query"]>;
export type TreatyQuery = NonNullable<paths["/api/v1/water/treaties"]["get"]["parameters"]["query"]>;

export const useWaterBasins = () =>
  useQuery({ queryKey: ["water-basins"], queryFn: async () => (await unwrap(api.GET("/api/v1/water/basins"))).items, staleTime: 300_000 });

export const useWaterIntensity = (query: { basin?: string; mechanism?: string }, enabled = true) =>
  useQuery({
    queryKey: ["water-intensity", query],
    queryFn: async () => (await unwrap(api.GET("/api/v1/water/intensity", { params: { query } }))).items,
    staleTime: 300_000,
    enabled,
  });

export const useRbos = (query: RboQuery) =>
  useQuery({ queryKey: ["water-rbos", query], queryFn: () => unwrap(api.GET("/api/v1/water/rbos", { params: { query } })), placeholderData: keepPreviousData });

export const useTreaties = (query: TreatyQuery) =>
  useQuery({ queryKey: ["water-treaties", query], queryFn: () => unwrap(api.GET("/api/v1/water/treaties", { params: { query } })), placeholderData: keepPreviousData });
